import { type SQL, sql } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import type { Db } from "../platform/services.ts";
import { DAY_MS } from "./rollups.ts";

/** One read of the overview: its SQL and the row type it yields. */
export interface Read<T> {
  query: SQL;
  /** Phantom: only carries the row type. */
  rows?: T;
}
export const read = <T>(query: SQL): Read<T> => ({ query });
type RowsOf<R> = { -readonly [K in keyof R]: R[K] extends Read<infer T> ? T[] : never };

const dialect = new SQLiteAsyncDialect();

/**
 * Runs reads as one D1 batch: one round trip to the database instead of one per query (with a dozen
 * queries, the per-query overhead was most of a small window's overview). Parameters stay bound.
 */
export async function runReads<const R extends readonly Read<unknown>[]>(db: Db, reads: R): Promise<RowsOf<R>> {
  const statements = reads.map((r) => {
    const { sql: text, params } = dialect.sqlToQuery(r.query);
    return db.$client.prepare(text).bind(...params);
  });
  const results = await db.$client.batch(statements);
  return results.map((r) => r.results) as RowsOf<R>;
}

/**
 * The SQL behind the account overview. Counts, topics, sentiment and contacts read the rollups
 * (rollups.ts): week rows for the window's whole weeks, day rows for the whole days around them, and
 * the insight rows only for its partial edge days; items and sources are LIMITed reads on the
 * insights indexes. The Worker reads tens of rows, and D1 at most one row per week or day (and per
 * topic or person), whatever the window holds.
 */
export interface OverviewScope {
  organizationId: string;
  accountId: string;
  from: number;
  to: number;
}

/** The account row as stored (epoch ms), with its domains and contact list as JSON arrays. */
export interface AccountWithListsRow {
  id: string;
  name: string;
  normalized_name: string;
  salesforce_id: string | null;
  hubspot_id: string | null;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  crm_lead_source: string | null;
  owner_user_id: string | null;
  last_activity_at: number | null;
  created_at: number;
  updated_at: number;
  /** JSON array of domain strings. */
  domains: string;
  /** JSON array of { id, name, email, title, side, lastInteractionAt } (epoch ms or null). */
  contacts: string;
}

/**
 * The account, its domains and its contact list in one statement (JSON arrays from correlated
 * subqueries), so it rides in the overview's one D1 batch: each round trip to D1 costs about a
 * millisecond locally, a statement within a batch a few hundredths.
 */
export function accountWithLists(scope: OverviewScope) {
  return read<AccountWithListsRow>(sql`select a.id, a.name, a.normalized_name, a.salesforce_id, a.hubspot_id,
      a.utm_source, a.utm_medium, a.utm_campaign, a.crm_lead_source, a.owner_user_id, a.last_activity_at, a.created_at, a.updated_at,
      (select json_group_array(d.domain) from account_domains d
        where d.organization_id = a.organization_id and d.account_id = a.id) as domains,
      (select json_group_array(json_object('id', k.id, 'name', k.name, 'email', k.email, 'title', k.title,
          'side', k.side, 'lastInteractionAt', k.last_interaction_at))
        from contacts k where k.organization_id = a.organization_id and k.account_id = a.id) as contacts
    from accounts a where a.organization_id = ${scope.organizationId} and a.id = ${scope.accountId}`);
}

export interface SourcedRow {
  kind: string;
  text: string;
  quote: string | null;
  start_ms: number | null;
  occurred_at: number;
  data: string | null;
  confidence: number | null;
  conversation_id: string;
  title: string;
  source: string;
  speaker: string | null;
  segment_id: number | null;
}

/** The conversation and speaker of each insight row, for its source. */
const withSource = sql`join conversations c on c.id = x.conversation_id and c.organization_id = x.organization_id
  left join transcript_segments s on s.id = x.segment_id and s.organization_id = x.organization_id`;
const sourcedColumns = sql`x.kind, x.text, x.quote, x.start_ms, x.occurred_at, x.data, x.confidence,
  c.id as conversation_id, c.title, c.source, s.speaker, x.segment_id`;

/**
 * The most recent rows of each of the given kinds (up to `limit` each), with their sources, in one
 * statement: per kind, one LIMITed lookup on the (organization, account, kind, time) index (a
 * correlated subquery, as for topic sources). Rows come by kind, newest first.
 */
