import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, organizationId, timestampMs } from "./columns.ts";

/** Credentials for Zoom / Zoom Contact Center / Gong, encrypted at rest (AES-256-GCM). */
export const connections = sqliteTable(
  "connections",
  {
    id: text("id").primaryKey(),
    organizationId: organizationId(),
    provider: text("provider", { enum: ["zoom", "zoom_contact_center", "gong"] }).notNull(),
    /** "account": one admin-configured connection for the whole provider account; "user": per-user OAuth. */
    scope: text("scope", { enum: ["account", "user"] }).notNull(),
    userId: text("user_id"),
    externalAccountId: text("external_account_id"),
    externalUserId: text("external_user_id"),
    status: text("status", { enum: ["active", "error", "disconnected"] }).notNull(),
    /** base64 ciphertext and IV; the key version allows rotating TOKEN_ENCRYPTION_KEY. */
    credentialsCiphertext: text("credentials_ciphertext"),
    credentialsIv: text("credentials_iv"),
    keyVersion: integer("key_version"),
    /** Reconciliation cursor: everything before it has been listed from the provider. */
    syncCursor: text("sync_cursor"),
    /** Set by the nightly reconciliation, cleared when this connection has listed up to today. */
    reconcilePending: integer("reconcile_pending", { mode: "boolean" }).notNull().default(false),
    /** The window (yyyy-mm-dd, inclusive) a reconciliation stopped in, and Zoom's next_page_token there. */
    reconcileWindowFrom: text("reconcile_window_from"),
    reconcileWindowTo: text("reconcile_window_to"),
    reconcilePageToken: text("reconcile_page_token"),
    lastError: text("last_error"),
    /** When a reconciliation turn last listed from the provider without an error (migration 0037). */
    lastSyncAt: timestampMs("last_sync_at"),
    createdAt: createdAt(),
    updatedAt: timestampMs("updated_at").notNull(),
  },
  (t) => [
    index("connections_org_provider").on(t.organizationId, t.provider),
    index("connections_provider_external_account").on(t.provider, t.externalAccountId),
  ],
);

/**
 * Who owns a provider account (today: Zoom account ids): at most one organization, by the primary
 * key. Kept by triggers on `connections` (migration 0010): activating a Zoom connection claims its
 * account and is aborted ("zoom_account_claimed") when another organization holds it; disconnecting
 * the owner's last connection to the account releases it.
 */
export const providerAccountClaims = sqliteTable(
  "provider_account_claims",
  {
    provider: text("provider").notNull(),
    externalAccountId: text("external_account_id").notNull(),
    organizationId: organizationId(),
    claimedAt: timestampMs("claimed_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.provider, t.externalAccountId] }),
    index("provider_account_claims_org").on(t.organizationId),
  ],
);

/**
 * Index of raw webhook bodies archived in R2 before they are acknowledged. The organization is
 * unknown until the event is matched to a connection, so it may be null for unmatched events.
 */
export const webhookEvents = sqliteTable(
  "webhook_events",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id"),
    provider: text("provider").notNull(),
    eventType: text("event_type").notNull(),
    /** Deduplicates redeliveries per organization: the same event delivered 4 times is processed once. */
    dedupeKey: text("dedupe_key").notNull(),
    r2Key: text("r2_key").notNull(),
    /** received: archived and indexed, not yet enqueued (a retry enqueues it); queued; ignored; processed; failed. */
    status: text("status", { enum: ["received", "queued", "ignored", "processed", "failed"] }).notNull(),
    reason: text("reason"),
    receivedAt: timestampMs("received_at").notNull(),
    /** When the archived body of an ignored event was deleted (retention: UNMATCHED_ARCHIVE_DAYS). */
    archiveDeletedAt: timestampMs("archive_deleted_at"),
    /** Times the stuck-event sweep enqueued it again, and when it last did (its deadline counts from then). */
    requeueCount: integer("requeue_count").notNull().default(0),
    requeuedAt: timestampMs("requeued_at"),
    /** The provider object the event is about (a Zoom meeting UUID...): a deletion finds its archives by it. */
    subjectId: text("subject_id"),
  },
  (t) => [
    index("webhook_events_ignored_archives").on(t.status, t.archiveDeletedAt, t.receivedAt),
    // Unmatched events (no organization) dedupe among themselves, hence the coalesce.
    uniqueIndex("webhook_events_org_provider_dedupe").on(
      sql`coalesce(${t.organizationId}, '')`,
      t.provider,
      t.dedupeKey,
    ),
    index("webhook_events_org_received").on(t.organizationId, t.receivedAt),
    index("webhook_events_status_received").on(t.status, t.receivedAt),
    index("webhook_events_org_subject").on(t.organizationId, t.provider, t.subjectId),
  ],
);

/** Jobs that failed permanently or ran out of retries; the CLI lists and replays them. */
export const failedJobs = sqliteTable(
  "failed_jobs",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id"),
    jobType: text("job_type").notNull(),
    payload: text("payload", { mode: "json" }).notNull(),
    reason: text("reason").notNull(),
    attempts: integer("attempts").notNull(),
    createdAt: createdAt(),
    replayedAt: timestampMs("replayed_at"),
  },
  (t) => [index("failed_jobs_org_created").on(t.organizationId, t.createdAt)],
);

