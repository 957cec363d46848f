import type { MarkedText, SearchHit, SearchQuery } from "@sightline/shared";
import { type SQL, sql } from "drizzle-orm";
import { sourceKind, sourcesOfKind } from "../insights/source-kind.ts";
import type { Db } from "../platform/services.ts";
import { parseSearchQuery } from "./parse-search-query.ts";

// Snippet markers: control characters that cannot come from a transcript's text (readers strip them),
// turned into character ranges so no client ever renders markup from a search answer.
const OPEN = "\u0002";
const CLOSE = "\u0003";
/** Tokens of context in a snippet around the matched words. */
const SNIPPET_TOKENS = 16;
/** bm25 weights of the FTS columns: text, speaker. */
const WEIGHTS = sql.raw("10.0, 2.0");
/**
 * An organization's block of index rowids: search_key * 2^32 + segment id (migration 0034), so the
 * segment of a rowid is `rowid - lo` and an organization's postings are one range of every doclist.
 */
const BLOCK = sql.raw("4294967296");

interface Row {
  segment_id: number;
  conversation_id: string;
  seq: number;
  speaker: string | null;
  start_ms: number;
  snippet: string;
  title: string;
  source: string;
  started_at: number;
  account_id: string | null;
  account_name: string | null;
  message_id: string | null;
}

/**
 * How many of the organization's matches, newest first, a query ranks. bm25 costs a few microseconds
 * per matching segment: a common word matches tens of thousands of an organization's million
 * segments (~0.15 s to rank them all), while a reader looks at the first pages. Below this many
 * matches the ranking is exact; above it, it ranks the most recently stored ones (paging further
 * widens the window to cover the page asked for).
 */
export const RANKING_WINDOW = 2000;

/** Up to this many filtered conversations, step 1 walks the matches against their segment ids. */
const FEW_CONVERSATIONS = 100;

/**
 * Full-text search over one organization's transcript segments: bm25 ranking (an exact phrase of the
 * query's words first), filters by account, conversation start and kind, offset pages. One
 * statement, every FTS5 scan bounded to the organization's rowid block [lo, hi) (FTS5 seeks to it
 * in each term's doclist; another tenant's entries are never read):
 *   1. candidates: the organization's matches newest first, at most RANKING_WINDOW; conversation
 *      filters apply here, so a selective filter still finds its matches.
 *   2. ranking: the exact phrase first, then bm25, over the candidates' rowid range (without
 *      filters the candidates are exactly that range; with filters an IN list keeps only them).
 *      The snippet and the hit's segment, conversation, account and message are result columns,
 *      computed for the page's rows only.
 */