export function latestOfKinds(scope: OverviewScope, kinds: string[], limit: number) {
  return read<SourcedRow>(sql`select ${sourcedColumns} from (
      select i.* from json_each(${JSON.stringify(kinds)}) k join insights i on i.rowid in (
        select t.rowid from insights t
        where t.organization_id = ${scope.organizationId} and t.account_id = ${scope.accountId} and t.kind = k.value
          and t.occurred_at >= ${int(scope.from)} and t.occurred_at <= ${int(scope.to)}
        order by t.occurred_at desc limit ${int(limit)})
    ) x ${withSource} order by x.kind, x.occurred_at desc`);
}

/**
 * How a window splits: whole UTC days [firstDay, lastDay] are read from the daily rollups; the
 * partial days at its edges (the window is to the millisecond) from the insight rows themselves.
 */
export function splitWindow(scope: OverviewScope): {
  firstDay: number;
  lastDay: number;
  edges: Array<[number, number]>;
} {
  const firstDay = Math.ceil(scope.from / DAY_MS);
  const lastDay = Math.floor((scope.to + 1) / DAY_MS) - 1;
  if (firstDay > lastDay) return { firstDay, lastDay, edges: [[scope.from, scope.to]] };
  const edges: Array<[number, number]> = [];
  if (scope.from < firstDay * DAY_MS) edges.push([scope.from, firstDay * DAY_MS - 1]);
  if ((lastDay + 1) * DAY_MS <= scope.to) edges.push([(lastDay + 1) * DAY_MS, scope.to]);
  return { firstDay, lastDay, edges };
}

const int = (n: number) => sql.raw(String(Math.trunc(n)));

/** The Monday (UTC day number) starting the week of a day; 1970-01-01 was a Thursday. */
const weekOf = (day: number) => day - ((day + 3) % 7);
/** The first Monday of the four-week block of a day (blocks of 28 days from Monday 1970-01-05, day 4). */
const fourWeekOf = (day: number) => day - ((day + 24) % 28);

/** Which rows of which level cover the window's whole days: each an inclusive range of their `day`. */
export interface RollupSpans {
  /** First and last block (their first Mondays), when the rollup has a four-week level. */
  fourWeeks: [number, number] | null;
  /** First and last Mondays of whole weeks outside the blocks: at most one range each side. */
  weeks: Array<[number, number]>;
  /** Whole days outside the weeks: at most 6 each side of them, up to 12 when no week is whole. */
  days: Array<[number, number]>;
}

/**
 * How the window's whole days [firstDay, lastDay] split across rollup levels: its whole four-week
 * blocks (when `withFourWeeks`), its other whole Monday-to-Sunday weeks, and the days around them.
 */
export function rollupSpans(scope: OverviewScope, withFourWeeks: boolean): RollupSpans {
  const { firstDay, lastDay } = splitWindow(scope);
  const firstWeek = weekOf(firstDay + 6);
  const lastWeek = weekOf(lastDay + 1) - 7;
  if (firstWeek > lastWeek) return { fourWeeks: null, weeks: [], days: [[firstDay, lastDay]] };
  const days: Array<[number, number]> = [];
  if (firstDay < firstWeek) days.push([firstDay, firstWeek - 1]);
  if (lastWeek + 6 < lastDay) days.push([lastWeek + 7, lastDay]);
  // Blocks start on Mondays, so the first whole one is the block of the Monday 27 days on at most.
  const firstBlock = fourWeekOf(firstWeek + 27);
  const lastBlock = fourWeekOf(lastWeek - 21);
  if (!withFourWeeks || firstBlock > lastBlock) return { fourWeeks: null, weeks: [[firstWeek, lastWeek]], days };
  const weeks: Array<[number, number]> = [];
  if (firstWeek < firstBlock) weeks.push([firstWeek, firstBlock - 7]);
  if (lastBlock + 28 <= lastWeek) weeks.push([lastBlock + 28, lastWeek]);
  return { fourWeeks: [firstBlock, lastBlock], weeks, days };
}

/** A rollup's tables per level; only topics and people have a four-week level. */
interface RollupTables {
  day: string;
  week: string;
  fourWeek?: string;
}

/**
 * The rollup rows `r` of the window's whole days as one subquery selecting `columns`: a `union all`
 * of one arm per level and range (each a range on the primary key; no OR), at most five (D1's limit
 * on a compound SELECT), wrapped so callers can add their edge arms beside it.
 */
function rollupRows(s: OverviewScope, tables: RollupTables, columns: SQL, also = sql``): SQL {
  const { fourWeeks, weeks, days } = rollupSpans(s, tables.fourWeek !== undefined);
  const arm = (table: string, [from, to]: [number, number]) =>
    sql`select ${columns} from ${sql.raw(table)} r where r.organization_id = ${s.organizationId}
      and r.account_id = ${s.accountId} and r.day >= ${int(from)} and r.day <= ${int(to)}${also}`;
  const arms = [
    ...(fourWeeks && tables.fourWeek ? [arm(tables.fourWeek, fourWeeks)] : []),
    ...weeks.map((range) => arm(tables.week, range)),
    ...days.map((range) => arm(tables.day, range)),
  ];
  return sql`select * from (${sql.join(arms, sql` union all `)})`;
}