/** Audit trail of data deletions requested by admins (deletions/): scope, range, who, when, counts. */
export const deletionRequests = sqliteTable(
  "deletion_requests",
  {
    id: text("id").primaryKey(),
    organizationId: organizationId(),
    /** The admin who asked; RETENTION_REQUESTER for the nightly retention clean-up. */
    requestedByUserId: text("requested_by_user_id").notNull(),
    /**
     * Whose conversations: everything, one user's (hosted), one account's, one connection's; or
     * "retention": the nightly clean-up (conversations started before toAt, archives before archivesBefore).
     */
    scope: text("scope", { enum: ["all", "user", "account", "connection", "retention"] }).notNull(),
    /** Optional date range over the conversations' start: [fromAt, toAt). */
    fromAt: timestampMs("from_at"),
    toAt: timestampMs("to_at"),
    targetUserId: text("target_user_id"),
    targetAccountId: text("target_account_id"),
    targetConnectionId: text("target_connection_id"),
    status: text("status", { enum: ["pending", "running", "done", "failed"] }).notNull(),
    /** Conversations in scope when the deletion started (progress is deleted / found). */
    conversationsFound: integer("conversations_found"),
    /** Progress and proof: what was removed, as counts (the audit row holds no customer content). */
    conversationsDeleted: integer("conversations_deleted").notNull().default(0),
    segmentsDeleted: integer("segments_deleted").notNull().default(0),
    insightsDeleted: integer("insights_deleted").notNull().default(0),
    participantsDeleted: integer("participants_deleted").notNull().default(0),
    webhookEventsDeleted: integer("webhook_events_deleted").notNull().default(0),
    objectsDeleted: integer("objects_deleted").notNull().default(0),
    /** Retention: archived webhook bodies received before this go (their index rows stay). */
    archivesBefore: timestampMs("archives_before"),
    /** Retention: archived bodies deleted for their age (also counted in objectsDeleted when they existed). */
    archivesExpired: integer("archives_expired").notNull().default(0),
    error: text("error"),
    createdAt: createdAt(),
    updatedAt: timestampMs("updated_at"),
    completedAt: timestampMs("completed_at"),
  },
  (t) => [index("deletion_requests_org_created").on(t.organizationId, t.createdAt)],
);

/**
 * OAuth authorization requests in flight: `state` is bound to the Sightline user who started it,
 * with the PKCE verifier; single use, short-lived (the callback deletes it).
 */
export const oauthStates = sqliteTable(
  "oauth_states",
  {
    state: text("state").primaryKey(),
    organizationId: organizationId(),
    userId: text("user_id").notNull(),
    provider: text("provider", { enum: ["zoom", "gong"] }).notNull(),
    codeVerifier: text("code_verifier").notNull(),
    redirectAfter: text("redirect_after"),
    /**
     * SHA-256 of the one-time ticket of `/oauth/{provider}/begin` (the step that binds the flow to a
     * browser); null once the flow has begun.
     */
    beginTicketHash: text("begin_ticket_hash"),
    /** SHA-256 of the browser-binding cookie set by `begin`; the callback must present that cookie. */
    browserBindingHash: text("browser_binding_hash"),
    createdAt: createdAt(),
    expiresAt: timestampMs("expires_at").notNull(),
  },
  (t) => [
    index("oauth_states_expires").on(t.expiresAt),
    uniqueIndex("oauth_states_begin_ticket").on(t.beginTicketHash),
  ],
);

/** Transcripts discarded on receipt by intake rules (never stored), counted for admins. */
export const intakeDiscards = sqliteTable(
  "intake_discards",
  {
    id: text("id").primaryKey(),
    organizationId: organizationId(),
    provider: text("provider").notNull(),
    /** "unregistered_host" (registered-users-only is on) or "intake_off" (the host's profile). */
    reason: text("reason", { enum: ["unregistered_host", "intake_off"] }).notNull(),
    hostEmail: text("host_email"),
    externalId: text("external_id"),
    discardedAt: timestampMs("discarded_at").notNull(),
  },
  (t) => [index("intake_discards_org_time").on(t.organizationId, t.discardedAt)],
);

/** Who "requested" a retention deletion: the nightly cron, not a user (the API shows null). */
export const RETENTION_REQUESTER = "system:retention";

/**
 * An admin's export of an account or the whole organization as JSON Lines (issue 13), written to R2
 * one part per queued step (orgs/{org}/exports/{id}/part-NNNNN.jsonl); the download link streams the
 * parts in order as one file. `phase` and `cursor` say where the next step starts (keyset, so a
 * step run twice writes the same part again); `counts` holds lines per kind (no customer content).
 */
export const dataExports = sqliteTable(
  "data_exports",
  {
    id: text("id").primaryKey(),
    organizationId: organizationId(),
    requestedByUserId: text("requested_by_user_id").notNull(),
    scope: text("scope", { enum: ["organization", "account"] }).notNull(),
    targetAccountId: text("target_account_id"),
    /** expired: its parts were deleted (EXPORT_KEEP_DAYS after it was done, or by an "everything" deletion). */
    status: text("status", { enum: ["pending", "running", "done", "failed", "expired"] }).notNull(),
    phase: text("phase", {
      enum: ["accounts", "contacts", "conversations", "transcript_segments", "insights", "done"],
    }).notNull(),
    cursor: text("cursor"),
    parts: integer("parts").notNull().default(0),
    counts: text("counts", { mode: "json" }).$type<Record<string, number>>().notNull().default({}),
    bytes: integer("bytes").notNull().default(0),
    error: text("error"),
    createdAt: createdAt(),
    updatedAt: timestampMs("updated_at").notNull(),
    completedAt: timestampMs("completed_at"),
  },
  (t) => [index("data_exports_org_created").on(t.organizationId, t.createdAt)],
);
