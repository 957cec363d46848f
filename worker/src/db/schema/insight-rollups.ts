import { integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { organizationId } from "./columns.ts";

/*
 * Each rollup exists at several spans (day, week, four weeks) with the same columns: the column sets
 * are built once here, fresh per table (a drizzle column builder belongs to one table).
 */

/** The key every rollup starts with: organization, account, and the first UTC day of the span. */
const spanKey = () => ({
  organizationId: organizationId(),
  accountId: text("account_id").notNull(),
  day: integer("day").notNull(),
});

const countColumns = () => ({
  ...spanKey(),
  wins: integer("wins").notNull(),
  issues: integer("issues").notNull(),
  /** Sum and count of the span's overall sentiment scores (sentiment rows' confidence, null as 0). */
  sentimentSum: real("sentiment_sum").notNull(),
  sentimentCount: integer("sentiment_count").notNull(),
  /**
   * Conversations that started in the span (from the conversations table, analyzed or not) and the
   * latest start: the overview's conversation count without counting the window's rows.
   */
  conversations: integer("conversations").notNull().default(0),
  lastStartedAt: integer("last_started_at"),
});

const topicColumns = () => ({
  ...spanKey(),
  topicKey: text("topic_key").notNull(),
  /** The smallest spelling of the phrase in the span (the overview shows it lower-cased). */
  phrase: text("phrase").notNull(),
  conversations: integer("conversations").notNull(),
  mentions: integer("mentions").notNull(),
  lastAt: integer("last_at").notNull(),
});

const contactColumns = () => ({
  ...spanKey(),
  personKey: text("person_key").notNull(),
  side: text("side").notNull(),
  name: text("name").notNull(),
  email: text("email"),
  conversations: integer("conversations").notNull(),
  lastAt: integer("last_at").notNull(),
});

/**
 * Per-account daily summaries of the `insights`, `conversations` and `participants` tables, so an
 * account overview reads one row per day (and per day and topic, or person) instead of every row of
 * its window. Derived data: transcript storage, the analysis job, manual routing and the demo seed
 * recompute the affected (account, day) rows from those rows in the same D1 batch that changes them
 * (worker/src/insights/rollups.ts), never by incrementing. `day` is the UTC day (epoch ms /
 * 86,400,000) of the insight's `occurred_at`, and of the conversation's `started_at` for the
 * conversation columns.
 */
export const accountDayRollups = sqliteTable("account_day_rollups", countColumns(), (t) => [
  primaryKey({ columns: [t.organizationId, t.accountId, t.day] }),
]);

/**
 * Topics per account and day, merged by lower-cased phrase. `conversations` counts distinct
 * conversations: summing it over days is exact because a conversation has one row per phrase
 * (toInsightRows merges case variants), so each (conversation, phrase) falls on one day.
 */
export const accountTopicDayRollups = sqliteTable("account_topic_day_rollups", topicColumns(), (t) => [
  primaryKey({ columns: [t.organizationId, t.accountId, t.day, t.topicKey] }),
]);

/**
 * Who took part in the account's conversations per day (the day the conversation started), merged
 * by lower-cased e-mail (or name) and side, with the name and e-mail of their latest conversation
 * that day. Summing `conversations` over days is exact: a conversation starts on one day. Recomputed
 * from participants and conversations by the analysis job (which follows every transcript store),
 * manual routing and the demo seed.
 */
export const accountContactDayRollups = sqliteTable("account_contact_day_rollups", contactColumns(), (t) => [
  primaryKey({ columns: [t.organizationId, t.accountId, t.day, t.personKey, t.side] }),
]);

/**
 * Week-level copies of the three daily rollups, summed from them (never from increments) in the same
 * batch that rebuilds the days: a year-long overview reads ~52 week rows per topic or person instead
 * of ~365 day rows. `day` is the week's Monday (UTC day number, day - ((day + 3) % 7), 1970-01-01
 * being a Thursday), so the same SQL reads day and week rows; the overview takes the window's whole
 * weeks from here and the days around them from the daily tables.
 */
export const accountWeekRollups = sqliteTable("account_week_rollups", countColumns(), (t) => [
  primaryKey({ columns: [t.organizationId, t.accountId, t.day] }),
]);

/** Topics per account and week (see accountTopicDayRollups; conversations add up across days). */
export const accountTopicWeekRollups = sqliteTable("account_topic_week_rollups", topicColumns(), (t) => [
  primaryKey({ columns: [t.organizationId, t.accountId, t.day, t.topicKey] }),
]);

/** People per account, week and side, with the name and e-mail of their latest conversation that week. */
export const accountContactWeekRollups = sqliteTable("account_contact_week_rollups", contactColumns(), (t) => [
  primaryKey({ columns: [t.organizationId, t.accountId, t.day, t.personKey, t.side] }),
]);

/**
 * Topics and people per account and four-week block, summed from the week rows in the same batch:
 * `day` is the block's first Monday (blocks of 28 days counted from Monday 1970-01-05, day 4, so
 * each is four whole weeks). A year-long overview reads 13 of these per topic or person, then the
 * weeks and days around them. Counts and sentiment stay at week level (one row per week is cheap,
 * and sentiment is shown by week).
 */
export const accountTopicFourWeekRollups = sqliteTable("account_topic_four_week_rollups", topicColumns(), (t) => [
  primaryKey({ columns: [t.organizationId, t.accountId, t.day, t.topicKey] }),
]);

/** People per account, four-week block and side (see accountTopicFourWeekRollups). */
export const accountContactFourWeekRollups = sqliteTable("account_contact_four_week_rollups", contactColumns(), (t) => [
  primaryKey({ columns: [t.organizationId, t.accountId, t.day, t.personKey, t.side] }),
]);

/**
 * (account, day) keys whose rollups must be recomputed, filled and emptied within one D1 batch
 * (a batch is one transaction, so it is empty between batches). Lets a batch capture the days of the
 * insight rows it is about to delete or move, which the Worker cannot know without a racy read.
 */
export const rollupDirtyDays = sqliteTable("rollup_dirty_days", spanKey(), (t) => [
  primaryKey({ columns: [t.organizationId, t.accountId, t.day] }),
]);
