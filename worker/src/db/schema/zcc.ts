import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organizationId, timestampMs } from "./columns.ts";

/**
 * Zoom Contact Center (migration 0017). Notes and dispositions hang on the engagement id, not on a
 * conversation row: they may arrive before the engagement's transcript (or its conversation) does.
 */

/** Agent notes, one row per Zoom note id: a redelivered note stays one, three notes stay three. */
export const zccNotes = sqliteTable(
  "zcc_notes",
  {
    organizationId: organizationId(),
    engagementId: text("engagement_id").notNull(),
    noteId: text("note_id").notNull(),
    userId: text("user_id"),
    note: text("note").notNull(),
    modifiedAt: timestampMs("modified_at"),
    updatedAt: timestampMs("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.engagementId, t.noteId] })],
);

/**
 * Dispositions, one row per (disposition, agent): a transfer's second disposition is kept beside the
 * first. `agentKey` is the agent's Zoom user id, "" when the source did not name one.
 */
export const zccDispositions = sqliteTable(
  "zcc_dispositions",
  {
    organizationId: organizationId(),
    engagementId: text("engagement_id").notNull(),
    dispositionId: text("disposition_id").notNull(),
    agentKey: text("agent_key").notNull(),
    dispositionName: text("disposition_name").notNull(),
    userDisplayName: text("user_display_name"),
    queueName: text("queue_name"),
    updatedAt: timestampMs("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.engagementId, t.dispositionId, t.agentKey] })],
);

/** The ingest key Flow event scripts send (SHA-256 only; shown once when an admin creates or rotates it). */
export const zccFlowKeys = sqliteTable(
  "zcc_flow_keys",
  {
    organizationId: text("organization_id").primaryKey(),
    keyHash: text("key_hash").notNull(),
    keyPrefix: text("key_prefix").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("zcc_flow_keys_hash").on(t.keyHash)],
);

/** Recordings kept in R2 (organizations.keep_media), served only through signed links (GET /media/{token}). */
export const mediaFiles = sqliteTable(
  "media_files",
  {
    id: text("id").primaryKey(),
    organizationId: organizationId(),
    conversationId: text("conversation_id").notNull(),
    provider: text("provider").notNull(),
    /** The provider's recording id. */
    externalId: text("external_id").notNull(),
    r2Key: text("r2_key").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("media_files_org_provider_external").on(t.organizationId, t.provider, t.externalId),
    index("media_files_org_conversation").on(t.organizationId, t.conversationId),
  ],
);
