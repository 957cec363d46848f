import { and, eq } from "drizzle-orm";
import { webhookEvents } from "../../../db/schema/index.ts";
import { ApiError } from "../../../platform/api-error.ts";
import type { Services } from "../../../platform/services.ts";
import type { WebhookEventRow } from "../../provider.ts";
import { findZccOrganization } from "./accept-zcc-event.ts";
import { ZCC_EVENTS, ZccEventObjectSchema } from "./zcc-event-schema.ts";

const HANDLED: ReadonlySet<string> = new Set(ZCC_EVENTS);

/**
 * An admin's replay of an archived Contact Center event (a `contact_center.*` webhook or a Flow
 * event script's post): the same checks as on receipt (an active connection of this organization
 * for the event's Zoom account, a handled event naming its engagement), then the same job. Jobs read
 * the engagement back from Zoom and upsert by id, so a replay changes nothing twice.
 */
export async function replayZccEvent(
  services: Services,
  event: WebhookEventRow & { organizationId: string },
): Promise<{ status: "queued" | "ignored"; reason: string | null }> {
  const { db, blobs, ingestQueue } = services;
  if (event.archiveDeletedAt)
    throw new ApiError(
      "conflict",
      `the archived body of event ${event.id} was deleted (retention); it cannot be replayed`,
    );
  const archived = await blobs.get(event.r2Key);
  if (!archived)
    throw new ApiError("conflict", `the archived body of event ${event.id} is missing; it cannot be replayed`);
  const thisEvent = and(eq(webhookEvents.organizationId, event.organizationId), eq(webhookEvents.id, event.id));
  const ignore = async (reason: string) => {
    await db.update(webhookEvents).set({ status: "ignored", reason }).where(thisEvent);
    return { status: "ignored" as const, reason };
  };
  const body = (await archived.json().catch(() => null)) as {
    event?: unknown;
    payload?: { account_id?: string; object?: unknown };
  } | null;
  if (event.eventType !== "flow_event_script") {
    if (typeof body?.event !== "string")
      throw new ApiError("bad_request", `the archived body of event ${event.id} is not a Zoom event`);
    if (!HANDLED.has(body.event)) return ignore(`event ${body.event} is not handled`);
    if (!ZccEventObjectSchema.safeParse(body.payload?.object).success)
      return ignore("malformed Contact Center event: payload.object has no engagement");
    if ((await findZccOrganization(db, body.payload?.account_id)) !== event.organizationId)
      return ignore(`no active Zoom Contact Center connection for account ${body.payload?.account_id ?? "(none)"}`);
  }
  await db.update(webhookEvents).set({ status: "received", reason: null, requeueCount: 0 }).where(thisEvent);
  const kind = event.eventType === "flow_event_script" ? "zcc_flow_event" : "zcc_event";
  await ingestQueue.send({ kind, organizationId: event.organizationId, webhookEventId: event.id, r2Key: event.r2Key });
  await db.update(webhookEvents).set({ status: "queued" }).where(thisEvent);
  return { status: "queued", reason: null };
}