const COUNTS: RollupTables = { day: "account_day_rollups", week: "account_week_rollups" };
const TOPICS: RollupTables = {
  day: "account_topic_day_rollups",
  week: "account_topic_week_rollups",
  fourWeek: "account_topic_four_week_rollups",
};
const CONTACTS: RollupTables = {
  day: "account_contact_day_rollups",
  week: "account_contact_week_rollups",
  fourWeek: "account_contact_four_week_rollups",
};

/**
 * One `union all` arm per partial edge day of the window (none when the window is whole days): each
 * reads insight rows `i` of the given kinds in that range. The (organization, account, kind, time)
 * index is named because for topics SQLite would otherwise prefer the topic-phrase index (it
 * matches GROUP BY lower(text)) and read every topic row of the account; a single range per arm
 * (no OR) keeps it a range scan.
 */
function edgeArms(s: OverviewScope, kind: SQL, arm: (where: SQL) => SQL): SQL {
  const { edges } = splitWindow(s);
  return sql.join(
    edges.map(
      ([from, to]) =>
        sql` union all ${arm(sql`insights i indexed by insights_org_account_kind_time
        where i.organization_id = ${s.organizationId} and i.account_id = ${s.accountId} and i.kind ${kind}
          and i.occurred_at >= ${int(from)} and i.occurred_at <= ${int(to)}`)}`,
    ),
  );
}

/**
 * Wins and issues in the window, how many conversations started in it and the latest start, in one
 * row. Whole days from the rollups (which count every conversation, analyzed or not), edge days from
 * the insight and conversation rows. The conversation edges are a second subquery: D1 allows only
 * five terms in a compound SELECT, which the rollup and insight arms may already use.
 */
export function windowCounts(scope: OverviewScope) {
  const { edges } = splitWindow(scope);
  const startedInEdge = ([from, to]: [number, number]) => sql`
      select count(*) as n, max(c.started_at) as last_at from conversations c indexed by conversations_org_account_started
        where c.organization_id = ${scope.organizationId} and c.account_id = ${scope.accountId}
          and c.started_at >= ${int(from)} and c.started_at <= ${int(to)}`;
  const edgeStarts =
    edges.length > 0 ? sql.join(edges.map(startedInEdge), sql` union all `) : sql`select 0 as n, null as last_at`;
  return read<{ wins: number | null; issues: number | null; count: number | null; last_at: number | null }>(sql`select
      w.wins, w.issues, coalesce(w.count, 0) + e.count as count,
      max(coalesce(w.last_at, e.last_at), coalesce(e.last_at, w.last_at)) as last_at
    from (select sum(wins) as wins, sum(issues) as issues, sum(conversations) as count, max(last_at) as last_at from (
        ${rollupRows(scope, COUNTS, sql`r.wins, r.issues, r.conversations, r.last_started_at as last_at`)}
        ${edgeArms(scope, sql`in ('win', 'issue')`, (rows) => sql`select sum(i.kind = 'win'), sum(i.kind = 'issue'), 0, null from ${rows}`)}
      )) w,
      (select coalesce(sum(n), 0) as count, max(last_at) as last_at from (${edgeStarts})) e`);
}

export interface TopicAggregate {
  key: string;
  phrase: string;
  conversations: number;
  mentions: number;
  last_at: number;
}

/**
 * Topics merged by phrase: the ones heard in most conversations, then the most recent by day, then
 * the most mentioned (within one call, the minute a topic was last heard says nothing). Whole days
 * come from the topic rollups (one row per week or day and phrase); a phrase's conversations add up
 * across days because each conversation's phrase is one insight row on one day.
 */
export function topTopics(scope: OverviewScope, limit: number) {
  return read<TopicAggregate>(sql`select key, min(phrase) as phrase, sum(conversations) as conversations,
      sum(mentions) as mentions, max(last_at) as last_at from (
      ${rollupRows(scope, TOPICS, sql`r.topic_key as key, r.phrase, r.conversations, r.mentions, r.last_at`)}
      ${edgeArms(
        scope,
        sql`= 'topic'`,
        (rows) => sql`select lower(i.text), min(i.text), count(distinct i.conversation_id),
          sum(coalesce(json_extract(i.data, '$.mentions'), 1)), max(i.occurred_at) from ${rows} group by lower(i.text)`,
      )}
    )
    group by key
    order by conversations desc, last_at / 86400000 desc, mentions desc, key
    limit ${int(limit)}`);
}

