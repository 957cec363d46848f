import { batch, signal } from "@preact/signals";
import type { AccountListItem } from "@sightline/shared";
import type { Failure } from "../shared/messages.ts";
import type { Send } from "../ui/send-message.ts";
import type { Loadable } from "./store.ts";

/**
 * An account chosen by searching (name or domain) and then picking from a native select, which is
 * labelled and keyboard operable as it is. Used where one account is the target of an action.
 */
export function createAccountChoice(send: Send, failureText: (error: Failure) => string | null) {
  const query = signal("");
  const matches = signal<Loadable<AccountListItem[]> | null>(null);
  let ticket = 0;

  return {
    query,
    matches,
    async search(q: string) {
      const mine = ++ticket;
      batch(() => {
        query.value = q;
        matches.value = q.trim() === "" ? null : { status: "loading" };
      });
      if (q.trim() === "") return;
      const answer = await send({ type: "searchAccounts", q });
      if (mine !== ticket) return;
      if (answer.ok) matches.value = { status: "ready", value: answer.value.accounts };
      else {
        const text = failureText(answer.error);
        if (text) matches.value = { status: "error", message: text };
      }
    },
    reset() {
      ticket++;
      batch(() => {
        query.value = "";
        matches.value = null;
      });
    },
  };
}

export type AccountChoice = ReturnType<typeof createAccountChoice>;
