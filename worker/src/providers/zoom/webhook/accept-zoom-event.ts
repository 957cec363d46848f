import { and, eq, sql } from "drizzle-orm";
import { webhookEvents } from "../../../db/schema/index.ts";
import { type IntakeDecision, intakeFromFacts, recordIntakeDiscard } from "../../../intake/decide-intake.ts";
import { newId } from "../../../platform/ids.ts";
import type { Db, Services } from "../../../platform/services.ts";
import { purgeDeauthorizedZoomTokens } from "./purge-deauthorized.ts";
import { readZoomEventFacts, type ZoomEventFacts } from "./zoom-event-facts.ts";
import { HANDLED_ZOOM_EVENTS, type ZoomEnvelope, zoomDedupeKey } from "./zoom-event-schema.ts";

export type AcceptStatus = "queued" | "ignored" | "duplicate";

/**
 * What happens between a verified Zoom webhook and its acknowledgement, in this order so nothing is
 * lost: decide (one D1 read: organization, deletion, intake), archive the raw body in R2, record it
 * in the archive index (unique per organization and event: redeliveries stop here), enqueue the job.
 * An event that will be enqueued is indexed as "queued" already (one D1 write, not two); if
 * enqueueing then fails it is set back to "received" and the answer is an error, so Zoom's retry
 * enqueues it again (and should even that write fail, the stuck-event sweep re-enqueues it). No
 * download, parsing or analysis here. Redeliveries are told by the index's unique key on insert
 * rather than by a lookup first: first deliveries are the common case, a redelivery pays an R2 put
 * and delete instead.
 */
export async function acceptZoomEvent(
  services: Services,
  envelope: ZoomEnvelope,
  rawBody: string,
  /**
   * Events Sightline makes itself (reconciliation) name their own key, and the organization of the
   * connection that found them; webhooks use the event's key and the organization holding the
   * event's Zoom account.
   */
  options: { dedupeKey?: string; organizationId?: string } = {},
): Promise<AcceptStatus> {
  const { db, blobs, clock, log } = services;
  const now = clock.now();
  const dedupeKey = options.dedupeKey ?? zoomDedupeKey(envelope);
  const facts = await readZoomEventFacts(db, {
    organizationId: options.organizationId,
    zoomAccountId: envelope.payload.account_id,
    subjectId: envelope.payload.object?.uuid ?? null,
    hostEmail: hostEmailOf(envelope),
  });
  const { organizationId } = facts;
  const { status, reason, intake, hostEmail } = decideFromFacts(envelope, facts);
  const enqueue = status === "received" && organizationId !== null;

  const id = newId("evt");
  const day = now.toISOString().slice(0, 10);
  const r2Key = `${organizationId ? `orgs/${organizationId}` : "unmatched"}/webhooks/zoom/${day}/${id}.json`;
  await blobs.put(r2Key, rawBody, {
    httpMetadata: { contentType: "application/json" },
    customMetadata: { event: envelope.event, dedupeKey },
  });

  const subjectId = envelope.payload.object?.uuid ?? null;
  const inserted = await db
    .insert(webhookEvents)
    .values({
      id,
      organizationId,
      provider: "zoom",
      eventType: envelope.event,
      dedupeKey,
      r2Key,
      status: enqueue ? "queued" : status,
      reason,
      receivedAt: now,
      subjectId,
    })
    .onConflictDoNothing()
    .returning({ id: webhookEvents.id });
  if (inserted.length === 0) {
    // Already indexed (a redelivery, or a concurrent delivery that won the race): drop our copy of
    // the body; an earlier copy whose enqueue failed ("received") is enqueued now.
    await blobs.delete(r2Key);
    return acceptRedelivery(services, envelope, dedupeKey, organizationId);
  }
  if (!intake.keep && organizationId) {
    const object = envelope.payload.object;
    await recordIntakeDiscard(db, {
      organizationId,
      provider: "zoom",
      reason: intake.reason,
      hostEmail,
      externalId: object?.uuid ?? (object?.id === undefined ? undefined : String(object.id)),
      at: now,
    });
  }
  // Deauthorization purges tokens whatever state the connection is in (an errored one still holds
  // a refresh token), before anything else can decide the event is not worth processing.
  if (envelope.event === "app_deauthorized" && envelope.payload.account_id) {
    const userId = typeof envelope.payload.user_id === "string" ? envelope.payload.user_id : undefined;
    const purged = await purgeDeauthorizedZoomTokens(db, envelope.payload.account_id, userId, now);
    log.info("zoom app deauthorized: tokens purged", { connections: purged });
  }
  if (!enqueue || !organizationId) {
    log.info("zoom webhook archived, not processed", { event: envelope.event, reason });
    return "ignored";
  }
  try {
    await services.ingestQueue.send({ kind: "zoom_event", organizationId, webhookEventId: id, r2Key });
  } catch (err) {
    await markReceived(db, id, organizationId).catch((markErr: unknown) =>
      log.error("zoom webhook: enqueue failed and the event stays queued for the stuck-event sweep", {
        err: markErr,
      }),
    );
    throw err;
  }
  return "queued";
}

