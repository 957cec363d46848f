import { z } from "zod";

/**
 * Messages on the ingest queue. Bodies stay small (Queues cap messages at 128 KB): payloads live
 * in R2 and jobs carry keys. Each pipeline stage adds the job kinds it handles.
 */
export const IngestJobSchema = z.discriminatedUnion("kind", [
  /** A verified, archived Zoom webhook: the raw body is in R2 at r2Key, indexed by webhookEventId. */
  z.object({
    kind: z.literal("zoom_event"),
    organizationId: z.string().min(1),
    webhookEventId: z.string().min(1),
    r2Key: z.string().min(1),
  }),
  /**
   * Queued with a delay by a `recording.completed` that had no transcript: if Zoom's transcript has
   * not arrived by then, transcribe the audio with Whisper (or record that there is none). The
   * archived `recording.completed` body is in R2 at r2Key, indexed by webhookEventId.
   */
  z.object({
    kind: z.literal("zoom_transcript_fallback"),
    organizationId: z.string().min(1),
    webhookEventId: z.string().min(1),
    r2Key: z.string().min(1),
  }),
  /** A verified, archived Zoom Contact Center webhook (contact_center.*): body in R2 at r2Key. */
  z.object({
    kind: z.literal("zcc_event"),
    organizationId: z.string().min(1),
    webhookEventId: z.string().min(1),
    r2Key: z.string().min(1),
  }),
  /** Read a Contact Center engagement back through the REST API and store what is missing (reconciliation, Flow). */
  z.object({
    kind: z.literal("zcc_sync_engagement"),
    organizationId: z.string().min(1),
    engagementId: z.string().min(1),
    /** The archived Flow event script body, when a Flow post asked for it. */
    webhookEventId: z.string().min(1).optional(),
    r2Key: z.string().min(1).optional(),
  }),
  /** A Zoom Contact Center Flow event script post, archived in R2 at r2Key. */
  z.object({
    kind: z.literal("zcc_flow_event"),
    organizationId: z.string().min(1),
    webhookEventId: z.string().min(1),
    r2Key: z.string().min(1),
  }),
  /** Continue a Gong connection's pull by one page of calls (providers/gong/pull): chained until the window is listed. */
  z.object({
    kind: z.literal("gong_sync"),
    organizationId: z.string().min(1),
    connectionId: z.string().min(1),
  }),
  /** Import one Gong call at once (an automation-rule webhook announced it; its body is archived as webhookEventId). */
  z.object({
    kind: z.literal("gong_call"),
    organizationId: z.string().min(1),
    connectionId: z.string().min(1),
    callId: z.string().min(1),
    webhookEventId: z.string().min(1).optional(),
  }),
  /** Run the analyzer over a stored transcript and replace the conversation's insights. */
  z.object({
    kind: z.literal("analyze_conversation"),
    organizationId: z.string().min(1),
    conversationId: z.string().min(1),
  }),
  /** Recompute an account's last activity after its conversations changed (routing, deletion). */
  z.object({
    kind: z.literal("refresh_account_activity"),
    organizationId: z.string().min(1),
    accountId: z.string().min(1),
  }),
  /** One step of an admin's deletion (deletions/run-deletion.ts): each step queues the next until done. */
  z.object({
    kind: z.literal("delete_data"),
    organizationId: z.string().min(1),
    deletionId: z.string().min(1),
  }),
  /** One step of an admin's export (exports/run-export.ts): each step writes a part and queues the next. */
  z.object({
    kind: z.literal("export_data"),
    organizationId: z.string().min(1),
    exportId: z.string().min(1),
  }),
  /** Post the Block Kit recap of an analyzed conversation to the organization's Slack webhook. */
  z.object({
    kind: z.literal("post_slack_recap"),
    organizationId: z.string().min(1),
    conversationId: z.string().min(1),
  }),
]);
export type IngestJob = z.infer<typeof IngestJobSchema>;

/** A failure that retrying cannot fix (bad input, a 404 upstream): recorded as a failed job at once. */
export class PermanentJobError extends Error {
  override name = "PermanentJobError";
}

/** A transient failure whose source said when to come back (HTTP 429 Retry-After): retried after that long. */
export class RetryLaterError extends Error {
  override name = "RetryLaterError";
  constructor(
    message: string,
    readonly delaySeconds: number,
  ) {
    super(message);
  }
}
