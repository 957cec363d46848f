import { z } from "zod";
import { IdSchema, IsoDateTimeSchema } from "./common.ts";

export const ProviderSchema = z.enum(["zoom", "zoom_contact_center", "gong"]);
export type Provider = z.infer<typeof ProviderSchema>;

/** How far a connection's pull has come (Gong): calls seen and what became of them. */
export const ConnectionSyncSchema = z.object({
  /** Calls listed by the provider (each counted once). */
  found: z.number().int(),
  imported: z.number().int(),
  /** Discarded on receipt by intake rules (never stored). */
  discarded: z.number().int(),
  failed: z.number().int(),
  /** Seen but not (yet) imported: waiting for a transcript or for their turn. */
  pending: z.number().int(),
  /** The first pull (backfill) has not reached today yet. */
  backfilling: z.boolean(),
  lastSyncAt: IsoDateTimeSchema.nullable(),
  lastError: z.string().nullable(),
});
export type ConnectionSync = z.infer<typeof ConnectionSyncSchema>;

/** Zoom's and Contact Center's reconciliation (nightly, continued every 15 minutes until it reaches today). */
export const ConnectionReconciliationSchema = z.object({
  /** When a reconciliation turn last listed from the provider without an error; null before the first. */
  lastSyncAt: IsoDateTimeSchema.nullable(),
  /** Everything up to this day (Zoom) or moment (Contact Center) has been listed. */
  listedThrough: z.string().nullable(),
  /** A run has not reached today yet and goes on in the next 15-minute run. */
  running: z.boolean(),
});
export type ConnectionReconciliation = z.infer<typeof ConnectionReconciliationSchema>;

/** A connection as the API shows it: never its credentials. */
export const ConnectionSchema = z.object({
  id: IdSchema,
  provider: ProviderSchema,
  scope: z.enum(["account", "user"]),
  userId: IdSchema.nullable(),
  externalAccountId: z.string().nullable(),
  externalUserId: z.string().nullable(),
  status: z.enum(["active", "error", "disconnected"]),
  lastError: z.string().nullable(),
  createdAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
  /** Pull progress, for providers that pull (Gong); absent otherwise. */
  sync: ConnectionSyncSchema.optional(),
  /** Reconciliation state, for providers that reconcile (Zoom, Contact Center); absent otherwise. */
  reconciliation: ConnectionReconciliationSchema.optional(),
});
export type Connection = z.infer<typeof ConnectionSchema>;

/** Zoom Server-to-Server OAuth app credentials, entered by an org admin (BackEngine-style account connection). */
export const ConfigureZoomAccountRequestSchema = z.object({
  accountId: z.string().trim().min(1).max(100),
  clientId: z.string().trim().min(1).max(200),
  clientSecret: z.string().trim().min(1).max(500),
});
export type ConfigureZoomAccountRequest = z.infer<typeof ConfigureZoomAccountRequestSchema>;

/**
 * Gong by an admin's API access key and secret (Gong: Company settings > API). `apiBaseUrl` is the
 * API host Gong shows beside the key (default GONG_API_BASE); it must be on gong.io.
 */
export const ConfigureGongAccountRequestSchema = z.object({
  accessKey: z.string().trim().min(1).max(200),
  accessKeySecret: z.string().trim().min(1).max(500),
  apiBaseUrl: z.string().trim().url().max(300).optional(),
});
export type ConfigureGongAccountRequest = z.infer<typeof ConfigureGongAccountRequestSchema>;

/** The organization's Gong settings as admins see them (the webhook key's presence, never needed back). */
export const GongSettingsSchema = z.object({
  /** How many days back the first pull after connecting reaches (default 90). */
  backfillDays: z.number().int().min(1).max(3650),
  /** Whether a public key for automation-rule webhooks (JWT RS256) is set. */
  webhookPublicKeyConfigured: z.boolean(),
  /** The URL to paste into Gong's automation rule (webhook with signed JWT). */
  webhookUrl: z.string(),
});
export type GongSettings = z.infer<typeof GongSettingsSchema>;

export const SetGongSettingsRequestSchema = z.object({
  backfillDays: z.number().int().min(1).max(3650).optional(),
  /** The PEM public key Gong shows for the rule's signed JWT; null removes it (webhooks then answer 401). */
  webhookPublicKey: z.string().trim().min(1).max(10_000).nullable().optional(),
});
export type SetGongSettingsRequest = z.infer<typeof SetGongSettingsRequestSchema>;
