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
/** bm25 weights of the FTS columns: text, speaker, organization_id (the tenant filter never scores). */
const WEIGHTS = sql.raw("10.0, 2.0, 0.0");

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
 * Full-text search over one organization's transcript segments: bm25 ranking (an exact phrase of the
 * query's words first), filters by account, conversation start and kind, offset pages. The FTS5
 * expression always starts with the organization's id in the index's own organization column, so
 * the index intersects with that tenant's postings only; the join checks it again.
 */
export async function searchTranscripts(
  db: Db,
  organizationId: string,
  query: SearchQuery,
): Promise<{ hits: SearchHit[]; nextCursor: string | null }> {
  const parsed = parseSearchQuery(query.q);
  if (!parsed.match) return { hits: [], nextCursor: null };
  const match = `organization_id : ${JSON.stringify(organizationId)} AND {text speaker} : (${parsed.match})`;
  const offset = query.cursor ? Number(query.cursor) : 0;
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
  // A bare integer in ORDER BY would name a result column, hence the empty ordering without a phrase.
  const phraseFirst = parsed.phrase
    ? sql`CASE WHEN instr(lower(s.text), ${parsed.phrase.toLowerCase()}) > 0 THEN 0 ELSE 1 END, `
    : sql``;
  const rows = await db.all<Row>(sql`
    SELECT s.id AS segment_id, s.conversation_id, s.seq, s.speaker, s.start_ms,
      snippet(transcript_segments_fts, 0, ${OPEN}, ${CLOSE}, '…', ${SNIPPET_TOKENS}) AS snippet,
      c.title, c.source, c.started_at, c.account_id, a.name AS account_name, m.message_id
    FROM transcript_segments_fts
    JOIN transcript_segments s ON s.id = transcript_segments_fts.rowid
    JOIN conversations c ON c.organization_id = s.organization_id AND c.id = s.conversation_id
    LEFT JOIN accounts a ON a.organization_id = c.organization_id AND a.id = c.account_id
    LEFT JOIN email_messages m ON c.source = 'email' AND m.organization_id = s.organization_id
      AND m.conversation_id = s.conversation_id AND s.seq BETWEEN m.first_seq AND m.last_seq
    WHERE transcript_segments_fts MATCH ${match} AND s.organization_id = ${organizationId}${sql.join(filters, sql``)}
    ORDER BY ${phraseFirst}bm25(transcript_segments_fts, ${WEIGHTS}), s.id
    LIMIT ${query.limit + 1} OFFSET ${offset}`);
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
    nextCursor: rows.length > query.limit ? String(offset + query.limit) : null,
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
