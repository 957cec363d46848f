import { signal } from "@preact/signals";
import type { Failure } from "../shared/messages.ts";
import { createSidebarStore, describeSidebarFailure, type Send } from "../sidebar/store.ts";

/** The page never collapses: its panel is the whole page. */
const neverCollapsed = { get: async () => false, set: async () => {} };

/**
 * overview.html?accountId=…: the sidebar's store and rendering, driven by an account id instead of
 * a host page. The first answer carries the account itself; after that the sidebar's own period
 * selector (setPeriod) does the rest, stale-while-revalidate included.
 */
export function createOverviewPageStore(deps: { send: Send; accountId: string | null }) {
  const sidebar = createSidebarStore({ send: deps.send, collapsedStorage: neverCollapsed });
  /** Set when the first load failed for another reason than a missing sign-in; the page offers a retry. */
  const loadError = signal<string | null>(null);
  let seq = 0;

  function failed(failure: Failure) {
    if (failure.kind === "unauthorized") sidebar.view.value = { kind: "signedOut" };
    else loadError.value = describeSidebarFailure(failure);
  }

  async function load(): Promise<void> {
    const mine = ++seq;
    loadError.value = null;
    if (!deps.accountId) {
      loadError.value = "This page needs an account: open it from the Sightline popup.";
      return;
    }
    sidebar.view.value = { kind: "loading", lookedUp: "the account" };
    const answer = await deps.send({ type: "getOverview", accountId: deps.accountId, period: sidebar.period.value });
    if (mine !== seq) return;
    if (!answer.ok) return failed(answer.error);
    const { overview, revalidating } = answer.value;
    sidebar.view.value = { kind: "ready", account: overview.account, overview, updating: revalidating };
    // A stale cache entry: the sidebar's own reload asks again and waits for the fresh answer.
    if (revalidating) await sidebar.setPeriod(sidebar.period.value);
  }

  return { sidebar, loadError, load };
}

export type OverviewPageStore = ReturnType<typeof createOverviewPageStore>;
