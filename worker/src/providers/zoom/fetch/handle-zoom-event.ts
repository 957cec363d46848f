import { and, eq } from "drizzle-orm";
import { webhookEvents } from "../../../db/schema/index.ts";
import { isTombstoned } from "../../../deletions/tombstones.ts";
import type { Services } from "../../../platform/services.ts";
import { PermanentJobError } from "../../../queue/jobs.ts";
import { ZoomEnvelopeSchema } from "../webhook/zoom-event-schema.ts";
import { handleRecordingEvent } from "./handle-recording-event.ts";

/**
 * Processes an archived Zoom event. `app_deauthorized` was fully handled on receipt (tokens purged).
 * Recording events go through the fetch stage (zoom/handle-recording-event.ts). A permanent failure
 * marks the archived event failed with its reason before the job becomes a failed-job row, so an
 * admin sees why in both lists and can replay it. Answers "pending" when a delayed transcript
 * fallback will read the archived body again (it may still need its download_token).
 */
export async function handleZoomEvent(
  services: Services,
  job: { organizationId: string; webhookEventId: string; r2Key: string },
): Promise<"pending" | "done"> {
  const { db, blobs } = services;
  const scope = and(eq(webhookEvents.organizationId, job.organizationId), eq(webhookEvents.id, job.webhookEventId));
  try {
    const object = await blobs.get(job.r2Key);
    if (!object) throw new PermanentJobError(`archived body missing at ${job.r2Key}`);
    const parsed = ZoomEnvelopeSchema.safeParse(await object.json().catch(() => null));
    // The body was verified and parsed on receipt; one that no longer parses will never parse.
    if (!parsed.success) throw new PermanentJobError(`archived body at ${job.r2Key} is not a Zoom event`);
    const envelope = parsed.data;
    if (envelope.event === "recording.completed" || envelope.event === "recording.transcript_completed") {
      // Queued before an admin deleted the meeting's conversation: it stays deleted.
      const uuid = envelope.payload.object?.uuid;
      if (uuid && (await isTombstoned(db, job.organizationId, "zoom_meeting", uuid))) {
        await db
          .update(webhookEvents)
          .set({ status: "ignored", reason: "the meeting's conversation was deleted by an admin" })
          .where(scope);
        return "done";
      }
      const outcome = await handleRecordingEvent(services, job, envelope);
      // A stored transcript marked its event processed in the same transaction as the rows.
      if (outcome === "pending") await db.update(webhookEvents).set({ status: "processed" }).where(scope);
      return outcome === "pending" ? "pending" : "done";
    }
    await db.update(webhookEvents).set({ status: "processed" }).where(scope);
    return "done";
  } catch (err) {
    if (err instanceof PermanentJobError)
      await db
        .update(webhookEvents)
        .set({ status: "failed", reason: err.message.slice(0, 500) })
        .where(scope);
    throw err;
  }
}
