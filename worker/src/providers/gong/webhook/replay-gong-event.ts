import { and, eq } from "drizzle-orm";
import { connections, webhookEvents } from "../../../db/schema/index.ts";
import { isTombstoned } from "../../../deletions/tombstones.ts";
import { ApiError } from "../../../platform/api-error.ts";
import type { Services } from "../../../platform/services.ts";
import type { WebhookEventRow } from "../../provider.ts";
import { GongWebhookSchema } from "./gong-webhook-route.ts";

/**
 * An admin's replay of an archived Gong webhook event: the archived body is read again and, when the
 * organization still has an active Gong connection and nobody deleted the call, its import is queued
 * again exactly as on receipt (the import is idempotent: an imported call is not imported twice).
 */
export async function replayGongEvent(
  services: Services,
  event: WebhookEventRow & { organizationId: string },
): Promise<{ status: "queued" | "ignored"; reason: string | null }> {
  const { db, blobs } = services;
  if (event.archiveDeletedAt)
    throw new ApiError(
      "conflict",
      `the archived body of event ${event.id} was deleted (retention); it cannot be replayed`,
    );
  const archived = await blobs.get(event.r2Key);
  if (!archived)
    throw new ApiError("conflict", `the archived body of event ${event.id} is missing; it cannot be replayed`);
  const parsed = GongWebhookSchema.safeParse(await archived.json().catch(() => null));
  const callId = parsed.success ? parsed.data.callData?.metaData.id : undefined;
  if (!callId) throw new ApiError("bad_request", `the archived body of event ${event.id} names no Gong call`);
  const thisEvent = and(eq(webhookEvents.organizationId, event.organizationId), eq(webhookEvents.id, event.id));
  const connection = await db.query.connections.findFirst({
    columns: { id: true },
    where: and(
      eq(connections.organizationId, event.organizationId),
      eq(connections.provider, "gong"),
      eq(connections.status, "active"),
    ),
  });
  const reason = !connection
    ? "no active Gong connection"
    : (await isTombstoned(db, event.organizationId, "gong_call", callId))
      ? "the call was deleted by an admin"
      : null;
  if (reason || !connection) {
    await db.update(webhookEvents).set({ status: "ignored", reason }).where(thisEvent);
    return { status: "ignored", reason };
  }
  await db.update(webhookEvents).set({ status: "received", reason: null, requeueCount: 0 }).where(thisEvent);
  await services.ingestQueue.send({
    kind: "gong_call",
    organizationId: event.organizationId,
    connectionId: connection.id,
    callId,
    webhookEventId: event.id,
  });
  await db.update(webhookEvents).set({ status: "queued" }).where(thisEvent);
  return { status: "queued", reason: null };
}