/** One row per (top topic, source): the topic's aggregate, then one of its latest sources (or nulls). */
export type TopicSourceRow = { rank: number; key: string } & {
  [K in keyof TopicAggregate as `topic_${K}`]: TopicAggregate[K];
} & { [K in keyof SourcedRow]: SourcedRow[K] | null };

/**
 * The top topics (topTopics) with the latest few sources of each, in one statement so the overview
 * needs no second round trip to D1: per phrase, one LIMITed lookup on the partial index
 * insights_org_account_topic_key_time (a correlated subquery; D1 refuses UNIONs of more than a few
 * terms), so a phrase's older rows are never read. Rows come in topic order, newest source first.
 */
export function topTopicsWithSources(scope: OverviewScope, limit: number, perTopic: number) {
  return read<TopicSourceRow>(sql`with top as (${topTopics(scope, limit).query}),
    ranked as (
      select row_number() over (order by conversations desc, last_at / 86400000 desc, mentions desc, key) as rank, * from top
    )
    select t.rank, t.key, t.key as topic_key, t.phrase as topic_phrase, t.conversations as topic_conversations,
      t.mentions as topic_mentions, t.last_at as topic_last_at, ${sourcedColumns}
    from ranked t
    left join insights x on x.rowid in (
      select u.rowid from insights u
      where u.organization_id = ${scope.organizationId} and u.account_id = ${scope.accountId} and u.kind = 'topic'
        and lower(u.text) = t.key and u.occurred_at >= ${int(scope.from)} and u.occurred_at <= ${int(scope.to)}
      order by u.occurred_at desc limit ${int(perTopic)})
    left join conversations c on c.id = x.conversation_id and c.organization_id = x.organization_id
    left join transcript_segments s on s.id = x.segment_id and s.organization_id = x.organization_id
    order by t.rank, x.occurred_at desc`);
}

/**
 * Average sentiment per week (weeks start on Monday, UTC): day - ((day + 3) % 7), 1970-01-01 being a
 * Thursday. Whole days from the rollups' sums and counts, edge days from the sentiment rows.
 */
export function sentimentByWeek(scope: OverviewScope) {
  return read<{ week_day: number; score: number; n: number }>(sql`select week_day,
      total(s) / sum(n) as score, sum(n) as n from (
      ${rollupRows(
        scope,
        COUNTS,
        sql`r.day - ((r.day + 3) % 7) as week_day, r.sentiment_sum as s, r.sentiment_count as n`,
        sql` and r.sentiment_count > 0`,
      )}
      ${edgeArms(
        scope,
        sql`= 'sentiment'`,
        (rows) => sql`select (i.occurred_at / ${int(DAY_MS)}) - (((i.occurred_at / ${int(DAY_MS)}) + 3) % 7),
          coalesce(i.confidence, 0), 1 from ${rows}`,
      )}
    )
    group by week_day order by week_day`);
}

export interface ContactAggregate {
  name: string;
  email: string | null;
  side: "ours" | "theirs" | "unknown";
  conversations: number;
  lastAt: number;
}

/**
 * Who took part in the window's conversations, merged by lower-cased e-mail (or name) and side, with
 * the name and e-mail of their latest conversation (SQLite takes bare columns from the max() row).
 * Whole days from the contact rollups, edge days from participants of the conversations started then.
 */
export function contactsInWindow(scope: OverviewScope) {
  const { edges } = splitWindow(scope);
  // One arm per edge range; CROSS JOIN keeps SQLite from starting at the organization's participants.
  const edgeArm = ([from, to]: [number, number]) => sql` union all
      select lower(coalesce(p.email, p.name)), p.side, p.name, p.email, count(distinct p.conversation_id),
        max(c.started_at)
        from conversations c indexed by conversations_org_account_started
        cross join participants p on p.organization_id = c.organization_id and p.conversation_id = c.id
        where c.organization_id = ${scope.organizationId} and c.account_id = ${scope.accountId}
          and c.started_at >= ${int(from)} and c.started_at <= ${int(to)}
        group by 1, 2`;
  return read<ContactAggregate>(sql`select name, email, side, sum(conversations) as conversations,
      max(last_at) as lastAt from (
      ${rollupRows(scope, CONTACTS, sql`r.person_key as key, r.side, r.name, r.email, r.conversations, r.last_at`)}
      ${sql.join(edges.map(edgeArm))}
    )
    group by key, side order by key, side`);
}
