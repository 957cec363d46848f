import { and, eq } from "drizzle-orm";
import { webhookEvents } from "../../../db/schema/index.ts";
import { ApiError } from "../../../platform/api-error.ts";
import type { Services } from "../../../platform/services.ts";
import type { WebhookEventRow } from "../../provider.ts";
import { decideZoomEvent, enqueueZoomEvent } from "./accept-zoom-event.ts";
import { ZoomEnvelopeSchema } from "./zoom-event-schema.ts";

/**
 * An admin's replay of an archived Zoom event (processed, ignored or failed): the archived body goes
 * through the same decision as on receipt (today's connection, intake rules, deletions) and, when it
 * passes, the same job as a webhook. Processing is idempotent (a stored transcript is replaced whole),
 * so replaying a processed event changes nothing but its freshness. The row is "received" before the
 * job is sent, so a failed send leaves it for the stuck-event sweep rather than lost.
 */
export async function replayZoomEvent(
  services: Services,
  event: WebhookEventRow & { organizationId: string },
): Promise<{ status: "queued" | "ignored"; reason: string | null }> {
  const { db, blobs, log } = services;
  if (event.archiveDeletedAt)
    throw new ApiError(
      "conflict",
      `the archived body of event ${event.id} was deleted (retention); it cannot be replayed`,
    );
  const archived = await blobs.get(event.r2Key);
  if (!archived)
    throw new ApiError("conflict", `the archived body of event ${event.id} is missing; it cannot be replayed`);
  const parsed = ZoomEnvelopeSchema.safeParse(await archived.json().catch(() => null));
  if (!parsed.success) throw new ApiError("bad_request", `the archived body of event ${event.id} is not a Zoom event`);
  const thisEvent = and(eq(webhookEvents.organizationId, event.organizationId), eq(webhookEvents.id, event.id));
  const decision = await decideZoomEvent(db, parsed.data, event.organizationId);
  if (decision.status === "ignored") {
    await db.update(webhookEvents).set({ status: "ignored", reason: decision.reason }).where(thisEvent);
    log.info("zoom event replay stopped", { event: event.id, reason: decision.reason });
    return { status: "ignored", reason: decision.reason };
  }
  await db.update(webhookEvents).set({ status: "received", reason: null, requeueCount: 0 }).where(thisEvent);
  await enqueueZoomEvent(services, event.id, event.organizationId, event.r2Key);
  log.info("zoom event replayed", { event: event.id, type: event.eventType });
  return { status: "queued", reason: null };
}
