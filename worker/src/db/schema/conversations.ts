import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, organizationId, timestampMs } from "./columns.ts";

/** Tokens an OpenAI analysis cost; `cache: "hit"` means this run reused an earlier answer (no new cost). */
export interface AnalysisUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  requests: number;
  cache: "hit" | "miss";
}

export const CONVERSATION_SOURCES = [
  "zoom_meeting",
  "zcc_voice",
  "zcc_video",
  "zcc_messaging",
  "zcc_email",
  "zcc_voicemail",
  "gong_call",
  "email",
  "demo",
] as const;

export const conversations = sqliteTable(
  "conversations",
  {
    id: text("id").primaryKey(),
    organizationId: organizationId(),
    source: text("source", { enum: CONVERSATION_SOURCES }).notNull(),
    /** The provider's id (Zoom meeting UUID, Gong call id...): unique per organization and source. */
    externalId: text("external_id").notNull(),
    title: text("title").notNull(),
    startedAt: timestampMs("started_at").notNull(),
    durationSeconds: integer("duration_seconds"),
    hostUserId: text("host_user_id"),
    hostEmail: text("host_email"),
    accountId: text("account_id"),
    /** How the account was chosen: automatically, by an admin, or not at all yet. */
    routing: text("routing", { enum: ["auto", "manual", "unassigned"] })
      .notNull()
      .default("unassigned"),
    status: text("status", { enum: ["pending", "stored", "analyzed", "failed"] })
      .notNull()
      .default("pending"),
    /** R2 key of the original transcript file, and a hash of its normalized text (analysis cache key). */
    transcriptKey: text("transcript_key"),
    transcriptHash: text("transcript_hash"),
    /**
     * One Slack recap per call: set after Slack accepted the recap, so re-analysis does not post again.
     * `slackRecapClaimedUntil` is a short lease taken before posting, so two recap jobs of the same
     * conversation running at once cannot both post (notifications/slack/recap-marker.ts).
     */
    slackRecapPostedAt: timestampMs("slack_recap_posted_at"),
    slackRecapClaimedUntil: timestampMs("slack_recap_claimed_until"),
    /** Which analyzer produced the current insights, and what the model's answer cost (null when built-in). */
    analyzer: text("analyzer"),
    analysisUsage: text("analysis_usage", { mode: "json" }).$type<AnalysisUsage>(),
    createdAt: createdAt(),
    updatedAt: timestampMs("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("conversations_org_source_external").on(t.organizationId, t.source, t.externalId),
    // Zoom Contact Center: one engagement is one conversation whatever its source (migration 0017).
    uniqueIndex("conversations_org_zcc_engagement")
      .on(t.organizationId, t.externalId)
      .where(sql`${t.source} LIKE 'zcc\\_%' ESCAPE '\\'`),
    index("conversations_org_account_started").on(t.organizationId, t.accountId, t.startedAt),
    index("conversations_org_host_started").on(t.organizationId, t.hostUserId, t.startedAt),
    // Stored but not analyzed yet: what the 15-minute analysis sweep reads (migration 0036).
    index("conversations_awaiting_analysis").on(t.status, t.updatedAt).where(sql`${t.status} = 'stored'`),
  ],
);

export const participants = sqliteTable(
  "participants",
  {
    id: text("id").primaryKey(),
    organizationId: organizationId(),
    conversationId: text("conversation_id").notNull(),
    name: text("name").notNull(),
    email: text("email"),
    side: text("side", { enum: ["ours", "theirs", "unknown"] }).notNull(),
    contactId: text("contact_id"),
    userId: text("user_id"),
    joinedAt: timestampMs("joined_at"),
    leftAt: timestampMs("left_at"),
  },
  (t) => [index("participants_org_conversation").on(t.organizationId, t.conversationId)],
);

/**
 * Utterances of a transcript, indexed by the FTS5 table `transcript_segments_fts` (created by a
 * hand-written migration, kept in sync by triggers, rebuildable from this table) under
 * `search_rowid`: the organization's search key * 2^32 + id (migration 0034), so each
 * organization's entries are one rowid range of the index.
 */
export const transcriptSegments = sqliteTable(
  "transcript_segments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organizationId: organizationId(),
    conversationId: text("conversation_id").notNull(),
    seq: integer("seq").notNull(),
    speaker: text("speaker"),
    startMs: integer("start_ms").notNull(),
    endMs: integer("end_ms").notNull(),
    text: text("text").notNull(),
    /** The organization's search key (migration 0034): inserts set it with searchKeyOf(). */
    searchKey: integer("search_key"),
    /** The segment's rowid in the full-text index: a virtual column, nothing stored in the row. */
    searchRowid: integer("search_rowid").generatedAlwaysAs(sql`search_key * 4294967296 + id`, { mode: "virtual" }),
  },
  (t) => [
    uniqueIndex("transcript_segments_conversation_seq").on(t.organizationId, t.conversationId, t.seq),
    uniqueIndex("transcript_segments_search_rowid").on(t.searchRowid),
  ],
);

export const INSIGHT_KINDS = [
  "topic",
  "win",
  "issue",
  "objection",
  "question",
  "next_step",
  "coaching_tip",
  "sentiment",
  "closing_probability",
] as const;

export const insights = sqliteTable(
  "insights",
  {
    id: text("id").primaryKey(),
    organizationId: organizationId(),
    conversationId: text("conversation_id").notNull(),
    /** Copied from the conversation so account overviews need no join; re-routing rewrites it. */
    accountId: text("account_id"),
    kind: text("kind", { enum: INSIGHT_KINDS }).notNull(),
    text: text("text").notNull(),
    /** A sentence that appears verbatim in the transcript, and where. */
    quote: text("quote"),
    segmentId: integer("segment_id"),
    startMs: integer("start_ms"),
    confidence: real("confidence"),
    /** Structured extras (speaker, due date, score breakdown...) as JSON. */
    data: text("data", { mode: "json" }),
    /** Which analyzer (and version) produced it: re-analysis replaces rows of the same conversation. */
    analyzer: text("analyzer").notNull(),
    occurredAt: timestampMs("occurred_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("insights_org_account_kind_time").on(t.organizationId, t.accountId, t.kind, t.occurredAt),
    index("insights_org_conversation").on(t.organizationId, t.conversationId),
    // The latest sources of one topic phrase (account overview) without reading the topic's other rows.
    index("insights_org_account_topic_key_time")
      .on(t.organizationId, t.accountId, sql`lower(${t.text})`, t.occurredAt)
      .where(sql`${t.kind} = 'topic'`),
  ],
);

/**
 * Conversations an admin deleted (deletions/): a late webhook, a redelivery or reconciliation must
 * not bring them back. A trigger (migration 0021) refuses to insert a tombstoned conversation.
 */
export const conversationTombstones = sqliteTable(
  "conversation_tombstones",
  {
    organizationId: organizationId(),
    source: text("source", { enum: CONVERSATION_SOURCES }).notNull(),
    externalId: text("external_id").notNull(),
    deletionId: text("deletion_id").notNull(),
    deletedAt: timestampMs("deleted_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.source, t.externalId] })],
);
