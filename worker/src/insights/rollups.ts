import { type SQL, sql } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import type { Db } from "../platform/services.ts";

/**
 * Keeps `account_day_rollups`, `account_topic_day_rollups` and `account_contact_day_rollups`
 * (db/schema/insight-rollups.ts) equal to what the insight, conversation and participant rows say,
 * and their week and four-week copies equal to the sums of the shorter spans. The insight writer
 * (insight-writer.ts, the only writer of insight rows and of a conversation's account; its callers
 * write start and participants through it) adds these statements to the SAME D1 batch (one
 * transaction): mark the (account, day) keys of the rows it is about to replace or move, write the
 * insights, mark the keys of the new rows, then rebuild the marked keys from the insight rows. Rollups
 * are recomputed, never incremented, so re-analysis, retries and moves cannot double count.
 */

export const DAY_MS = 86_400_000;
const DAY_TABLES = ["account_day_rollups", "account_topic_day_rollups", "account_contact_day_rollups"];
const ROLLUP_TABLES = [
  ...DAY_TABLES,
  "account_week_rollups",
  "account_topic_week_rollups",
  "account_contact_week_rollups",
  "account_topic_four_week_rollups",
  "account_contact_four_week_rollups",
];

/**
 * A raw statement for `db.batch`. drizzle 0.45's D1 batch cannot bind parameters of raw `sql`
 * statements (it looks for a prepared statement they do not have), so values are inlined as SQL
 * literals (drizzle escapes strings by doubling quotes, SQLite's only escape).
 */
const statement = (db: Db, query: SQL) => db.run(query.inlineParams());

/** The columns each rollup holds, as SQL over insight rows `i`: shared by the rebuild and the backfill. */
const dayColumns = sql.raw(`i.organization_id, i.account_id, i.occurred_at / ${DAY_MS} AS day,
    sum(i.kind = 'win'), sum(i.kind = 'issue'),
    total(CASE WHEN i.kind = 'sentiment' THEN coalesce(i.confidence, 0) END), sum(i.kind = 'sentiment')`);
const topicColumns = sql.raw(`i.organization_id, i.account_id, i.occurred_at / ${DAY_MS} AS day, lower(i.text),
    min(i.text), count(DISTINCT i.conversation_id), sum(coalesce(json_extract(i.data, '$.mentions'), 1)),
    max(i.occurred_at)`);
const insertDay = sql.raw(
  "INSERT INTO account_day_rollups (organization_id, account_id, day, wins, issues, sentiment_sum, sentiment_count)",
);
const insertTopic = sql.raw(
  "INSERT INTO account_topic_day_rollups (organization_id, account_id, day, topic_key, phrase, conversations, mentions, last_at)",
);
/** Participants `p` of conversations `c`, per day the conversation started; name and e-mail of the latest. */
const contactColumns = sql.raw(`c.organization_id, c.account_id, c.started_at / ${DAY_MS} AS day,
    lower(coalesce(p.email, p.name)), p.side, p.name, p.email, count(DISTINCT p.conversation_id),
    max(c.started_at)`);
/**
 * Conversations per account and start day, analyzed or not, merged into the day rows the insight
 * columns made (or new rows with zero insights). The WHERE of each SELECT feeding it keeps SQLite
 * from reading ON CONFLICT as a join constraint.
 */
const conversationColumns = sql.raw(`c.organization_id, c.account_id, c.started_at / ${DAY_MS} AS day,
    0, 0, 0, 0, count(*), max(c.started_at)`);
const upsertConversations = sql.raw(`INSERT INTO account_day_rollups (organization_id, account_id, day, wins, issues,
    sentiment_sum, sentiment_count, conversations, last_started_at)`);
const onDayConflict = sql.raw(`ON CONFLICT (organization_id, account_id, day) DO UPDATE
    SET conversations = excluded.conversations, last_started_at = excluded.last_started_at`);
const insertContact = sql.raw(
  "INSERT INTO account_contact_day_rollups (organization_id, account_id, day, person_key, side, name, email, conversations, last_at)",
);
const withParticipants = sql.raw(
  "JOIN participants p ON p.organization_id = c.organization_id AND p.conversation_id = c.id",
);
const dayKinds = sql.raw("i.kind IN ('win', 'issue', 'sentiment')");
const topicKind = sql.raw("i.kind = 'topic'");

/** A span of whole days, and the SQL for its first day given a UTC day number. */
interface Span {
  days: number;
  startOf: (day: string) => string;
}
/** Monday to Sunday (1970-01-01 was a Thursday). */
const WEEK: Span = { days: 7, startOf: (day) => `(${day} - ((${day} + 3) % 7))` };
/** Four weeks, counted from Monday 1970-01-05 (day 4), so each block is four whole weeks. */
const FOUR_WEEKS: Span = { days: 28, startOf: (day) => `(${day} - ((${day} + 24) % 28))` };