export async function searchTranscripts(
  db: Db,
  organizationId: string,
  query: SearchQuery,
): Promise<{ hits: SearchHit[]; nextCursor: string | null }> {
  const parsed = parseSearchQuery(query.q);
  if (!parsed.match) return { hits: [], nextCursor: null };
  const words = `{text speaker} : (${parsed.match})`;
  const offset = query.cursor ? Number(query.cursor) : 0;
  const window = Math.max(RANKING_WINDOW, offset + query.limit + 1);
  const filters: SQL[] = [];
  if (query.accountId) filters.push(sql` AND c.account_id = ${query.accountId}`);
  if (query.from) filters.push(sql` AND c.started_at >= ${Date.parse(query.from)}`);
  if (query.to) filters.push(sql` AND c.started_at < ${Date.parse(query.to)}`);
  if (query.source) {
    const sources = sourcesOfKind(query.source);
    filters.push(
      sql` AND c.source IN (${sql.join(
        sources.map((s) => sql`${s}`),
        sql`, `,
      )})`,
    );
  }
  const lo = sql`(SELECT lo FROM block)`;
  const inBlock = sql`transcript_segments_fts.rowid >= ${lo} AND transcript_segments_fts.rowid < (SELECT hi FROM block)`;
  // Step 1 with conversation filters: count the filtered conversations up to FEW_CONVERSATIONS + 1
  // (an index range, no rows read). When they are few (an account, a short period), the candidates
  // are all their segments' rowids, a small set: step 2 walks the query's matches once and ranks
  // those in the set (an in-memory probe each; the `+` keeps SQLite from turning the set into one
  // FTS5 lookup per id, each of which would recount bm25's term weights), exactly, with no window.
  // Otherwise walk the organization's matches newest first and test each one's conversation with
  // one primary-key probe (EXISTS with the filters; CROSS JOIN keeps the FTS5 index the outer loop,
  // so the walk stops at the window): a list of the filtered conversations is never built (for an
  // account with 5,000 calls that list alone cost ~2.5 ms, and probing it by text ~1.5 us a match).
  // The branch not taken is skipped by its guards: an empty rowid range for the walk (a guard in
  // its WHERE was tested on every match: ~3 ms for a common word), a constant condition for the set.
  const conversationFilter = sql.join(filters, sql``);
  const filteredSteps = sql`
    few(yes) AS MATERIALIZED (SELECT count(*) <= ${FEW_CONVERSATIONS} FROM (
      SELECT 1 FROM conversations c WHERE c.organization_id = ${organizationId}${conversationFilter}
      LIMIT ${FEW_CONVERSATIONS + 1})),
    segments AS MATERIALIZED (
      SELECT s.id + ${lo} AS id FROM conversations c
      CROSS JOIN transcript_segments s ON s.organization_id = ${organizationId} AND s.conversation_id = c.id
      WHERE (SELECT yes FROM few) AND c.organization_id = ${organizationId}${conversationFilter}),
    candidates AS MATERIALIZED (
      SELECT id FROM segments
      UNION ALL
      SELECT id FROM (
        SELECT transcript_segments_fts.rowid AS id FROM transcript_segments_fts
        CROSS JOIN transcript_segments s ON s.id = transcript_segments_fts.rowid - ${lo}
        WHERE transcript_segments_fts MATCH ${words} AND transcript_segments_fts.rowid < (SELECT hi FROM block)
          AND transcript_segments_fts.rowid >= (SELECT CASE WHEN yes THEN (SELECT hi FROM block) ELSE ${lo} END FROM few)
          AND s.organization_id = ${organizationId} AND EXISTS (SELECT 1 FROM conversations c
            WHERE c.id = s.conversation_id AND c.organization_id = ${organizationId}${conversationFilter})
        ORDER BY transcript_segments_fts.rowid DESC LIMIT ${window}))`;
  const unfilteredStep = sql`
    candidates AS MATERIALIZED (
      SELECT transcript_segments_fts.rowid AS id FROM transcript_segments_fts
      WHERE transcript_segments_fts MATCH ${words} AND ${inBlock}
      ORDER BY transcript_segments_fts.rowid DESC LIMIT ${window})`;
  // The exact phrase needs the text: one primary-key lookup per candidate, only when there is a phrase.
  const phraseRank = parsed.phrase
    ? sql`(SELECT CASE WHEN instr(lower(p.text), ${parsed.phrase.toLowerCase()}) > 0 THEN 0 ELSE 1 END
        FROM transcript_segments p WHERE p.id = transcript_segments_fts.rowid - ${lo}), `
    : sql``;
  // The page's segment, conversation, account and e-mail message, as one JSON value: a correlated
  // subquery in the result columns, which SQLite (like snippet()) only evaluates for rows that make
  // the page, while a join before the sort would look up every ranked candidate.
  const hit = sql`(SELECT json_object('segment_id', s.id, 'conversation_id', s.conversation_id, 'seq', s.seq,
        'speaker', s.speaker, 'start_ms', s.start_ms, 'title', c.title, 'source', c.source,
        'started_at', c.started_at, 'account_id', c.account_id, 'account_name', a.name, 'message_id', m.message_id)
      FROM transcript_segments s
      CROSS JOIN conversations c ON c.organization_id = s.organization_id AND c.id = s.conversation_id
      LEFT JOIN accounts a ON a.organization_id = c.organization_id AND a.id = c.account_id
      LEFT JOIN email_messages m ON c.source = 'email' AND m.organization_id = s.organization_id
        AND m.conversation_id = s.conversation_id AND s.seq BETWEEN m.first_seq AND m.last_seq
      WHERE s.id = transcript_segments_fts.rowid - ${lo} AND s.organization_id = ${organizationId}
        AND s.search_rowid = transcript_segments_fts.rowid)`;
  const ranked = await db.all<{ hit: string | null; snippet: string }>(sql`
    WITH block AS MATERIALIZED (
      SELECT search_key * ${BLOCK} AS lo, (search_key + 1) * ${BLOCK} AS hi FROM organizations
      WHERE id = ${organizationId} AND search_key IS NOT NULL),
    ${filters.length ? filteredSteps : unfilteredStep}
    SELECT ${hit} AS hit,
      snippet(transcript_segments_fts, 0, ${OPEN}, ${CLOSE}, '…', ${SNIPPET_TOKENS}) AS snippet
    FROM transcript_segments_fts
    WHERE transcript_segments_fts MATCH ${words}
      AND transcript_segments_fts.rowid >= (SELECT min(id) FROM candidates)
      AND transcript_segments_fts.rowid <= (SELECT max(id) FROM candidates)
      ${filters.length ? sql`AND +transcript_segments_fts.rowid IN (SELECT id FROM candidates)` : sql``}
    ORDER BY ${phraseRank}bm25(transcript_segments_fts, ${WEIGHTS}), transcript_segments_fts.rowid
    LIMIT ${query.limit + 1} OFFSET ${offset}`);
  const rows = ranked.flatMap((r) =>
    r.hit ? [{ ...(JSON.parse(r.hit) as Omit<Row, "snippet">), snippet: r.snippet }] : [],
  );
  const page = rows.slice(0, query.limit);
  return {
    hits: page.map((r) => ({
      conversation: {
        id: r.conversation_id,
        title: r.title,
        source: r.source,
        kind: sourceKind(r.source),
        startedAt: new Date(r.started_at).toISOString(),
        accountId: r.account_id,
        accountName: r.account_name,
      },
      segment: {
        id: r.segment_id,
        seq: r.seq,
        speaker: r.speaker,
        startMs: r.start_ms,
        ...(r.message_id ? { messageId: r.message_id } : {}),
      },
      snippet: markedText(r.snippet),
    })),
    nextCursor: ranked.length > query.limit ? String(offset + query.limit) : null,
  };
}

/** FTS5's snippet with our markers -> plain text and the ranges of the matched words. */
export function markedText(snippet: string): MarkedText {
  let text = "";
  const highlights: MarkedText["highlights"] = [];
  let start = -1;
  for (const ch of snippet) {
    if (ch === OPEN) start = text.length;
    else if (ch === CLOSE) {
      if (start >= 0 && text.length > start) highlights.push({ start, end: text.length });
      start = -1;
    } else text += ch;
  }
  return { text, highlights };
}
