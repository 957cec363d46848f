import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../platform/services.ts";

/**
 * The SQL behind the account overview. Aggregation happens in D1 (GROUP BY, LIMIT, window
 * functions) so the Worker reads tens of rows whatever the window holds; every query starts from
 * the insights index (organization, account, kind, occurred_at).
 */
export interface OverviewScope {
  organizationId: string;
  accountId: string;
  from: number;
  to: number;
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
}

const inScope = (s: OverviewScope, kind: SQL) =>
  sql`i.organization_id = ${s.organizationId} and i.account_id = ${s.accountId} and i.kind ${kind}
      and i.occurred_at >= ${s.from} and i.occurred_at <= ${s.to}`;

/** The conversation and speaker of each insight row, for its source. */
const withSource = sql`join conversations c on c.id = x.conversation_id and c.organization_id = x.organization_id
  left join transcript_segments s on s.id = x.segment_id and s.organization_id = x.organization_id`;
const sourcedColumns = sql`x.kind, x.text, x.quote, x.start_ms, x.occurred_at, x.data, x.confidence,
  c.id as conversation_id, c.title, c.source, s.speaker`;

/** Most recent rows of one kind, with their sources. */
export function latestOfKind(db: Db, scope: OverviewScope, kind: string, limit: number) {
  return db.all<SourcedRow>(sql`select ${sourcedColumns} from (
      select * from insights i where ${inScope(scope, sql`= ${kind}`)} order by i.occurred_at desc limit ${limit}
    ) x ${withSource} order by x.occurred_at desc`);
}

export function countKinds(db: Db, scope: OverviewScope, kinds: string[]) {
  return db.all<{ kind: string; n: number }>(
    sql`select i.kind, count(*) as n from insights i where ${inScope(
      scope,
      sql`in (${sql.join(
        kinds.map((k) => sql`${k}`),
        sql`, `,
      )})`,
    )} group by i.kind`,
  );
}

export interface TopicAggregate {
  key: string;
  phrase: string;
  conversations: number;
  mentions: number;
  last_at: number;
}

/** Topics merged by phrase: the ones heard in most conversations, then the most recent. */
export function topTopics(db: Db, scope: OverviewScope, limit: number) {
  return db.all<TopicAggregate>(sql`select lower(i.text) as key, min(i.text) as phrase,
      count(distinct i.conversation_id) as conversations,
      sum(coalesce(json_extract(i.data, '$.mentions'), 1)) as mentions,
      max(i.occurred_at) as last_at
    from insights i where ${inScope(scope, sql`= 'topic'`)}
    group by lower(i.text)
    order by conversations desc, last_at desc, mentions desc
    limit ${limit}`);
}

/** The latest few sources of each of the given topics. */
export function topicSources(db: Db, scope: OverviewScope, keys: string[], perTopic: number) {
  if (keys.length === 0) return Promise.resolve([] as Array<SourcedRow & { key: string }>);
  return db.all<SourcedRow & { key: string }>(sql`select lower(x.text) as key, ${sourcedColumns} from (
      select i.*, row_number() over (partition by lower(i.text) order by i.occurred_at desc) as rn
      from insights i
      where ${inScope(scope, sql`= 'topic'`)} and lower(i.text) in (${sql.join(
        keys.map((k) => sql`${k}`),
        sql`, `,
      )})
    ) x ${withSource} where x.rn <= ${perTopic} order by x.occurred_at desc`);
}

/** Average sentiment per week (weeks start on Monday, UTC): day - ((day + 3) % 7), 1970-01-01 being a Thursday. */
export function sentimentByWeek(db: Db, scope: OverviewScope) {
  return db.all<{ week_day: number; score: number; n: number }>(sql`select
      (i.occurred_at / 86400000) - (((i.occurred_at / 86400000) + 3) % 7) as week_day,
      avg(coalesce(i.confidence, 0)) as score, count(*) as n
    from insights i where ${inScope(scope, sql`= 'sentiment'`)}
    group by week_day order by week_day`);
}