/** What each rollup holds after its key, and how rows of a shorter span add up into a longer one. */
const SHAPES = {
  counts: {
    columns: "wins, issues, sentiment_sum, sentiment_count, conversations, last_started_at",
    sums: "sum(r.wins), sum(r.issues), total(r.sentiment_sum), sum(r.sentiment_count), sum(r.conversations), max(r.last_started_at)",
    groupBy: "1, 2, 3",
  },
  topics: {
    columns: "topic_key, phrase, conversations, mentions, last_at",
    sums: "r.topic_key, min(r.phrase), sum(r.conversations), sum(r.mentions), max(r.last_at)",
    groupBy: "1, 2, 3, 4",
  },
  // The latest name and e-mail of a person come with max(last_at), as SQLite takes bare columns from that row.
  contacts: {
    columns: "person_key, side, name, email, conversations, last_at",
    sums: "r.person_key, r.side, r.name, r.email, sum(r.conversations), max(r.last_at)",
    groupBy: "1, 2, 3, 4, 5",
  },
};

/**
 * A rollup summed from the rows `r` of a shorter span: its insert, its source, and how many days one
 * of its rows covers (`day` holds the span's first day, so its rows are r.day in [day, day + span)).
 */
function summed(table: string, from: string, shape: (typeof SHAPES)[keyof typeof SHAPES], span: Span) {
  return {
    table,
    from: sql.raw(from),
    span,
    select: sql.raw(`INSERT INTO ${table} (organization_id, account_id, day, ${shape.columns})
    SELECT r.organization_id, r.account_id, ${span.startOf("r.day")} AS span, ${shape.sums}`),
    groupBy: sql.raw(`GROUP BY ${shape.groupBy}`),
  };
}

/**
 * Week rows from day rows, then four-week rows (topics and people only: a year is 13 of them instead
 * of 52 weeks) from week rows. Order matters: each level reads the one rebuilt before it.
 */
const SUMMED_LEVELS = [
  summed("account_week_rollups", "account_day_rollups", SHAPES.counts, WEEK),
  summed("account_topic_week_rollups", "account_topic_day_rollups", SHAPES.topics, WEEK),
  summed("account_contact_week_rollups", "account_contact_day_rollups", SHAPES.contacts, WEEK),
  summed("account_topic_four_week_rollups", "account_topic_week_rollups", SHAPES.topics, FOUR_WEEKS),
  summed("account_contact_four_week_rollups", "account_contact_week_rollups", SHAPES.contacts, FOUR_WEEKS),
];

/**
 * Marks for rebuilding the (account, day) keys one conversation touches now: the days of its insight
 * rows and of the start recorded on them (the account and start of its last analysis, which ingestion
 * may have changed since), and the conversation's own account and start day (its participants).
 * `conversationId` may be a subquery, for a writer that knows the conversation by another key.
 */
export function markConversationDays(db: Db, organizationId: string, conversationId: string | SQL) {
  const day = sql.raw(String(DAY_MS));
  return statement(
    db,
    sql`INSERT OR IGNORE INTO rollup_dirty_days (organization_id, account_id, day)
    SELECT organization_id, account_id, occurred_at / ${day} FROM insights
      WHERE organization_id = ${organizationId} AND conversation_id = ${conversationId} AND account_id IS NOT NULL
    UNION SELECT organization_id, account_id, (occurred_at - coalesce(start_ms, 0)) / ${day} FROM insights
      WHERE organization_id = ${organizationId} AND conversation_id = ${conversationId} AND account_id IS NOT NULL
    UNION SELECT organization_id, account_id, started_at / ${day} FROM conversations
      WHERE organization_id = ${organizationId} AND id = ${conversationId} AND account_id IS NOT NULL`,
  );
}

