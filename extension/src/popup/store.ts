import { batch, signal } from "@preact/signals";
import type { AccountListItem } from "@sightline/shared";
import { browser } from "wxt/browser";
import type { AccountSearch, GmailThreadCheck, Session } from "../shared/messages.ts";
import { ATTRIBUTION_PATH, coachingPath } from "../shared/page-urls.ts";
import { describeFailure } from "../ui/describe-failure.ts";
import { moveIndex } from "../ui/listbox.ts";
import { type Send, sendMessage } from "../ui/send-message.ts";
import { requestOriginPermission, signIn } from "../ui/sign-in.ts";
import { createConversationMode } from "./conversation-mode.ts";
import { type OpenedAccount, openAccount } from "./open-account.ts";

/** What the popup's search box looks for. */
export type SearchMode = "accounts" | "conversations";

export const SEARCH_DEBOUNCE_MS = 150;

export type SearchState =
  | { status: "idle" }
  | { status: "loading" }
  /** `q` is the query these results answer; `refreshing` while a newer query is on its way. */
  | { status: "ready"; q: string; result: AccountSearch; refreshing: boolean }
  | { status: "error"; message: string };

/**
 * After the active CRM tab was sent to a record, the popup would stay open over the page: close it.
 * `tabs.getCurrent()` is undefined only in the action popup, so the same page opened as a tab stays.
 */
export async function closeActionPopup(): Promise<void> {
  if (!(await browser.tabs.getCurrent())) window.close();
}

/** All popup state and the actions that change it; components read signals and call actions only. */
export function createPopupStore(
  send: Send = sendMessage,
  open: (account: AccountListItem) => Promise<OpenedAccount> = openAccount,
  closePopup: () => Promise<void> = closeActionPopup,
  requestOrigin: (origin: string) => Promise<boolean> = requestOriginPermission,
) {
  const session = signal<Session | null>(null);
  const signInError = signal<string | null>(null);
  const signingIn = signal(false);
  const query = signal("");
  const search = signal<SearchState>({ status: "idle" });
  const activeIndex = signal(-1);
  const chosen = signal<AccountListItem | null>(null);
  const mode = signal<SearchMode>("accounts");
  const conversations = createConversationMode(send);
  /** The active tab's Gmail thread, when it is one: in Sightline or not (the background reads the tab). */
  const gmailThread = signal<GmailThreadCheck | null>(null);

  async function checkGmailThread() {
    const answer = await send({ type: "checkActiveGmailThread" });
    // Not Gmail, no thread, or a failure: the popup simply says nothing about threads.
    gmailThread.value = answer.ok ? answer.value : null;
  }

  let debounce: ReturnType<typeof setTimeout> | undefined;
  // Answers can arrive out of order; only the newest request may update the list.
  let latestSearch = 0;

  function showSignedOut(backendUrl: string, message: string | null) {
    batch(() => {
      session.value = { signedIn: false, backendUrl };
      signInError.value = message;
      query.value = "";
      search.value = { status: "idle" };
      activeIndex.value = -1;
      chosen.value = null;
    });
  }

  async function runSearch(q: string) {
    const ticket = ++latestSearch;
    const current = search.value;
    // Keep showing the previous rows while typing, so the list does not flicker on every keystroke.
    search.value = current.status === "ready" ? { ...current, refreshing: true } : { status: "loading" };
    const answer = await send({ type: "searchAccounts", q });
    if (ticket !== latestSearch) return;
    if (answer.ok) {
      batch(() => {
        search.value = { status: "ready", q: q.trim(), result: answer.value, refreshing: false };
        activeIndex.value = answer.value.accounts.length > 0 ? 0 : -1;
      });
    } else if (answer.error.kind === "unauthorized") {
      // The background already cleared the token; go back to the form and say why.
      showSignedOut(session.value?.backendUrl ?? "", "Your session has ended. Sign in again.");
    } else {
      search.value = { status: "error", message: describeFailure(answer.error) };
    }
  }

  const actions = {
    setMode(next: SearchMode) {
      mode.value = next;
    },

    async load() {
      const answer = await send({ type: "getSession" });
      if (answer.ok) {
        session.value = answer.value;
        if (answer.value.signedIn) await Promise.all([runSearch(""), checkGmailThread()]);
      } else {
        showSignedOut("", describeFailure(answer.error));
      }
    },

    async signIn(backendUrl: string, token: string) {
      signingIn.value = true;
      const answer = await signIn({ send, requestOrigin }, backendUrl, token);
      signingIn.value = false;
      if (!answer.ok) {
        signInError.value = describeFailure(answer.error);
        return;
      }
      batch(() => {
        session.value = answer.value;
        signInError.value = null;
      });
      await Promise.all([runSearch(""), checkGmailThread()]);
    },

    async signOut() {
      const answer = await send({ type: "signOut" });
      gmailThread.value = null;
      showSignedOut(answer.ok ? answer.value.backendUrl : (session.value?.backendUrl ?? ""), null);
    },

    setQuery(value: string) {
      query.value = value;
      clearTimeout(debounce);
      debounce = setTimeout(() => void runSearch(value), SEARCH_DEBOUNCE_MS);
    },

    /** Moves the highlighted row by `delta`, wrapping around the ends like a native listbox. */
    moveSelection(delta: number) {
      const current = search.value;
      if (current.status !== "ready" || current.result.accounts.length === 0) return;
      activeIndex.value = moveIndex(activeIndex.value, delta, current.result.accounts.length);
    },

    /** Ctrl+Home / Ctrl+End: the first or last row. */
    jumpSelection(to: "first" | "last") {
      const current = search.value;
      if (current.status !== "ready" || current.result.accounts.length === 0) return;
      activeIndex.value = to === "first" ? 0 : current.result.accounts.length - 1;
    },

    /** The signed-in user's coaching page (admins pick other reps there), in a new tab. */
    async openCoaching() {
      await browser.tabs.create({ url: browser.runtime.getURL(coachingPath()) });
    },

    /** The lead-source attribution report page, in a new tab. */
    async openAttribution() {
      await browser.tabs.create({ url: browser.runtime.getURL(ATTRIBUTION_PATH) });
    },

    /**
     * Enter or a click: marks the row and opens the account, on the active CRM tab's record page when it
     * can (the popup then closes over it), else as the overview page in a new tab.
     */
    async choose(index = activeIndex.value) {
      const current = search.value;
      if (current.status !== "ready") return;
      const account = current.result.accounts[index];
      if (!account) return;
      batch(() => {
        activeIndex.value = index;
        chosen.value = account;
      });
      if ((await open(account)) === "crm-tab") await closePopup();
    },
  };

  return {
    session,
    signInError,
    signingIn,
    query,
    search,
    activeIndex,
    chosen,
    mode,
    conversations,
    gmailThread,
    actions,
  };
}

export type PopupStore = ReturnType<typeof createPopupStore>;
