import { and, asc, eq, isNull, lt, notExists, sql } from "drizzle-orm";
import { conversations, failedJobs } from "../db/schema/index.ts";
import type { Services } from "../platform/services.ts";
import type { IngestJob } from "../queue/jobs.ts";

/** Analyses queued again per run, over all organizations (one sendBatch holds 100). */
export const UNANALYZED_PER_RUN = 100;

/**
 * The 15-minute sweep of conversations stored but never analyzed: the transcript was stored and
 * its `analyze_conversation` job sent, but the job never ran to the end (the message was lost when
 * the Worker died, or its invocation was killed mid-analysis). Such a conversation stays 'stored'
 * forever: nothing else looks at it again, and the provider's own recovery (redelivery,
 * reconciliation, the stuck-event sweep) sees a conversation that exists and does nothing.
 *
 * A conversation still 'stored' STUCK_EVENT_MINUTES after its last change gets its analysis queued
 * again, and its `updated_at` set to now, so the next sweep waits as long again before resending it
 * (the claim is conditional on the row as read: a concurrent sweep, or the analysis finishing
 * meanwhile, wins). Analysis replaces a conversation's insights in one batch, so a duplicate job is
 * harmless. A conversation whose analysis failed for good (a failed_jobs row not replayed) is left to
 * the admin who replays it, so a failing analysis is not resent every quarter hour.
 *
 * Bounded by UNANALYZED_PER_RUN and shared fairly between organizations, oldest first; every query
 * and every job is scoped by the conversation's organization.
 */
export async function requeueUnanalyzedConversations(services: Services): Promise<{ queued: number }> {
  const { db, clock, log } = services;
  const now = clock.now();
  const deadline = new Date(now.getTime() - services.config.stuckEventMinutes * 60_000);
  const failedForGood = notExists(
    db
      .select({ one: sql`1` })
      .from(failedJobs)
      .where(
        and(
          eq(failedJobs.organizationId, conversations.organizationId),
          eq(failedJobs.jobType, "analyze_conversation"),
          isNull(failedJobs.replayedAt),
          sql`json_extract(${failedJobs.payload}, '$.conversationId') = ${conversations.id}`,
        ),
      ),
  );
  // Uses the partial index conversations_awaiting_analysis (status = 'stored', updated_at).
  const stalled = and(eq(conversations.status, "stored"), lt(conversations.updatedAt, deadline), failedForGood);
  const organizations = await db
    .select({ organizationId: conversations.organizationId })
    .from(conversations)
    .where(stalled)
    .groupBy(conversations.organizationId)
    .orderBy(sql`min(${conversations.updatedAt})`)
    .limit(UNANALYZED_PER_RUN);
  if (organizations.length === 0) return { queued: 0 };
  const share = Math.max(1, Math.floor(UNANALYZED_PER_RUN / organizations.length));

  const jobs: IngestJob[] = [];
  for (const { organizationId } of organizations) {
    const rows = await db
      .select({ id: conversations.id, updatedAt: conversations.updatedAt })
      .from(conversations)
      .where(and(stalled, eq(conversations.organizationId, organizationId)))
      .orderBy(asc(conversations.updatedAt))
      .limit(share);
    for (const row of rows) {
      const claimed = await db
        .update(conversations)
        .set({ updatedAt: now })
        .where(
          and(
            eq(conversations.organizationId, organizationId),
            eq(conversations.id, row.id),
            eq(conversations.status, "stored"),
            eq(conversations.updatedAt, row.updatedAt),
          ),
        )
        .returning({ id: conversations.id });
      if (claimed.length > 0) jobs.push({ kind: "analyze_conversation", organizationId, conversationId: row.id });
    }
  }
  for (let i = 0; i < jobs.length; i += 100)
    await services.ingestQueue.sendBatch(jobs.slice(i, i + 100).map((body) => ({ body })));
  if (jobs.length > 0)
    log.warn("analysis queued again for conversations stored but never analyzed", { queued: jobs.length });
  return { queued: jobs.length };
}
