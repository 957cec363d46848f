import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { organizationId, timestampMs } from "./columns.ts";

/** The organization's Gong settings (migration 0014). */
export const gongSettings = sqliteTable("gong_settings", {
  organizationId: text("organization_id").primaryKey(),
  /** How far back the first pull after connecting reaches. */
  backfillDays: integer("backfill_days").notNull().default(90),
  /** PEM public key of the automation-rule webhook's JWT (RS256), pasted by an admin from Gong's UI. */
  webhookPublicKey: text("webhook_public_key"),
  updatedAt: timestampMs("updated_at").notNull(),
});

/** Where a Gong connection's pull stands; stored after every page so any failure resumes there. */
export const gongSyncState = sqliteTable(
  "gong_sync_state",
  {
    connectionId: text("connection_id").primaryKey(),
    organizationId: organizationId(),
    /** The window (call start times) being listed and Gong's cursor in it; null between runs. */
    windowFrom: timestampMs("window_from"),
    windowTo: timestampMs("window_to"),
    cursor: text("cursor"),
    /** Everything started before this was listed at least once (the next window starts an overlap before it). */
    syncedTo: timestampMs("synced_to"),
    /** One pull per connection at a time: a job holds this lease while it works a page. */
    leaseUntil: timestampMs("lease_until"),
    /** One OAuth refresh per connection at a time, over every isolate (Gong's refresh tokens are single use). */
    refreshLeaseUntil: timestampMs("refresh_lease_until"),
    lastSyncAt: timestampMs("last_sync_at"),
    lastError: text("last_error"),
    updatedAt: timestampMs("updated_at").notNull(),
  },
  (t) => [index("gong_sync_state_org").on(t.organizationId)],
);

export const GONG_CALL_STATUSES = ["found", "imported", "discarded", "failed", "no_transcript"] as const;

/** Every Gong call an organization has seen, once however often it is listed or announced. */
export const gongCalls = sqliteTable(
  "gong_calls",
  {
    organizationId: organizationId(),
    callId: text("call_id").notNull(),
    connectionId: text("connection_id").notNull(),
    status: text("status", { enum: GONG_CALL_STATUSES }).notNull(),
    reason: text("reason"),
    conversationId: text("conversation_id"),
    attempts: integer("attempts").notNull().default(0),
    firstSeenAt: timestampMs("first_seen_at").notNull(),
    updatedAt: timestampMs("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.callId] }),
    index("gong_calls_connection_status").on(t.connectionId, t.status),
  ],
);

/** The request budget of one Gong company, shared by every isolate (see providers/gong/gong-rate-limit.ts). */
export const gongRateLimits = sqliteTable("gong_rate_limits", {
  companyKey: text("company_key").primaryKey(),
  nextSlotAt: integer("next_slot_at").notNull(),
  day: text("day").notNull(),
  dayCount: integer("day_count").notNull(),
});
