import { and, eq } from "drizzle-orm";
import { webhookEvents } from "../db/schema/index.ts";
import type { Services } from "../platform/services.ts";
import { ZoomEnvelopeSchema } from "../webhooks/zoom/zoom-event-schema.ts";
import { PermanentJobError } from "./jobs.ts";

/**
 * Processes an archived Zoom event. `app_deauthorized` was fully handled on receipt (tokens purged).
 * Recording events need the fetch stage (transcript download), which is not built yet: they fail
 * permanently into failed_jobs with their archived body, so nothing is lost and they can be replayed.
 */
export async function handleZoomEvent(
  services: Services,
  job: { organizationId: string; webhookEventId: string; r2Key: string },
) {
  const { db, blobs } = services;
  const object = await blobs.get(job.r2Key);
  if (!object) throw new PermanentJobError(`archived body missing at ${job.r2Key}`);
  const envelope = ZoomEnvelopeSchema.parse(await object.json());
  const scope = and(eq(webhookEvents.organizationId, job.organizationId), eq(webhookEvents.id, job.webhookEventId));
  if (envelope.event === "app_deauthorized") {
    await db.update(webhookEvents).set({ status: "processed" }).where(scope);
    return;
  }
  await db
    .update(webhookEvents)
    .set({ status: "failed", reason: "transcript fetch stage not available yet" })
    .where(scope);
  throw new PermanentJobError(
    `${envelope.event}: transcript fetch stage not available yet; replay this job once it is`,
  );
}
