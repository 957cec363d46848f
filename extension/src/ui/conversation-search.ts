import { batch, signal } from "@preact/signals";
import type { Period, SearchHit } from "@sightline/shared";
import type { ConversationSearchQuery, SourceKind } from "../shared/messages.ts";
import { describeFailure } from "./describe-failure.ts";
import type { Send } from "./send-message.ts";

export type SearchFilters = { accountId: string | null; source: SourceKind | null; period: Period };

export const NO_FILTERS: SearchFilters = { accountId: null, source: null, period: "all" };

export type ConversationSearchState =
  | { status: "idle" }
  | { status: "loading" }
  | { status: "signedOut" }
  | { status: "error"; message: string }
  /** `q` is the query these hits answer; `nextCursor` null once every page is here. */
  | {
      status: "ready";
      q: string;
      hits: SearchHit[];
      nextCursor: string | null;
      loadingMore: boolean;
      moreError?: string;
    };

const DAY_MS = 86_400_000;
const PERIOD_DAYS: Record<Exclude<Period, "all">, number> = { "7d": 7, "30d": 30, "90d": 90, "365d": 365 };

/** The `from` bound of a period (conversations that started since then), or none for all time. */
export function periodFrom(period: Period, now: number): string | undefined {
  return period === "all" ? undefined : new Date(now - PERIOD_DAYS[period] * DAY_MS).toISOString();
}

/** The message for a query and filters; empty filters are left out. */
export function searchRequest(
  q: string,
  filters: SearchFilters,
  now: number,
  cursor?: string,
): ConversationSearchQuery {
  const from = periodFrom(filters.period, now);
  return {
    q: q.trim(),
    ...(filters.accountId && { accountId: filters.accountId }),
    ...(filters.source && { source: filters.source }),
    ...(from && { from }),
    ...(cursor && { cursor }),
  };
}

/**
 * Conversation search, shared by the popup's "Search conversations" mode and the search page:
 * the query, the filters, and the hits page by page. Answers for a query or filters no longer shown
 * are dropped (each run takes a ticket), so typing fast never shows an older query's hits.
 */
export function createConversationSearch(deps: { send: Send; now?: () => number }) {
  const now = deps.now ?? Date.now;
  const query = signal("");
  const filters = signal<SearchFilters>(NO_FILTERS);
  const state = signal<ConversationSearchState>({ status: "idle" });
  let ticket = 0;

  async function run(): Promise<void> {
    const mine = ++ticket;
    const q = query.value.trim();
    if (q === "") {
      state.value = { status: "idle" };
      return;
    }
    state.value = { status: "loading" };
    const answer = await deps.send({ type: "searchConversations", ...searchRequest(q, filters.value, now()) });
    if (mine !== ticket) return;
    if (answer.ok) {
      state.value = {
        status: "ready",
        q,
        hits: answer.value.hits,
        nextCursor: answer.value.nextCursor,
        loadingMore: false,
      };
    } else if (answer.error.kind === "unauthorized") {
      state.value = { status: "signedOut" };
    } else {
      state.value = { status: "error", message: describeFailure(answer.error) };
    }
  }

  async function loadMore(): Promise<void> {
    const shown = state.value;
    if (shown.status !== "ready" || shown.nextCursor === null || shown.loadingMore) return;
    const mine = ticket;
    state.value = { ...shown, loadingMore: true, moreError: undefined };
    const answer = await deps.send({
      type: "searchConversations",
      ...searchRequest(shown.q, filters.value, now(), shown.nextCursor),
    });
    if (mine !== ticket) return;
    if (!answer.ok) {
      state.value =
        answer.error.kind === "unauthorized"
          ? { status: "signedOut" }
          : { ...shown, loadingMore: false, moreError: describeFailure(answer.error) };
      return;
    }
    state.value = {
      ...shown,
      hits: [...shown.hits, ...answer.value.hits],
      nextCursor: answer.value.nextCursor,
      loadingMore: false,
    };
  }

  return {
    query,
    filters,
    state,
    run,
    loadMore,
    setQuery(value: string) {
      query.value = value;
    },
    /** Changing a filter searches again at once (when there is a query). */
    setFilters(change: Partial<SearchFilters>) {
      batch(() => {
        filters.value = { ...filters.value, ...change };
      });
      return run();
    },
  };
}

export type ConversationSearch = ReturnType<typeof createConversationSearch>;
