import { and, eq, sql } from "drizzle-orm";
import { connections, providerAccountClaims, webhookEvents } from "../../../db/schema/index.ts";
import { ApiError } from "../../../platform/api-error.ts";
import { newId } from "../../../platform/ids.ts";
import type { Db, Services } from "../../../platform/services.ts";
import type { WebhookAcceptStatus, ZoomWebhookEnvelope } from "../../provider.ts";
import { ZCC } from "../connections/zcc-connection.ts";
import { ZCC_EVENTS, ZccEventObjectSchema, zccDedupeKey } from "./zcc-event-schema.ts";

const HANDLED: ReadonlySet<string> = new Set(ZCC_EVENTS);

/** The organization holding the event's Zoom account's Contact Center, if its connection is active. */
export async function findZccOrganization(db: Db, zoomAccountId: string | undefined): Promise<string | null> {
  if (!zoomAccountId) return null;
  const [row] = await db
    .select({ organizationId: providerAccountClaims.organizationId })
    .from(providerAccountClaims)
    .innerJoin(
      connections,
      and(
        eq(connections.organizationId, providerAccountClaims.organizationId),
        eq(connections.provider, providerAccountClaims.provider),
        eq(connections.externalAccountId, providerAccountClaims.externalAccountId),
      ),
    )
    .where(
      and(
        eq(providerAccountClaims.provider, ZCC),
        eq(providerAccountClaims.externalAccountId, zoomAccountId),
        eq(connections.status, "active"),
      ),
    )
    .limit(1);
  return row?.organizationId ?? null;
}

/**
 * A verified `contact_center.*` event from `POST /webhooks/zoom`: archived in R2, indexed (unique per
 * organization and event: redeliveries stop here), enqueued, then acknowledged. A handled event
 * without an engagement id is archived and indexed as ignored, and answered 400 with the reason.
 */
export async function acceptZccEvent(
  services: Services,
  envelope: ZoomWebhookEnvelope,
  rawBody: string,
): Promise<WebhookAcceptStatus> {
  const { db, blobs, clock, log } = services;
  const now = clock.now();
  const organizationId = await findZccOrganization(db, envelope.payload.account_id);
  const handled = HANDLED.has(envelope.event);
  const object = ZccEventObjectSchema.safeParse(envelope.payload.object);
  const malformed =
    handled && !object.success
      ? object.error.issues
          .slice(0, 3)
          .map((i) => `payload.object${i.path.length ? `.${i.path.join(".")}` : ""}: ${i.message}`)
          .join("; ")
      : null;
  const dedupeKey = object.success
    ? zccDedupeKey(envelope.event, envelope.event_ts, object.data)
    : `${envelope.event}:${envelope.event_ts}:malformed:${crypto.randomUUID()}`;

  const byKey = and(
    sql`coalesce(${webhookEvents.organizationId}, '') = ${organizationId ?? ""}`,
    eq(webhookEvents.provider, ZCC),
    eq(webhookEvents.dedupeKey, dedupeKey),
  );
  const existing = await db.query.webhookEvents.findFirst({ where: byKey });
  if (existing) {
    if (existing.status === "received" && existing.organizationId) {
      await enqueue(services, existing.id, existing.organizationId, existing.r2Key);
      return "queued";
    }
    return "duplicate";
  }

  const id = newId("evt");
  const day = now.toISOString().slice(0, 10);
  const r2Key = `${organizationId ? `orgs/${organizationId}` : "unmatched"}/webhooks/zoom-contact-center/${day}/${id}.json`;
  await blobs.put(r2Key, rawBody, {
    httpMetadata: { contentType: "application/json" },
    customMetadata: { event: envelope.event, dedupeKey },
  });
  let reason: string | null = null;
  if (malformed) reason = `malformed Contact Center event: ${malformed}`;
  else if (!organizationId)
    reason = `no active Zoom Contact Center connection for account ${envelope.payload.account_id ?? "(none)"}`;
  else if (!handled) reason = `event ${envelope.event} is not handled`;
  const status = reason ? ("ignored" as const) : ("received" as const);
  const inserted = await db
    .insert(webhookEvents)
    .values({
      id,
      organizationId,
      provider: ZCC,
      eventType: envelope.event,
      dedupeKey,
      r2Key,
      status,
      reason,
      receivedAt: now,
      // The engagement the event is about: a deletion of its conversation finds this archive by it.
      subjectId: object.success ? object.data.engagement_id : null,
    })
    .onConflictDoNothing()
    .returning({ id: webhookEvents.id });
  if (inserted.length === 0) {
    await blobs.delete(r2Key);
    return "duplicate";
  }
  if (malformed) {
    log.warn("malformed contact center webhook archived", { event: envelope.event, malformed });
    throw new ApiError("bad_request", `malformed Zoom Contact Center event: ${malformed}`);
  }
  if (status === "ignored" || !organizationId) {
    log.info("contact center webhook archived, not processed", { event: envelope.event, reason });
    return "ignored";
  }
  await enqueue(services, id, organizationId, r2Key);
  return "queued";
}

async function enqueue(services: Services, webhookEventId: string, organizationId: string, r2Key: string) {
  await services.ingestQueue.send({ kind: "zcc_event", organizationId, webhookEventId, r2Key });
  await services.db
    .update(webhookEvents)
    .set({ status: "queued" })
    .where(and(eq(webhookEvents.id, webhookEventId), eq(webhookEvents.organizationId, organizationId)));
}
