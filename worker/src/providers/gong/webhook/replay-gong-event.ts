import { and, eq } from "drizzle-orm";
import { connections, webhookEvents } from "../../../db/schema/index.ts";
import { isTombstoned } from "../../../deletions/tombstones.ts";
import { ApiError } from "../../../platform/api-error.ts";
import type { Services } from "../../../platform/services.ts";
import type { IngestJob } from "../../../queue/jobs.ts";
import type { WebhookEventRow } from "../../provider.ts";
import { GongWebhookSchema } from "./gong-webhook-route.ts";

const NO_CALL = "names no Gong call";

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
  if (!(await blobs.head(event.r2Key)))
    throw new ApiError("conflict", `the archived body of event ${event.id} is missing; it cannot be replayed`);
  const thisEvent = and(eq(webhookEvents.organizationId, event.organizationId), eq(webhookEvents.id, event.id));
  const job = await gongCallJobOfEvent(services, event);
  // A body that names no call is an error to the admin asking (400), not a state of the event.
  if (typeof job === "string" && job.endsWith(NO_CALL)) throw new ApiError("bad_request", job);
  if (typeof job === "string") {
    await db.update(webhookEvents).set({ status: "ignored", reason: job }).where(thisEvent);
    return { status: "ignored", reason: job };
  }
  await db.update(webhookEvents).set({ status: "received", reason: null, requeueCount: 0 }).where(thisEvent);
  await services.ingestQueue.send(job);
  await db.update(webhookEvents).set({ status: "queued" }).where(thisEvent);
  return { status: "queued", reason: null };
}

/**
 * The import job of an archived Gong webhook event, as on receipt: its call, for the organization's
 * active Gong connection; a string says why there is none (no call named, no connection, the call
 * was deleted by an admin). Used by an admin's replay and by the sweep of stuck events.
 */
export async function gongCallJobOfEvent(
  services: Services,
  event: WebhookEventRow & { organizationId: string },
): Promise<IngestJob | string> {
  const { db, blobs } = services;
  const archived = await blobs.get(event.r2Key);
  if (!archived) return `the archived body of event ${event.id} is missing`;
  const parsed = GongWebhookSchema.safeParse(await archived.json().catch(() => null));
  const callId = parsed.success ? parsed.data.callData?.metaData.id : undefined;
  if (!callId) return `the archived body of event ${event.id} ${NO_CALL}`;
  const connection = await db.query.connections.findFirst({
    columns: { id: true },
    where: and(
      eq(connections.organizationId, event.organizationId),
      eq(connections.provider, "gong"),
      eq(connections.status, "active"),
    ),
  });
  if (!connection) return "no active Gong connection";
  if (await isTombstoned(db, event.organizationId, "gong_call", callId)) return "the call was deleted by an admin";
  return {
    kind: "gong_call",
    organizationId: event.organizationId,
    connectionId: connection.id,
    callId,
    webhookEventId: event.id,
  };
}
