import { signal } from "@preact/signals";
import type { Period } from "@sightline/shared";
import { type AccountView, loadAccountOverview } from "../ui/account-view.ts";
import type { Send } from "../ui/send-message.ts";

export const OVERVIEW_DEFAULT_PERIOD: Period = "90d";

/**
 * overview.html?accountId=…: one account's view, driven by an account id instead of a host page. The
 * first answer carries the account itself; a period change keeps the shown overview until the new one
 * lands (stale-while-revalidate included, through loadAccountOverview like the sidebar).
 */
export function createOverviewPageStore(deps: { send: Send; accountId: string | null }) {
  const view = signal<AccountView>({ kind: "loading", lookedUp: "the account" });
  const period = signal<Period>(OVERVIEW_DEFAULT_PERIOD);
  let seq = 0;

  function show(mine: number) {
    return (next: AccountView) => {
      if (mine === seq) view.value = next;
    };
  }

  async function load(): Promise<void> {
    const mine = ++seq;
    if (!deps.accountId) {
      view.value = { kind: "error", message: "This page needs an account: open it from the Sightline popup." };
      return;
    }
    const shown = view.value;
    view.value =
      shown.kind === "ready"
        ? { ...shown, updating: true, error: undefined }
        : { kind: "loading", lookedUp: "the account" };
    const current = view.value;
    await loadAccountOverview(
      deps.send,
      {
        accountId: deps.accountId,
        period: period.value,
        account: current.kind === "ready" ? current.account : null,
        shown: current.kind === "ready" ? current.overview : null,
      },
      show(mine),
      () => mine !== seq,
    );
  }

  return {
    view,
    period,
    load,
    setPeriod(next: Period): Promise<void> {
      period.value = next;
      return load();
    },
    /** An e-mail source (it names its message) opens the message with the quote marked. */
    openTranscript: (conversationId: string, t: number | null, messageId?: string, quote: string | null = null) =>
      deps.send(
        messageId
          ? { type: "openEmailMessage", conversationId, messageId, quote }
          : { type: "openTranscript", conversationId, t },
      ),
    openSignIn: () => deps.send({ type: "openSignIn" }),
  };
}

export type OverviewPageStore = ReturnType<typeof createOverviewPageStore>;
