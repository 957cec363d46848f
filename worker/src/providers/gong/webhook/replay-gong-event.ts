import { and, eq } from "drizzle-orm";
import { webhookEvents } from "../../../db/schema/index.ts";
import { ApiError } from "../../../platform/api-error.ts";
import type { Services } from "../../../platform/services.ts";
import type { WebhookEventRow } from "../../provider.ts";
import { archivedGongCallId, gongCallJobFor } from "./gong-event-job.ts";

/**
 * An admin's replay of an archived Gong webhook event: the archived body is read again and, when the
 * organization still has an active Gong connection and nobody deleted the call, its import is queued
 * again exactly as on receipt (the import is idempotent: an imported call is not imported twice).
 */
export async function replayGongEvent(
  services: Services,
  event: WebhookEventRow & { organizationId: string },
): Promise<{ status: "queued" | "ignored"; reason: string | null }> {
  const { db } = services;
  if (event.archiveDeletedAt)
    throw new ApiError(
      "conflict",
      `the archived body of event ${event.id} was deleted (retention); it cannot be replayed`,
    );
  const callId = await archivedGongCallId(services, event.r2Key);
  if (callId === undefined)
    throw new ApiError("conflict", `the archived body of event ${event.id} is missing; it cannot be replayed`);
  if (!callId) throw new ApiError("bad_request", `the archived body of event ${event.id} names no Gong call`);
  const thisEvent = and(eq(webhookEvents.organizationId, event.organizationId), eq(webhookEvents.id, event.id));
  const next = await gongCallJobFor(services, event, callId);
  if ("reason" in next) {
    await db.update(webhookEvents).set(next).where(thisEvent);
    return next;
  }
  await db.update(webhookEvents).set({ status: "received", reason: null, requeueCount: 0 }).where(thisEvent);
  await services.ingestQueue.send(next.job);
  await db.update(webhookEvents).set({ status: "queued" }).where(thisEvent);
  return { status: "queued", reason: null };
}
