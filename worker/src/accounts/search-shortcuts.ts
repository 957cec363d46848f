import { nameWords } from "@sightline/shared";
import { sql } from "drizzle-orm";
import type { Db } from "../platform/services.ts";

/**
 * Shortcuts before the gram candidates (list-accounts.ts): a few small reads that often already
 * hold the whole answer, checked by `answerIsSettled`. rankAccounts scores a name that starts with
 * the query 0.9 (1 when equal), a domain that starts with it 0.85, and anything else at most 0.8
 * (every query word equal to a word of the account). So with the accounts below in hand:
 * - names: every account whose normalized name is the query or one of its leading word runs, plus
 *   the `limit` most recently active whose normalized name starts with the query (the normalized
 *   name is the name's words without trailing legal suffixes, so it is a leading word run of the
 *   words rankAccounts compares: an account whose words start with the query is in one of the two);
 * - domains: the `limit` most recently active accounts with a domain starting with the query;
 * - recent: the `RECENT_WALK` most recently active accounts;
 * - every account still pending indexing (its normalized name may be stale);
 * an account not read ranks below `limit` read ones when each of those either scores above 0.8 (a
 * name or domain match: an unread one of those is older than `limit` read ones of its range) or
 * scores 0.8 and is no older than the last account of the walk (an unread account scoring at most
 * 0.8 is older). Then the ranking of what was read is the ranking of the whole organization. Broad
 * queries ("initech": a twelfth of the accounts, "systems") settle here; selective and typo queries
 * go on to the grams.
 */

/** How many of the most recently active accounts the shortcut ranks (one index range, ~ms). */
export const RECENT_WALK = 500;

/** The least score the `limit`-th result needs for the shortcut's answer to be final. */
const SETTLED_SCORE = 0.8;

export interface ShortcutRow {
  id: string;
  name: string;
  lastActivityAt: number | null;
  domains: string | null;
}

const MAX = "\u{10FFFF}";

/** The query's leading word runs: "acme corp x" -> "acme", "acme corp", "acme corp x". */
function leadingRuns(query: string): string[] {
  const words = nameWords(query);
  return words.map((_, i) => words.slice(0, i + 1).join(" "));
}

// Candidate rows as the gram path reads them; the domains from the covering index of migration 0032.
const candidateColumns = sql`a.id AS id, a.name AS name, a.last_activity_at AS lastActivityAt,
  (SELECT group_concat(d.domain, ' ') FROM account_domains d
    WHERE d.organization_id = a.organization_id AND d.account_id = a.id) AS domains`;

/**
 * The accounts named the query or one of its leading word runs, the `limit` most recently active
 * whose names start with it, and the pending ones. By rowid: the name index (migration 0032) then
 * answers the range without reading the table.
 */
export async function readNameShortcut(
  db: Db,
  organizationId: string,
  query: string,
  limit: number,
): Promise<ShortcutRow[]> {
  const runs = leadingRuns(query);
  const joined = runs.at(-1) ?? "";
  return db.all<ShortcutRow>(sql`WITH
    candidate(rid) AS (
      SELECT rowid FROM accounts WHERE organization_id = ${organizationId} AND normalized_name IN (${sql.join(
        runs.map((r) => sql`${r}`),
        sql`, `,
      )})
      UNION SELECT rid FROM (SELECT rowid AS rid FROM accounts WHERE organization_id = ${organizationId}
        AND normalized_name > ${joined} AND normalized_name < ${joined + MAX}
        ORDER BY last_activity_at DESC LIMIT ${limit})
      UNION SELECT a.rowid FROM account_search_pending p CROSS JOIN accounts a ON a.id = p.account_id
        WHERE p.organization_id = ${organizationId} AND a.organization_id = ${organizationId})
    SELECT ${candidateColumns} FROM candidate CROSS JOIN accounts a ON a.rowid = candidate.rid`);
}

/** The `limit` most recently active accounts with a domain that starts with the query as typed. */
export async function readDomainShortcut(
  db: Db,
  organizationId: string,
  query: string,
  limit: number,
): Promise<ShortcutRow[]> {
  const raw = query.trim().toLowerCase();
  // CROSS JOIN: the domain range drives, one account seek each.
  return db.all<ShortcutRow>(sql`
    SELECT ${candidateColumns} FROM account_domains m CROSS JOIN accounts a
      ON a.id = m.account_id AND a.organization_id = ${organizationId}
    WHERE m.organization_id = ${organizationId} AND m.domain >= ${raw} AND m.domain < ${raw + MAX}
    ORDER BY a.last_activity_at DESC LIMIT ${limit}`);
}

/** The organization's `walk` (RECENT_WALK; tests take fewer) most recently active accounts. */
export async function readRecentShortcut(db: Db, organizationId: string, walk: number): Promise<ShortcutRow[]> {
  return db.all<ShortcutRow>(sql`
    SELECT ${candidateColumns} FROM accounts a WHERE a.organization_id = ${organizationId}
    ORDER BY a.last_activity_at DESC LIMIT ${walk}`);
}

/**
 * True when the ranking of what the shortcuts read is final (see above). `walkFloor`: the activity of
 * the walk's last account when it stopped at RECENT_WALK, -Infinity when it read every account, null
 * when there was no walk.
 */
export function answerIsSettled(
  ranked: ReadonlyArray<{ score: number; lastActivityAt: number }>,
  limit: number,
  walkFloor: number | null,
): boolean {
  let sure = 0;
  for (const r of ranked) {
    const beatsUnread =
      r.score > SETTLED_SCORE || (walkFloor !== null && r.score >= SETTLED_SCORE && r.lastActivityAt >= walkFloor);
    if (beatsUnread && ++sure >= limit) return true;
  }
  return false;
}
