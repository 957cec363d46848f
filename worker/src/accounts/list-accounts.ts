import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import { accounts } from "../db/schema/index.ts";
import type { Db } from "../platform/services.ts";
import type { AccountRow } from "./account-store.ts";
import { rankAccounts } from "./rank-accounts.ts";
import { type GramCondition, planAccountSearch, type SearchPlan } from "./search-grams.ts";
import {
  answerIsSettled,
  RECENT_WALK,
  readDomainShortcut,
  readNameShortcut,
  readRecentShortcut,
} from "./search-shortcuts.ts";

/**
 * 1 when the user owns the account or has hosted a conversation with it. Written with qualified
 * names: drizzle renders bare column names in single-table selects, which inside this subquery
 * would bind to `conversations` instead of the outer `accounts`.
 */
function isMine(organizationId: string, userId: string): SQL<number> {
  return sql<number>`(case when "accounts"."owner_user_id" = ${userId} or exists (
    select 1 from "conversations" c
    where c."organization_id" = ${organizationId}
      and c."host_user_id" = ${userId}
      and c."account_id" = "accounts"."id") then 1 else 0 end)`;
}

export interface ListedAccount {
  row: AccountRow;
  mine: boolean;
  score: number | null;
}

/**
 * "My accounts": the user's own accounts (owned or talked to) first, then the organization's others,
 * each group by most recent activity. A new rep therefore still sees something useful, and the
 * answer says whether the user has any of their own.
 */
export async function listMyAccounts(db: Db, organizationId: string, userId: string, limit: number) {
  const mine = isMine(organizationId, userId);
  const rows = await db
    .select({ account: accounts, mine })
    .from(accounts)
    .where(eq(accounts.organizationId, organizationId))
    .orderBy(sql`${mine} desc`, sql`${accounts.lastActivityAt} desc nulls last`, accounts.name)
    .limit(limit);
  const listed: ListedAccount[] = rows.map((r) => ({ row: r.account, mine: r.mine === 1, score: null }));
  return { scope: listed[0]?.mine ? ("mine" as const) : ("all" as const), listed };
}

/** Knobs for tests: each path of the search on a small organization. */
export interface SearchOptions {
  driverPostingsCap?: number;
  /** false: straight to the gram candidates. */
  shortcuts?: boolean;
  recentWalk?: number;
}

/**
 * Ranked search by name or domain. First the shortcuts (search-shortcuts.ts: names and domains that
 * start with the query, then the most recently active accounts), which settle broad queries; else
 * the candidates are the accounts the query's plan admits (search-grams.ts: gram conditions over
 * account_search_grams, a domain prefix, and every account still pending indexing), which are all
 * the accounts rankAccounts could list; with no plan (one- or two-letter queries) the whole
 * organization. They are scored in the Worker: typo tolerance needs edit distances that SQL cannot
 * index. Measured in `pnpm bench`.
 */
export async function searchAccounts(
  db: Db,
  organizationId: string,
  userId: string,
  q: string,
  limit: number,
  options: SearchOptions = {},
) {
  const ranked = await rankMatches(db, organizationId, q, limit, options);
  if (ranked.length === 0) return [];
  const rows = await db
    .select({ account: accounts, mine: isMine(organizationId, userId) })
    .from(accounts)
    .where(
      and(
        // Unary plus: the organization term must not pick an index, or SQLite (without statistics)
        // walks the organization's accounts by activity instead of seeking the few ids.
        sql`+${accounts.organizationId} = ${organizationId}`,
        inArray(
          accounts.id,
          ranked.map((r) => r.id),
        ),
      ),
    );
  const byId = new Map(rows.map((r) => [r.account.id, r]));
  return ranked.flatMap((r): ListedAccount[] => {
    const hit = byId.get(r.id);
    return hit ? [{ row: hit.account, mine: hit.mine === 1, score: r.score }] : [];
  });
}

