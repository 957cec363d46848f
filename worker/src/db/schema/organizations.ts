import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, organizationId, timestampMs } from "./columns.ts";

export const organizations = sqliteTable(
  "organizations",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    /** Intake rule: when on, only conversations hosted by a Sightline user are ingested. */
    registeredUsersOnly: integer("registered_users_only", { mode: "boolean" }).notNull().default(false),
    /**
     * Per-user Zoom OAuth: when off (the default) a Zoom user whose e-mail is not the Sightline user's
     * is refused at the callback; an admin turns it on for people whose Zoom login differs.
     */
    allowZoomEmailMismatch: integer("allow_zoom_email_mismatch", { mode: "boolean" }).notNull().default(false),
    /** Keep call recordings (Zoom Contact Center) in R2, reachable through short-lived signed links (migration 0018). */
    keepMedia: integer("keep_media", { mode: "boolean" }).notNull().default(false),
    /** Gmail: the sidebar may add a thread by itself when a participant's domain is an account's (migration 0025). */
    autoCaptureEmail: integer("auto_capture_email", { mode: "boolean" }).notNull().default(false),
    /** Slack incoming-webhook URL for call recaps: a secret, so sealed like provider credentials. */
    slackWebhookCiphertext: text("slack_webhook_ciphertext"),
    slackWebhookIv: text("slack_webhook_iv"),
    slackWebhookKeyVersion: integer("slack_webhook_key_version"),
    /** Vendor names the built-in analyzer recognizes as competitors in this organization's calls. */
    competitors: text("competitors", { mode: "json" }).$type<string[]>().notNull().default([]),
    /** Retention (migration 0023): conversations that started longer ago are deleted nightly; null keeps them. */
    transcriptRetentionDays: integer("transcript_retention_days"),
    /** Raw webhook bodies received longer ago are deleted nightly (the index row stays); null keeps them. */
    archiveRetentionDays: integer("archive_retention_days"),
    /**
     * The organization's block of full-text search rowids (migration 0034): its segments are indexed
     * under search_key * 2^32 + segment id. Set by a trigger on insert; never written by the code.
     */
    searchKey: integer("search_key"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("organizations_search_key").on(t.searchKey)],
);

/** The organization's own e-mail domains: participants from these are on "our" side. */
export const organizationDomains = sqliteTable(
  "organization_domains",
  {
    organizationId: organizationId(),
    domain: text("domain").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.domain] })],
);

export const configurationProfiles = sqliteTable(
  "configuration_profiles",
  {
    id: text("id").primaryKey(),
    organizationId: organizationId(),
    name: text("name").notNull(),
    /** Off: this profile's users' transcripts are discarded on receipt and never stored. */
    transcriptIntake: integer("transcript_intake", { mode: "boolean" }).notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("configuration_profiles_org_name").on(t.organizationId, t.name)],
);

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    organizationId: organizationId(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: ["admin", "member"] }).notNull(),
    profileId: text("profile_id"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("users_org_email").on(t.organizationId, t.email),
    index("users_org_profile").on(t.organizationId, t.profileId),
  ],
);

/** API tokens are stored as SHA-256 hashes; the token itself is shown once, when issued. */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    organizationId: organizationId(),
    userId: text("user_id").notNull(),
    tokenHash: text("token_hash").notNull(),
    /** The first characters of the token, so a user can tell their tokens apart. */
    tokenPrefix: text("token_prefix").notNull(),
    label: text("label"),
    createdAt: createdAt(),
    lastUsedAt: timestampMs("last_used_at"),
    revokedAt: timestampMs("revoked_at"),
  },
  (t) => [uniqueIndex("api_tokens_hash").on(t.tokenHash), index("api_tokens_org_user").on(t.organizationId, t.userId)],
);
