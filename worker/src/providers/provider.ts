import type { ConnectionSync } from "@sightline/shared";
import type { connections, webhookEvents } from "../db/schema/index.ts";
import type { Services } from "../platform/services.ts";
import type { IngestJob } from "../queue/jobs.ts";

export type ConnectionRow = typeof connections.$inferSelect;
export type ProviderName = ConnectionRow["provider"];
export type WebhookEventRow = typeof webhookEvents.$inferSelect;

/** A verified, parsed event of Zoom's signed `POST /webhooks/zoom` (the envelope every Zoom product shares). */
export interface ZoomWebhookEnvelope {
  event: string;
  event_ts: number;
  payload: { account_id?: string; object?: Record<string, unknown> } & Record<string, unknown>;
}

/** What accepting an event ended in (the webhook's answer says it). */
export type WebhookAcceptStatus = "queued" | "ignored" | "duplicate";

/**
 * What a conversation source (Zoom meetings, Zoom Contact Center, Gong) gives the rest of the
 * Worker. Each lives in its own folder under providers/ with everything it needs (routes, client,
 * connections, fetch, store, reconciliation); the queue, the cron and the connections API reach a
 * provider only through this shape, so adding one touches the registry and nothing else upstream.
 */
export interface Provider {
  readonly name: ProviderName;
  /** The ingest job kinds this provider's stages run (the dispatcher routes them here). */
  readonly jobKinds: readonly IngestJob["kind"][];
  /** Runs one of `jobKinds`; throws the job contract's errors (PermanentJobError, RetryLaterError). */
  runJob(services: Services, job: IngestJob): Promise<void>;
  /**
   * Connects an organization with credentials it checks with the provider first (the admin's form);
   * per-user OAuth connects through the provider's own /oauth routes instead. Input is validated
   * by the provider's own schema: a bad field is a 400 naming it.
   */
  connect(services: Services, organizationId: string, input: unknown): Promise<ConnectionRow>;
  /** Revokes at the provider (best effort), deletes the credentials, keeps the row and all history. */
  disconnect(services: Services, connection: ConnectionRow): Promise<{ revoked: boolean }>;
  /** Nightly: ingests what no webhook announced, for every active connection of every organization. */
  reconcile(services: Services): Promise<void>;
  /** Every 15 minutes (the cron): the provider's own upkeep, e.g. Gong's scheduled pull, Zoom's staged-audio clean-up. */
  everyQuarterHour?(services: Services): Promise<void>;
  /** Every 15 minutes: enqueues again this provider's webhook events stuck in received/queued (webhook-archive/requeue-stuck-events.ts). */
  sweepStuckEvents?(services: Services): Promise<void>;
  /** Every 15 minutes: deletes the archived bodies of this provider's ignored events past the retention (webhook-archive/sweep-ignored-archives.ts). */
  sweepArchives?(services: Services): Promise<void>;
  /** Pull progress of the organization's connections of this provider, by connection id (GET /connections). */
  syncProgress?(services: Services, organizationId: string): Promise<Map<string, ConnectionSync>>;
  /**
   * An admin's replay of one of this provider's archived webhook events (any status): the archived
   * body through the same decisions and job as on receipt. Throws ApiError for what cannot be replayed.
   */
  replayEvent(
    services: Services,
    event: WebhookEventRow & { organizationId: string },
  ): Promise<{ status: "queued" | "ignored"; reason: string | null }>;
  /** Every 15 minutes: continues a reconciliation the nightly run left unfinished (page tokens live 15 minutes). */
  continueReconcile?(services: Services): Promise<void>;
  /**
   * Events of another Zoom product arriving on Zoom's one signed webhook (`POST /webhooks/zoom`),
   * by event-name prefix: the Zoom route verifies the signature and parses the envelope, then hands
   * such events here (through the registry, so no provider imports another).
   */
  readonly zoomWebhookEvents?: {
    prefix: string;
    accept(services: Services, envelope: ZoomWebhookEnvelope, rawBody: string): Promise<WebhookAcceptStatus>;
    /**
     * Zoom's `app_deauthorized` (verified; archived by Zoom meetings' slice): drop this product's
     * credentials when the removed app is the one its connections use. Answers how many it disconnected.
     */
    appDeauthorized?(services: Services, envelope: ZoomWebhookEnvelope): Promise<number>;
  };
}
