import { batch, signal } from "@preact/signals";
import { browser } from "wxt/browser";
import { searchPath, transcriptPath } from "../shared/page-urls.ts";
import { createConversationSearch } from "../ui/conversation-search.ts";
import { moveIndex } from "../ui/listbox.ts";
import type { Send } from "../ui/send-message.ts";

/** Same pause as account search: one request per pause in typing, not per key. */
export const CONVERSATION_SEARCH_DEBOUNCE_MS = 250;

/** Opens an extension page in a new tab (the popup closes on its own when the tab takes focus). */
async function openTab(path: `/transcript.html?${string}` | `/search.html${string}`): Promise<void> {
  await browser.tabs.create({ url: browser.runtime.getURL(path) });
}

/**
 * The popup's "Search conversations" mode: the shared conversation search (no filters here), the
 * highlighted hit, and opening a hit's transcript at its segment or every result on the search page.
 */
export function createConversationMode(send: Send, open: typeof openTab = openTab) {
  const search = createConversationSearch({ send });
  const activeHit = signal(-1);
  let debounce: ReturnType<typeof setTimeout> | undefined;

  async function run() {
    await search.run();
    const state = search.state.value;
    activeHit.value = state.status === "ready" && state.hits.length > 0 ? 0 : -1;
  }

  return {
    search,
    activeHit,
    setQuery(value: string) {
      search.setQuery(value);
      clearTimeout(debounce);
      debounce = setTimeout(() => void run(), CONVERSATION_SEARCH_DEBOUNCE_MS);
    },
    /** Enter before the pause ends: search now. */
    async searchNow() {
      clearTimeout(debounce);
      await run();
    },
    moveHit(delta: number) {
      const state = search.state.value;
      if (state.status !== "ready") return;
      activeHit.value = moveIndex(activeHit.value, delta, state.hits.length);
    },
    jumpHit(to: "first" | "last") {
      const state = search.state.value;
      if (state.status !== "ready" || state.hits.length === 0) return;
      activeHit.value = to === "first" ? 0 : state.hits.length - 1;
    },
    /** The hit's transcript, scrolled to and marking its segment. */
    async openHit(index = activeHit.value) {
      const state = search.state.value;
      const hit = state.status === "ready" ? state.hits[index] : undefined;
      if (!hit) return;
      batch(() => {
        activeHit.value = index;
      });
      await open(transcriptPath(hit.conversation.id, null, hit.segment.seq));
    },
    /** Every result, with filters, on the search page. */
    async openSearchPage() {
      await open(searchPath(search.query.value));
    },
  };
}

export type ConversationMode = ReturnType<typeof createConversationMode>;
