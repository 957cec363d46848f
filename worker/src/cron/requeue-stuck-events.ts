import { and, asc, eq, inArray, isNotNull, lt, sql } from "drizzle-orm";
import { webhookEvents } from "../db/schema/index.ts";
import type { Services } from "../platform/services.ts";
import type { Provider } from "../providers/provider.ts";
import { PROVIDERS } from "../providers/registry.ts";

/** Events enqueued again per run, over all organizations. */
export const STUCK_EVENTS_PER_RUN = 100;
/** Re-enqueues before a stuck event is given up as failed. */
export const MAX_REQUEUES = 3;

export interface StuckEventsOutcome {
  requeued: number;
  failed: number;
  /** Their provider could no longer name a job (e.g. no active connection): marked ignored with why. */
  ignored: number;
}

/**
 * The 15-minute sweep of webhook events that never got through, for every provider that archives
 * its webhooks (Zoom meetings, Zoom Contact Center, Gong): still "received" (the enqueue failed and
 * the sender did not redeliver) or "queued" (the message was lost) STUCK_EVENT_MINUTES after their
 * last enqueue. Each is enqueued again with the job its provider names (`Provider.stuckEventJob`,
 * the job it would have had on receipt; processing is idempotent, so a duplicate of a slow job is
 * harmless), at most MAX_REQUEUES times; then it is marked failed with the reason instead of
 * looping forever. A provider that can no longer name a job (say, the connection is gone) has the
 * event marked ignored with its reason, as an admin's replay would.
 *
 * Only jobs of a webhook event hang on these statuses. A Zoom meeting waiting (up to 12 h) for its
 * transcript fallback is not stuck: the fallback job is queued with a delay by the
 * `recording.completed` job, which marks that event processed; a dead-lettered job marks its event
 * failed. Neither status is swept.
 *
 * Bounded by STUCK_EVENTS_PER_RUN and shared fairly: organizations with stuck events, most-starved
 * first, get an equal share of the run, oldest events first.
 */
export async function requeueStuckWebhookEvents(
  services: Services,
  providers: readonly Pick<Provider, "name" | "stuckEventJob">[] = PROVIDERS,
): Promise<StuckEventsOutcome> {
  const { db, clock, log } = services;
  const byName = new Map(providers.flatMap((p) => (p.stuckEventJob ? [[p.name as string, p] as const] : [])));
  if (byName.size === 0) return { requeued: 0, failed: 0, ignored: 0 };
  const now = clock.now();
  const deadline = new Date(now.getTime() - services.config.stuckEventMinutes * 60_000);
  const lastEnqueue = sql`coalesce(${webhookEvents.requeuedAt}, ${webhookEvents.receivedAt})`;
  const stuck = and(
    inArray(webhookEvents.provider, [...byName.keys()]),
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
  const outcome: StuckEventsOutcome = { requeued: 0, failed: 0, ignored: 0 };
  if (organizations.length === 0) return outcome;
  const share = Math.max(1, Math.floor(STUCK_EVENTS_PER_RUN / organizations.length));

  for (const { organizationId } of organizations) {
    if (!organizationId) continue;
    const events = await db
      .select()
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
      // The job is named before the claim: a provider that cannot name one leaves the event ignored.
      const provider = byName.get(event.provider);
      let job: Awaited<ReturnType<NonNullable<Provider["stuckEventJob"]>>>;
      try {
        job = provider?.stuckEventJob ? await provider.stuckEventJob(services, { ...event, organizationId }) : "";
      } catch (err) {
        job = `cannot be enqueued again: ${err instanceof Error ? err.message : String(err)}`;
      }
      if (typeof job === "string") {
        const given = await db
          .update(webhookEvents)
          .set({ status: "ignored", reason: `stuck: ${job || `no provider ${event.provider} to enqueue it`}` })
          .where(claim)
          .returning({ id: webhookEvents.id });
        outcome.ignored += given.length;
        continue;
      }
      const claimed = await db
        .update(webhookEvents)
        .set({ status: "queued", requeueCount: event.requeueCount + 1, requeuedAt: now })
        .where(claim)
        .returning({ id: webhookEvents.id });
      if (claimed.length === 0) continue;
      await services.ingestQueue.send(job);
      outcome.requeued++;
    }
  }
  if (outcome.requeued + outcome.failed + outcome.ignored > 0) log.warn("stuck webhook events swept", { ...outcome });
  return outcome;
}
