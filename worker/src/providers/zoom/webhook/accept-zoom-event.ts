import { and, eq, sql } from "drizzle-orm";
import { webhookEvents } from "../../../db/schema/index.ts";
import { isTombstoned } from "../../../deletions/tombstones.ts";
import { decideIntake, recordIntakeDiscard } from "../../../intake/decide-intake.ts";
import { newId } from "../../../platform/ids.ts";
import type { Db, Services } from "../../../platform/services.ts";
import { findZoomOrganization } from "./find-zoom-connection.ts";
import { purgeDeauthorizedZoomTokens } from "./purge-deauthorized.ts";
import { HANDLED_ZOOM_EVENTS, type ZoomEnvelope, zoomDedupeKey } from "./zoom-event-schema.ts";

export type AcceptStatus = "queued" | "ignored" | "duplicate";

/**
 * What happens between a verified Zoom webhook and its acknowledgement, in this order so nothing is
 * lost: archive the raw body in R2, record it in the archive index (unique per organization and
 * event: redeliveries stop here), enqueue the job, mark it queued. If enqueueing fails the row stays "received" and the
 * answer is an error, so Zoom's retry enqueues it again. No download, parsing or analysis here.
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
  const organizationId = options.organizationId ?? (await findZoomOrganization(db, envelope.payload.account_id));
  // Deduplication is per organization (the unique index is on the organization, '' for unmatched
  // events, the provider and the key): one organization's copy of an event never hides another's.
  const byKey = and(
    sql`coalesce(${webhookEvents.organizationId}, '') = ${organizationId ?? ""}`,
    eq(webhookEvents.provider, "zoom"),
    eq(webhookEvents.dedupeKey, dedupeKey),
  );
  const existing = await db.query.webhookEvents.findFirst({ where: byKey });
  if (existing) {
    if (existing.status === "received" && existing.organizationId) {
      await enqueueZoomEvent(services, existing.id, existing.organizationId, existing.r2Key);
      return "queued";
    }
    log.info("duplicate zoom webhook", { event: envelope.event, dedupeKey });
    return "duplicate";
  }

  const id = newId("evt");
  const day = now.toISOString().slice(0, 10);
  const r2Key = `${organizationId ? `orgs/${organizationId}` : "unmatched"}/webhooks/zoom/${day}/${id}.json`;
  await blobs.put(r2Key, rawBody, {
    httpMetadata: { contentType: "application/json" },
    customMetadata: { event: envelope.event, dedupeKey },
  });

  const { status, reason, intake, hostEmail } = await decideZoomEvent(db, envelope, organizationId);
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
      status,
      reason,
      receivedAt: now,
      subjectId,
    })
    .onConflictDoNothing()
    .returning({ id: webhookEvents.id });
  if (inserted.length === 0) {
    // A concurrent delivery of the same event won the race; drop our copy of the body.
    await blobs.delete(r2Key);
    return "duplicate";
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
  if (status === "ignored" || !organizationId) {
    log.info("zoom webhook archived, not processed", { event: envelope.event, reason });
    return "ignored";
  }
  await enqueueZoomEvent(services, id, organizationId, r2Key);
  return "queued";
}

/**
 * Whether an archived Zoom event goes on to the queue ("received") or stops here ("ignored", with
 * the reason an admin reads): no connection, an event Sightline does not act on, a meeting an admin
 * deleted, or an intake rule. The same decision on receipt and on an admin's replay.
 */
export async function decideZoomEvent(db: Db, envelope: ZoomEnvelope, organizationId: string | null) {
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
  if (
    status === "received" &&
    organizationId &&
    subjectId &&
    envelope.event.startsWith("recording.") &&
    (await isTombstoned(db, organizationId, "zoom_meeting", subjectId))
  ) {
    status = "ignored";
    reason = "the meeting's conversation was deleted by an admin";
  }
  // Intake rules apply to recordings: a discarded one is never downloaded or stored.
  const hostEmail =
    typeof envelope.payload.object?.host_email === "string" ? envelope.payload.object.host_email : undefined;
  const intake =
    status === "received" && organizationId && envelope.event.startsWith("recording.")
      ? await decideIntake(db, organizationId, hostEmail)
      : ({ keep: true } as const);
  if (!intake.keep) {
    status = "ignored";
    reason = `intake rule: ${intake.reason === "intake_off" ? "the host's profile has transcript intake off" : "the host is not a Sightline user"}`;
  }
  return { status, reason, intake, hostEmail };
}

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
