import { and, asc, eq, inArray, isNotNull, lt, sql } from "drizzle-orm";
import { webhookEvents } from "../db/schema/index.ts";
import type { Services } from "../platform/services.ts";

/** Events enqueued again per run and provider, over all organizations. */
export const STUCK_EVENTS_PER_RUN = 100;
/** Re-enqueues before a stuck event is given up as failed. */
export const MAX_REQUEUES = 3;

export interface StuckEventsOutcome {
  requeued: number;
  failed: number;
}

/** What a provider's sweep hands back for one of its stuck events. */
export interface StuckEvent {
  id: string;
  organizationId: string;
  eventType: string;
  r2Key: string;
}

/**
 * Sends the event's job again exactly as on receipt; or answers why it cannot be (the archive no
 * longer names its object, the connection is gone): the event then ends with that status and reason.
 */
export type RequeueStuckEvent = (
  services: Services,
  event: StuckEvent,
) => Promise<null | { status: "ignored" | "failed"; reason: string }>;

/**
 * The 15-minute sweep of one provider's webhook events that never got through: still "received"
 * (the enqueue failed and the provider did not redeliver) or "queued" (the message was lost)
 * STUCK_EVENT_MINUTES after their last enqueue. Each is enqueued again by the provider's `requeue`
 * (jobs are idempotent, so a duplicate of a slow job is harmless), at most MAX_REQUEUES times; then
 * it is marked failed with the reason instead of looping forever. Providers call it from their
 * `sweepStuckEvents` hook; a job that waits on purpose (a Zoom transcript fallback) marks its event
 * processed, and a dead-lettered job marks its event failed, so neither is swept.
 *
 * Bounded by STUCK_EVENTS_PER_RUN and shared fairly: organizations with stuck events, most-starved
 * first, get an equal share of the run, oldest events first.
 */
export async function requeueStuckEvents(
  services: Services,
  provider: string,
  requeue: RequeueStuckEvent,
): Promise<StuckEventsOutcome> {
  const { db, clock, log } = services;
  const now = clock.now();
  const deadline = new Date(now.getTime() - services.config.stuckEventMinutes * 60_000);
  const lastEnqueue = sql`coalesce(${webhookEvents.requeuedAt}, ${webhookEvents.receivedAt})`;
  const stuck = and(
    eq(webhookEvents.provider, provider),
    inArray(webhookEvents.status, ["received", "queued"]),
    isNotNull(webhookEvents.organizationId),
    // Uses the (status, received_at) index; then the last enqueue decides.
    lt(webhookEvents.receivedAt, deadline),
    lt(lastEnqueue, deadline.getTime()),
  );
  const organizations = await db
    .select({ organizationId: webhookEvents.organizationId })
    .from(webhookEvents)
    .where(stuck)
    .groupBy(webhookEvents.organizationId)
    .orderBy(sql`min(${lastEnqueue})`)
    .limit(STUCK_EVENTS_PER_RUN);
  const outcome: StuckEventsOutcome = { requeued: 0, failed: 0 };
  if (organizations.length === 0) return outcome;
  const share = Math.max(1, Math.floor(STUCK_EVENTS_PER_RUN / organizations.length));

  for (const { organizationId } of organizations) {
    if (!organizationId) continue;
    const events = await db
      .select({
        id: webhookEvents.id,
        r2Key: webhookEvents.r2Key,
        eventType: webhookEvents.eventType,
        status: webhookEvents.status,
        requeueCount: webhookEvents.requeueCount,
      })
      .from(webhookEvents)
      .where(and(stuck, eq(webhookEvents.organizationId, organizationId)))
      .orderBy(asc(webhookEvents.receivedAt))
      .limit(share);
    for (const event of events) {
      // Claimed with the row as read: a concurrent sweep, or the job finishing meanwhile, wins.
      const claim = and(
        eq(webhookEvents.organizationId, organizationId),
        eq(webhookEvents.id, event.id),
        eq(webhookEvents.status, event.status),
        eq(webhookEvents.requeueCount, event.requeueCount),
      );
      if (event.requeueCount >= MAX_REQUEUES) {
        const given = await db
          .update(webhookEvents)
          .set({
            status: "failed",
            reason: `stuck: still ${event.status} after being enqueued again ${event.requeueCount} times`,
          })
          .where(claim)
          .returning({ id: webhookEvents.id });
        outcome.failed += given.length;
        continue;
      }
      const claimed = await db
        .update(webhookEvents)
        .set({ status: "queued", requeueCount: event.requeueCount + 1, requeuedAt: now })
        .where(claim)
        .returning({ id: webhookEvents.id });
      if (claimed.length === 0) continue;
      const refused = await requeue(services, { ...event, organizationId });
      if (refused) {
        await db
          .update(webhookEvents)
          .set(refused)
          .where(and(eq(webhookEvents.organizationId, organizationId), eq(webhookEvents.id, event.id)));
        if (refused.status === "failed") outcome.failed++;
        continue;
      }
      outcome.requeued++;
    }
  }
  if (outcome.requeued + outcome.failed > 0) log.warn("stuck webhook events swept", { provider, ...outcome });
  return outcome;
}
