import { signal } from "@preact/signals";
import type { Account, Period } from "@sightline/shared";
import type { HostPage } from "../host-pages/navigation.ts";
import type { Failure } from "../shared/messages.ts";
import { type AccountView, loadAccountOverview } from "../ui/account-view.ts";
import { describeFailure } from "../ui/describe-failure.ts";
import type { Send } from "../ui/send-message.ts";
import { type PageLookup, pageLookup } from "./lookup-candidates.ts";

/** What the sidebar shows; null while the page is not a record or thread (then it is not mounted). */
export type SidebarView = AccountView;

export const DEFAULT_PERIOD: Period = "90d";
export const COLLAPSED_KEY = "sidebarCollapsed";

export interface CollapsedStorage {
  get(): Promise<boolean>;
  set(collapsed: boolean): Promise<void>;
}

export type SidebarStore = ReturnType<typeof createSidebarStore>;

/** A failed answer as the sidebar shows it (the account view and the Gmail thread card alike). */
export function failed(failure: Failure): { kind: "signedOut" } | { kind: "error"; message: string } {
  return failure.kind === "unauthorized" ? { kind: "signedOut" } : { kind: "error", message: describeFailure(failure) };
}

/**
 * The sidebar's state and actions. Pages come from watchHostPage; each is mapped to lookup questions
 * and resolved through the background, then the account's overview is fetched. Answers that arrive
 * after the page moved on are dropped (a sequence number), and a page that resolves to the account
 * already shown keeps its view: the sidebar is replaced on a real navigation, never flickered.
 */
export function createSidebarStore(deps: { send: Send; collapsedStorage: CollapsedStorage }) {
  const view = signal<SidebarView | null>(null);
  const period = signal<Period>(DEFAULT_PERIOD);
  const collapsed = signal(false);
  let current: PageLookup | null = null;
  let seq = 0;
  let collapsedTouched = false;

  void deps.collapsedStorage.get().then((value) => {
    // A click before storage answered wins over the stored value.
    if (!collapsedTouched) collapsed.value = value;
  });

  async function resolve(lookup: PageLookup, sameIdentity: boolean): Promise<void> {
    const mine = ++seq;
    const shown = view.value;
    // The same record finishing its render keeps what is shown; another record shows loading at once.
    if (!sameIdentity || shown?.kind !== "ready") view.value = { kind: "loading", lookedUp: lookup.lookedUp };
    const found = await deps.send({ type: "lookupAccount", candidates: lookup.candidates });
    if (mine !== seq) return;
    if (!found.ok) {
      view.value = failed(found.error);
      return;
    }
    if (!found.value) {
      view.value = { kind: "notFound", lookedUp: lookup.lookedUp };
      return;
    }
    const account = found.value.account;
    const now = view.value;
    if (now?.kind === "ready" && now.account.id === account.id && now.overview) return;
    view.value = { kind: "ready", account, overview: null, updating: true };
    await loadOverview(mine, account);
  }

  function loadOverview(mine: number, account: Account): Promise<void> {
    const shown = view.value;
    return loadAccountOverview(
      deps.send,
      {
        accountId: account.id,
        period: period.value,
        account,
        shown: shown?.kind === "ready" ? shown.overview : null,
      },
      (next) => {
        view.value = next;
      },
      () => mine !== seq,
    );
  }

  return {
    view,
    period,
    collapsed,
    /** Whether the sidebar should be on the page at all. */
    get lookup(): PageLookup | null {
      return current;
    },
    /** watchHostPage's onChange. */
    setPage(page: HostPage | null): Promise<void> {
      const next = pageLookup(page);
      if (!next) {
        seq++;
        current = null;
        view.value = null;
        return Promise.resolve();
      }
      if (current && next.key === current.key) return Promise.resolve();
      const sameIdentity = current?.identity === next.identity;
      current = next;
      return resolve(next, sameIdentity);
    },
    /** Looks the current page up again (after signing in, or "Try again"). */
    retry(): Promise<void> {
      if (!current) return Promise.resolve();
      return resolve(current, false);
    },
    setPeriod(next: Period): Promise<void> {
      const shown = view.value;
      period.value = next;
      if (shown?.kind !== "ready") return Promise.resolve();
      const mine = ++seq;
      view.value = { ...shown, updating: true };
      return loadOverview(mine, shown.account);
    },
    setCollapsed(next: boolean): Promise<void> {
      collapsedTouched = true;
      collapsed.value = next;
      return deps.collapsedStorage.set(next);
    },
    openSignIn(): Promise<unknown> {
      return deps.send({ type: "openSignIn" });
    },
    /**
     * A source's "Open transcript at m:ss", or an e-mail source's "Open e-mail": the background opens
     * transcript.html or email.html in a new tab (content scripts cannot).
     */
    openTranscript(conversationId: string, t: number | null, messageId?: string, quote: string | null = null) {
      return deps.send(
        messageId
          ? { type: "openEmailMessage", conversationId, messageId, quote }
          : { type: "openTranscript", conversationId, t },
      );
    },
  };
}
