import { signal } from "@preact/signals";
import type { GmailThreadCheck } from "../shared/messages.ts";
import type { Send } from "../ui/send-message.ts";
import { failed } from "./store.ts";

/** The sidebar's "Add this thread to Sightline" card. */
export type ThreadCardView =
  | { kind: "checking" }
  | ({ kind: "ready" } & GmailThreadCheck)
  | { kind: "adding" }
  | { kind: "added"; summary: string }
  | { kind: "signedOut" }
  | { kind: "error"; message: string };

export type EmailThreadStore = ReturnType<typeof createEmailThreadStore>;

/**
 * The open Gmail thread's card. The background reads the thread in this tab and answers what it
 * needs and words it (handlers/gmail-thread.ts); this keeps only the session state: which thread versions (id +
 * message count) were auto-captured already, so coming back to a thread does not send it again.
 * Answers for a thread no longer open are dropped.
 */
export function createEmailThreadStore(send: Send) {
  const view = signal<ThreadCardView | null>(null);
  const captured = new Set<string>();
  let seq = 0;

  async function add(auto: boolean, mine = ++seq): Promise<void> {
    view.value = { kind: "adding" };
    const answer = await send({ type: "addGmailThread", auto });
    if (mine === seq) view.value = answer.ok ? { kind: "added", summary: answer.value.summary } : failed(answer.error);
  }

  return {
    view,
    /** A thread opened (or the session changed): ask about it, and capture it if the organization says so. */
    async open(): Promise<void> {
      const mine = ++seq;
      view.value = { kind: "checking" };
      const check = await send({ type: "checkGmailThread" });
      if (mine !== seq) return;
      if (!check.ok) view.value = failed(check.error);
      else if (!check.value) view.value = null;
      else {
        const { threadId, readable, storedCount, capture } = check.value;
        const version = `${threadId}#${readable}`;
        if (capture && (storedCount ?? 0) < readable && !captured.has(version)) {
          captured.add(version);
          return add(true, mine);
        }
        view.value = { kind: "ready", ...check.value };
      }
    },
    /** "Add this thread to Sightline" (also "Try again"): the background reads the page again first. */
    add: () => add(false),
  };
}