/** Ranks every candidate, keeping each one's activity (answerIsSettled needs it). */
function rankAll(q: string, candidates: CandidateRow[]) {
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const ranked = rankAccounts(
    q,
    [...byId.values()].map((c) => ({
      id: c.id,
      name: c.name,
      domains: c.domains ? c.domains.split(" ") : [],
      lastActivityAt: c.lastActivityAt,
    })),
    byId.size,
  );
  return ranked.map((r) => ({ ...r, lastActivityAt: byId.get(r.id)?.lastActivityAt ?? 0 }));
}

async function rankMatches(db: Db, organizationId: string, q: string, limit: number, options: SearchOptions) {
  const plan = planAccountSearch(q);
  if (!plan) return rankAll(q, await readAllCandidates(db, organizationId)).slice(0, limit);
  if (options.shortcuts !== false) {
    const walk = options.recentWalk ?? RECENT_WALK;
    const named = await readNameShortcut(db, organizationId, q, limit);
    const byName = rankAll(q, named);
    if (answerIsSettled(byName, limit, null)) return byName.slice(0, limit);
    const [domained, recent] = await Promise.all([
      readDomainShortcut(db, organizationId, q, limit),
      readRecentShortcut(db, organizationId, walk),
    ]);
    const walkFloor = recent.length < walk ? Number.NEGATIVE_INFINITY : (recent.at(-1)?.lastActivityAt ?? 0);
    const byShortcuts = rankAll(q, [...named, ...domained, ...recent]);
    if (answerIsSettled(byShortcuts, limit, walkFloor)) return byShortcuts.slice(0, limit);
  }
  const candidates = await readPlannedCandidates(
    db,
    organizationId,
    plan,
    options.driverPostingsCap ?? DRIVER_POSTINGS_CAP,
  );
  return rankAll(q, candidates).slice(0, limit);
}

interface CandidateRow {
  id: string;
  name: string;
  lastActivityAt: number | null;
  domains: string | null;
}

/** One compact row per account of the organization. */
async function readAllCandidates(db: Db, organizationId: string): Promise<CandidateRow[]> {
  const rows = await db
    .select({
      id: accounts.id,
      name: accounts.name,
      lastActivityAt: accounts.lastActivityAt,
      // Qualified names on purpose (see isMine).
      domains: sql<string | null>`(select group_concat(d."domain", ' ') from "account_domains" d
        where d."organization_id" = "accounts"."organization_id" and d."account_id" = "accounts"."id")`,
    })
    .from(accounts)
    .where(eq(accounts.organizationId, organizationId));
  return rows.map((r) => ({ ...r, lastActivityAt: r.lastActivityAt?.getTime() ?? null }));
}

/** Postings (counted up to this many per gram) under which a condition drives the search. */
const DRIVER_POSTINGS_CAP = 2000;

/**
 * The accounts a plan admits, in one statement. The query's grams are a VALUES list tagged with
 * their condition, its minimum and its size. Reading every posting of every query gram was the cost
 * (at 100,000 accounts a first letter's gram has ~30,000 postings: 0.3 s for "wayne systems 77"), so:
 * - each gram's postings are counted (an index range, no rows read out);
 * - an account with at least `need` of a condition's `size` grams has one of its `size - need + 1`
 *   rarest grams (pigeonhole), so those postings hold every account the condition admits;
 * - the word condition whose rarest grams have the fewest postings drives: only its postings (and
 *   the substring condition's) are read, and each of those accounts is checked against every
 *   condition with one primary-key seek per query gram.
 * An account is a candidate when it meets every word condition or the substring one. The domain
 * prefix and the pending accounts are added (D1 allows only a few terms in a compound SELECT, so the
 * conditions are not one SELECT each).
 */