async function acceptRedelivery(
  services: Services,
  envelope: ZoomEnvelope,
  dedupeKey: string,
  organizationId: string | null,
): Promise<AcceptStatus> {
  // Deduplication is per organization (the unique index is on the organization, '' for unmatched
  // events, the provider and the key): one organization's copy of an event never hides another's.
  const existing = await services.db.query.webhookEvents.findFirst({
    where: and(
      sql`coalesce(${webhookEvents.organizationId}, '') = ${organizationId ?? ""}`,
      eq(webhookEvents.provider, "zoom"),
      eq(webhookEvents.dedupeKey, dedupeKey),
    ),
  });
  if (existing?.status === "received" && existing.organizationId) {
    await enqueueZoomEvent(services, existing.id, existing.organizationId, existing.r2Key);
    return "queued";
  }
  services.log.info("duplicate zoom webhook", { event: envelope.event, dedupeKey });
  return "duplicate";
}

const hostEmailOf = (envelope: ZoomEnvelope) =>
  typeof envelope.payload.object?.host_email === "string" ? envelope.payload.object.host_email : undefined;

/**
 * Whether an archived Zoom event goes on to the queue ("received") or stops here ("ignored", with
 * the reason an admin reads): no connection, an event Sightline does not act on, a meeting an admin
 * deleted, or an intake rule. The same decision on receipt and on an admin's replay.
 */
export async function decideZoomEvent(db: Db, envelope: ZoomEnvelope, organizationId: string | null) {
  const facts =
    organizationId === null
      ? null
      : await readZoomEventFacts(db, {
          organizationId,
          zoomAccountId: envelope.payload.account_id,
          subjectId: envelope.payload.object?.uuid ?? null,
          hostEmail: hostEmailOf(envelope),
        });
  return decideFromFacts(envelope, facts ?? { ...NO_FACTS, organizationId: null });
}

const NO_FACTS: Omit<ZoomEventFacts, "organizationId"> = {
  registeredUsersOnly: false,
  tombstoned: false,
  hostRegistered: false,
  hostTranscriptIntake: null,
};

/** The decision itself, from facts already read (no I/O). */
export function decideFromFacts(envelope: ZoomEnvelope, facts: ZoomEventFacts) {
  const { organizationId } = facts;
  let status: "received" | "ignored" = "received";
  let reason: string | null = null;
  if (!organizationId) {
    status = "ignored";
    reason = `no active Zoom connection for account ${envelope.payload.account_id ?? "(none)"}`;
  } else if (!HANDLED_ZOOM_EVENTS.has(envelope.event)) {
    status = "ignored";
    reason = `event ${envelope.event} is not handled`;
  }
  // A meeting whose conversation an admin deleted stays deleted, however Zoom (or reconciliation) sends it again.
  const subjectId = envelope.payload.object?.uuid ?? null;
  if (status === "received" && subjectId && envelope.event.startsWith("recording.") && facts.tombstoned) {
    status = "ignored";
    reason = "the meeting's conversation was deleted by an admin";
  }
  // Intake rules apply to recordings: a discarded one is never downloaded or stored.
  const hostEmail = hostEmailOf(envelope);
  const intake: IntakeDecision =
    status === "received" && envelope.event.startsWith("recording.") ? intakeFromFacts(facts) : { keep: true };
  if (!intake.keep) {
    status = "ignored";
    reason = `intake rule: ${intake.reason === "intake_off" ? "the host's profile has transcript intake off" : "the host is not a Sightline user"}`;
  }
  return { status, reason, intake, hostEmail };
}

/** Sends the job of an indexed event and marks it queued (replays and a redelivery of an event whose enqueue failed). */
export async function enqueueZoomEvent(
  services: Services,
  webhookEventId: string,
  organizationId: string,
  r2Key: string,
) {
  await services.ingestQueue.send({ kind: "zoom_event", organizationId, webhookEventId, r2Key });
  await services.db
    .update(webhookEvents)
    .set({ status: "queued" })
    .where(and(eq(webhookEvents.id, webhookEventId), eq(webhookEvents.organizationId, organizationId)));
}

function markReceived(db: Db, webhookEventId: string, organizationId: string) {
  return db
    .update(webhookEvents)
    .set({ status: "received" })
    .where(and(eq(webhookEvents.id, webhookEventId), eq(webhookEvents.organizationId, organizationId)));
}
