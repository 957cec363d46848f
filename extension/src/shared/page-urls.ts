/** Paths of the extension's own pages (pass through runtime.getURL before opening them). */
export function overviewPath(accountId: string): `/overview.html?${string}` {
  return `/overview.html?${new URLSearchParams({ accountId })}`;
}

/**
 * The transcript viewer at a moment: `t` (milliseconds into the conversation) or `seg` (a segment's
 * `seq`, what search results carry); the viewer scrolls to and marks that segment.
 */
export function transcriptPath(
  conversationId: string,
  t: number | null,
  seg: number | null = null,
): `/transcript.html?${string}` {
  const params = new URLSearchParams({ conversationId });
  if (t !== null) params.set("t", String(t));
  if (seg !== null) params.set("seg", String(seg));
  return `/transcript.html?${params}`;
}

/** The conversation search page, with a query to run at once. */
export function searchPath(q = ""): `/search.html${string}` {
  return q.trim() ? `/search.html?${new URLSearchParams({ q: q.trim() })}` : "/search.html";
}

/** A page's query parameter, or null when absent or empty. */
export function param(search: string, name: string): string | null {
  const value = new URLSearchParams(search).get(name);
  return value ? value : null;
}

/** `t` as milliseconds: a non-negative whole number, else null. */
export function parseMs(value: string | null): number | null {
  if (value === null || !/^\d{1,12}$/.test(value)) return null;
  return Number(value);
}

/** The coaching page: the signed-in user's own, or (admins) the rep `userId`. */
export function coachingPath(userId?: string): `/coaching.html${string}` {
  return userId ? `/coaching.html?${new URLSearchParams({ userId })}` : "/coaching.html";
}

/** The lead-source attribution report page. */
export const ATTRIBUTION_PATH = "/attribution.html";

/** One e-mail message with a quote marked in it (an e-mail source of the overview or the sidebar). */
export function emailPath(conversationId: string, messageId: string, quote: string | null): `/email.html?${string}` {
  const params = new URLSearchParams({ conversationId, messageId });
  if (quote) params.set("quote", quote);
  return `/email.html?${params}`;
}