async function readPlannedCandidates(
  db: Db,
  organizationId: string,
  plan: SearchPlan,
  cap: number,
): Promise<CandidateRow[]> {
  const conditions: Array<GramCondition & { word: boolean }> = [
    ...plan.allOf.map((c) => ({ ...c, word: true })),
    ...(plan.orSubstring ? [{ ...plan.orSubstring, word: false }] : []),
  ];
  const values = conditions.flatMap((c, index) =>
    c.grams.map(
      (g) =>
        sql`(${g}, ${sql.raw(String(index))}, ${sql.raw(String(Math.trunc(c.min)))}, ${sql.raw(c.word ? "1" : "0")}, ${sql.raw(String(c.grams.length))})`,
    ),
  );
  const words = plan.allOf.length;
  return db.all<CandidateRow>(sql`WITH
    q(gram, cond, need, word, size) AS (VALUES ${sql.join(values, sql`, `)}),
    counted AS MATERIALIZED (
      SELECT q.gram AS gram, q.cond AS cond, q.word AS word, q.need AS need, q.size AS size,
        (SELECT count(*) FROM (SELECT 1 FROM account_search_grams g WHERE g.organization_id = ${organizationId} AND g.gram = q.gram LIMIT ${sql.raw(String(Math.trunc(cap)))})) AS n
      FROM q),
    ranked AS (SELECT *, row_number() OVER (PARTITION BY cond ORDER BY n, gram) AS k FROM counted),
    rarest AS (SELECT gram, cond, word, n FROM ranked WHERE k <= size - need + 1),
    driver AS (SELECT cond, sum(n) AS total FROM rarest WHERE word = 1 GROUP BY cond ORDER BY total, cond LIMIT 1),
    selective(yes) AS (SELECT (SELECT total FROM driver) < ${sql.raw(String(Math.trunc(cap)))} AND NOT EXISTS (SELECT 1 FROM rarest WHERE word = 0 AND n >= ${sql.raw(String(Math.trunc(cap)))})),
    reached(id) AS (
      SELECT DISTINCT g.account_id
      -- CROSS JOIN keeps the few driving grams the outer loop: one index seek per gram.
      FROM rarest r CROSS JOIN account_search_grams g ON g.organization_id = ${organizationId} AND g.gram = r.gram
      WHERE (SELECT yes FROM selective) AND (r.word = 0 OR r.cond = (SELECT cond FROM driver))),
    hits AS (
      SELECT r.id AS account_id, q.cond AS cond, q.word AS word, count(*) >= max(q.need) AS passed
      FROM reached r CROSS JOIN q CROSS JOIN account_search_grams g
        ON g.organization_id = ${organizationId} AND g.gram = q.gram AND g.account_id = r.id
      GROUP BY r.id, q.cond
      UNION ALL
      -- Broad queries (every condition's rarest grams have thousands of postings): one grouped
      -- pass over all of them is cheaper than a seek per reached account and gram.
      SELECT g.account_id, q.cond, q.word, count(*) >= max(q.need)
      FROM q CROSS JOIN account_search_grams g ON g.organization_id = ${organizationId} AND g.gram = q.gram
      WHERE NOT (SELECT yes FROM selective)
      GROUP BY g.account_id, q.cond),
    candidate(id) AS (
      SELECT account_id FROM hits GROUP BY account_id
        HAVING sum(passed AND word) = ${sql.raw(String(words))} OR max(passed AND NOT word) = 1
      UNION SELECT account_id FROM account_domains WHERE organization_id = ${organizationId}
        AND domain >= ${plan.domainPrefix} AND domain < ${`${plan.domainPrefix}\u{10FFFF}`}
      UNION SELECT account_id FROM account_search_pending WHERE organization_id = ${organizationId})
    SELECT a.id AS id, a.name AS name, a.last_activity_at AS lastActivityAt,
      (SELECT group_concat(d.domain, ' ') FROM account_domains d
        WHERE d.organization_id = a.organization_id AND d.account_id = a.id) AS domains
    FROM candidate CROSS JOIN accounts a ON a.id = candidate.id AND a.organization_id = ${organizationId}`);
}
