import type { Services } from "../../../platform/services.ts";
import { PermanentJobError } from "../../../queue/jobs.ts";
import { ZccEventObjectSchema } from "../webhook/zcc-event-schema.ts";
import { syncEngagement } from "./sync-engagement.ts";

/** A queued `zcc_event`: the archived body is read back from R2 and its engagement synced. */
export async function handleZccEvent(
  services: Services,
  job: { organizationId: string; webhookEventId: string; r2Key: string },
): Promise<void> {
  const stored = await services.blobs.get(job.r2Key);
  if (!stored) throw new PermanentJobError(`archived webhook body ${job.r2Key} is missing`);
  let envelope: { event?: unknown; payload?: { object?: unknown } };
  try {
    envelope = JSON.parse(await stored.text());
  } catch {
    throw new PermanentJobError(`archived webhook body ${job.r2Key} is not JSON`);
  }
  const object = ZccEventObjectSchema.safeParse(envelope.payload?.object);
  if (!object.success || typeof envelope.event !== "string")
    throw new PermanentJobError(`archived webhook body ${job.r2Key} names no engagement`);
  const outcome = await syncEngagement(services, job.organizationId, object.data.engagement_id, {
    event: envelope.event,
    object: object.data,
    webhookEventId: job.webhookEventId,
  });
  services.log.info("contact center event processed", { event: envelope.event, outcome });
}