/** Recomputes every marked (account, day) of the organization from its rows, then clears the marks. */
export function rebuildMarkedDays(db: Db, organizationId: string) {
  const marked = sql`SELECT organization_id, account_id, day FROM rollup_dirty_days WHERE organization_id = ${organizationId}`;
  const day = sql.raw(String(DAY_MS));
  // Insight rows of the marked days, through the (organization, account, kind, occurred_at) index.
  const fromMarked = (kinds: SQL) => sql`FROM rollup_dirty_days d JOIN insights i
      ON i.organization_id = d.organization_id AND i.account_id = d.account_id AND ${kinds}
      AND i.occurred_at >= d.day * ${day} AND i.occurred_at < (d.day + 1) * ${day}
    WHERE d.organization_id = ${organizationId}`;
  // Conversations started on the marked days, through the (organization, account, started_at) index.
  const startedOnMarked = sql`FROM rollup_dirty_days d JOIN conversations c
      ON c.organization_id = d.organization_id AND c.account_id = d.account_id
      AND c.started_at >= d.day * ${day} AND c.started_at < (d.day + 1) * ${day}`;
  // The weeks (and four-week blocks) of the marked days, summed again from the rows just rebuilt.
  const markedSpans = (span: Span) => sql`SELECT DISTINCT organization_id, account_id,
    ${sql.raw(span.startOf("day"))} AS span FROM rollup_dirty_days WHERE organization_id = ${organizationId}`;
  return [
    ...DAY_TABLES.map((table) =>
      statement(db, sql`DELETE FROM ${sql.raw(table)} WHERE (organization_id, account_id, day) IN (${marked})`),
    ),
    statement(db, sql`${insertDay} SELECT ${dayColumns} ${fromMarked(dayKinds)} GROUP BY 1, 2, 3`),
    statement(
      db,
      sql`${upsertConversations} SELECT ${conversationColumns} ${startedOnMarked}
        WHERE d.organization_id = ${organizationId} GROUP BY 1, 2, 3 ${onDayConflict}`,
    ),
    statement(db, sql`${insertTopic} SELECT ${topicColumns} ${fromMarked(topicKind)} GROUP BY 1, 2, 3, 4`),
    statement(
      db,
      sql`${insertContact} SELECT ${contactColumns} ${startedOnMarked} ${withParticipants}
        WHERE d.organization_id = ${organizationId} GROUP BY 1, 2, 3, 4, 5`,
    ),
    ...SUMMED_LEVELS.flatMap((level) => {
      const marked = markedSpans(level.span);
      const length = sql.raw(String(level.span.days));
      return [
        statement(db, sql`DELETE FROM ${sql.raw(level.table)} WHERE (organization_id, account_id, day) IN (${marked})`),
        statement(
          db,
          sql`${level.select} FROM (${marked}) w JOIN ${level.from} r ON r.organization_id = w.organization_id
            AND r.account_id = w.account_id AND r.day >= w.span AND r.day < w.span + ${length} ${level.groupBy}`,
        ),
      ];
    }),
    statement(db, sql`DELETE FROM rollup_dirty_days WHERE organization_id = ${organizationId}`),
  ];
}

/**
 * The marks around a conversation's writes, for tests that write rows by hand (the insight writer
 * composes the same statements itself).
 */
export function aroundInsightWrites(db: Db, organizationId: string, conversationId: string | SQL) {
  return {
    before: markConversationDays(db, organizationId, conversationId),
    after: [
      markConversationDays(db, organizationId, conversationId),
      ...rebuildMarkedDays(db, organizationId),
    ] as const,
  };
}

/** An account that no longer exists has no rollups (its conversations and insights become unassigned). */
export function deleteAccountRollups(db: Db, organizationId: string, accountId: string) {
  return ROLLUP_TABLES.map((table) =>
    statement(
      db,
      sql`DELETE FROM ${sql.raw(table)} WHERE organization_id = ${organizationId} AND account_id = ${accountId}`,
    ),
  );
}

/**
 * Rebuilds all rollups (of one organization, or of the whole database) from the insight rows,
 * conversations and participants, as SQL text: the backfills of migrations 0003 (days) and 0004
 * (weeks), the demo seed and the benchmark seed run exactly these statements.
 */
export function rebuildAllRollupsSql(organizationId?: string): string[] {
  const only = organizationId ? sql` AND i.organization_id = ${organizationId}` : sql``;
  const conversationsOnly = organizationId ? sql` AND c.organization_id = ${organizationId}` : sql``;
  const statements = [
    ...ROLLUP_TABLES.map((table) =>
      organizationId
        ? sql`DELETE FROM ${sql.raw(table)} WHERE organization_id = ${organizationId}`
        : sql`DELETE FROM ${sql.raw(table)}`,
    ),
    sql`${insertDay} SELECT ${dayColumns} FROM insights i WHERE i.account_id IS NOT NULL AND ${dayKinds}${only} GROUP BY 1, 2, 3`,
    sql`${upsertConversations} SELECT ${conversationColumns} FROM conversations c WHERE c.account_id IS NOT NULL${conversationsOnly} GROUP BY 1, 2, 3 ${onDayConflict}`,
    sql`${insertTopic} SELECT ${topicColumns} FROM insights i WHERE i.account_id IS NOT NULL AND ${topicKind}${only} GROUP BY 1, 2, 3, 4`,
    sql`${insertContact} SELECT ${contactColumns} FROM conversations c ${withParticipants} WHERE c.account_id IS NOT NULL${conversationsOnly} GROUP BY 1, 2, 3, 4, 5`,
    // Weeks from the days just inserted, four-week blocks from those weeks.
    ...SUMMED_LEVELS.map(
      (level) =>
        sql`${level.select} FROM ${level.from} r${organizationId ? sql` WHERE r.organization_id = ${organizationId}` : sql``} ${level.groupBy}`,
    ),
  ];
  const dialect = new SQLiteSyncDialect();
  return statements.map((s) => `${dialect.sqlToQuery(s.inlineParams()).sql.replace(/\s+/g, " ")};`);
}
