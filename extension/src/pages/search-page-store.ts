import { signal } from "@preact/signals";
import type { AccountListItem } from "@sightline/shared";
import { createConversationSearch } from "../ui/conversation-search.ts";
import type { Send } from "../ui/send-message.ts";

/**
 * search.html: the shared conversation search, plus the accounts its account filter offers (the
 * user's own, or the organization's when they have none yet; a failure only leaves the filter at
 * "All accounts").
 */
export function createSearchPageStore(deps: { send: Send; now?: () => number; onQuery?: (q: string) => void }) {
  const search = createConversationSearch(deps);
  const accounts = signal<AccountListItem[]>([]);

  async function loadAccounts(): Promise<void> {
    const answer = await deps.send({ type: "searchAccounts", q: "" });
    accounts.value = answer.ok ? answer.value.accounts : [];
  }

  return {
    ...search,
    accounts,
    loadAccounts,
    /** The form was submitted: search, and tell the page (it puts the query in its URL). */
    async submit(): Promise<void> {
      deps.onQuery?.(search.query.value.trim());
      await search.run();
    },
    openSignIn: () => deps.send({ type: "openSignIn" }),
  };
}

export type SearchPageStore = ReturnType<typeof createSearchPageStore>;
