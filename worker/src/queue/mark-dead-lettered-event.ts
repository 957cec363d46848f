import { and, eq, inArray } from "drizzle-orm";
import { webhookEvents } from "../db/schema/index.ts";
import type { Services } from "../platform/services.ts";
import { IngestJobSchema } from "./jobs.ts";

/**
 * A job that ran out of retries names the webhook event it was working on: that event becomes
 * "failed" with the reason, so the events list shows it and nothing waits on it any longer (the
 * transcript fallback counts a `recording.transcript_completed` still "queued" as Zoom's transcript
 * being fetched, and would stand down forever behind a dead job).
 *
 * Only within the job's own organization, and only where the event's status still promises work:
 * - `zoom_event`: received or queued. Processed means its transcript was stored (a later step failed);
 *   failed already carries a more precise reason.
 * - `zoom_transcript_fallback`: its event is the `recording.completed` that was marked processed when
 *   the fallback was scheduled; the fallback dying means the meeting got no transcript from it.
 * - `gong_call` announced by a webhook: received or queued.
 * - `zcc_event`, `zcc_flow_event`: as `zoom_event`.
 * Returns whether an event was marked.
 */
export async function markDeadLetteredEvent(services: Services, body: unknown, attempts: number): Promise<boolean> {
  const job = IngestJobSchema.safeParse(body);
  if (!job.success) return false;
  const data = job.data;
  if (data.kind === "gong_call") {
    if (!data.webhookEventId) return false;
    return markEvent(services, data.organizationId, data.webhookEventId, ["received", "queued"], "import", attempts);
  }
  // Zoom Contact Center events (webhooks and Flow posts) hang on their event like zoom_event.
  const processing = data.kind === "zoom_event" || data.kind === "zcc_event" || data.kind === "zcc_flow_event";
  if (!processing && data.kind !== "zoom_transcript_fallback") return false;
  const stillPromised = processing ? (["received", "queued"] as const) : (["received", "queued", "processed"] as const);
  const what = processing ? "processing" : "transcript fallback";
  const marked = await services.db
    .update(webhookEvents)
    .set({ status: "failed", reason: `${what}: retries exhausted after ${attempts} attempts (see failed jobs)` })
    .where(
      and(
        eq(webhookEvents.organizationId, data.organizationId),
        eq(webhookEvents.id, data.webhookEventId),
        inArray(webhookEvents.status, [...stillPromised]),
      ),
    )
    .returning({ id: webhookEvents.id });
  return marked.length > 0;
}

async function markEvent(
  services: Services,
  organizationId: string,
  webhookEventId: string,
  stillPromised: ("received" | "queued" | "processed")[],
  what: string,
  attempts: number,
): Promise<boolean> {
  const marked = await services.db
    .update(webhookEvents)
    .set({ status: "failed", reason: `${what}: retries exhausted after ${attempts} attempts (see failed jobs)` })
    .where(
      and(
        eq(webhookEvents.organizationId, organizationId),
        eq(webhookEvents.id, webhookEventId),
        inArray(webhookEvents.status, stillPromised),
      ),
    )
    .returning({ id: webhookEvents.id });
  return marked.length > 0;
}
