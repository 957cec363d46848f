import type { Account, AccountOverview, Period } from "@sightline/shared";
import { describeFailure } from "./describe-failure.ts";
import type { Send } from "./send-message.ts";

/** What a surface shows of one account: the sidebar (found from a host page) and the overview page alike. */
export type AccountView =
  | { kind: "loading"; lookedUp: string }
  | { kind: "signedOut" }
  | { kind: "notFound"; lookedUp: string }
  | { kind: "error"; message: string }
  | {
      kind: "ready";
      account: Account;
      /** null while the first overview of this account loads. */
      overview: AccountOverview | null;
      /** A period change or a background refresh is under way; the shown overview stays until it lands. */
      updating: boolean;
      error?: string;
    };

/**
 * Loads an account's overview for a period and shows each step through `show`: the answer (from the
 * background's cache, possibly stale), then, when it was stale, the refreshed one the background is
 * already fetching. A failure keeps what is shown and says why; without any account shown yet it
 * becomes the error view. `stale()` is asked after every await: an answer for a page, account or
 * period the user has left is dropped.
 */
export async function loadAccountOverview(
  send: Send,
  asked: { accountId: string; period: Period; account: Account | null; shown: AccountOverview | null },
  show: (view: AccountView) => void,
  stale: () => boolean,
): Promise<void> {
  const request = { type: "getOverview", accountId: asked.accountId, period: asked.period } as const;
  const answer = await send(request);
  if (stale()) return;
  if (!answer.ok) {
    if (answer.error.kind === "unauthorized") show({ kind: "signedOut" });
    else if (!asked.account) show({ kind: "error", message: describeFailure(answer.error) });
    else
      show({
        kind: "ready",
        account: asked.account,
        overview: asked.shown,
        updating: false,
        error: describeFailure(answer.error),
      });
    return;
  }
  const { overview, revalidating } = answer.value;
  show({ kind: "ready", account: overview.account, overview, updating: revalidating });
  if (!revalidating) return;
  const fresh = await send({ ...request, fresh: true });
  if (stale()) return;
  const latest = fresh.ok ? fresh.value.overview : overview;
  show({ kind: "ready", account: latest.account, overview: latest, updating: false });
}
