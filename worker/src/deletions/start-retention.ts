import { and, eq, inArray, isNotNull, isNull, lt, or } from "drizzle-orm";
import {
  conversations,
  deletionRequests,
  organizations,
  RETENTION_REQUESTER,
  webhookEvents,
} from "../db/schema/index.ts";
import { newId } from "../platform/ids.ts";
import type { Services } from "../platform/services.ts";

const DAY_MS = 86_400_000;

/**
 * The nightly retention task: for every organization with a transcript or archive retention period,
 * when something is past it and no retention run of the organization is still going, records a
 * deletion of scope "retention" (the audit row: cutoffs, then counts) and queues its first step. The
 * deletion job (run-deletion.ts) removes each conversation that started before the transcript cutoff
 * completely (rows, search index, R2 objects, tombstone, rollups recomputed) and then expires archived
 * bodies received before the archive cutoff (expire-archives.ts). Answers the runs it started.
 */
export async function startRetentionRuns(services: Services): Promise<number> {
  const { db, clock, ingestQueue, log } = services;
  const orgs = await db
    .select({
      id: organizations.id,
      transcriptDays: organizations.transcriptRetentionDays,
      archiveDays: organizations.archiveRetentionDays,
    })
    .from(organizations)
    .where(or(isNotNull(organizations.transcriptRetentionDays), isNotNull(organizations.archiveRetentionDays)));
  let started = 0;
  for (const org of orgs) {
    const now = clock.now();
    const transcriptCutoff = org.transcriptDays ? new Date(now.getTime() - org.transcriptDays * DAY_MS) : null;
    const archiveCutoff = org.archiveDays ? new Date(now.getTime() - org.archiveDays * DAY_MS) : null;
    const running = await db.query.deletionRequests.findFirst({
      columns: { id: true },
      where: and(
        eq(deletionRequests.organizationId, org.id),
        eq(deletionRequests.scope, "retention"),
        inArray(deletionRequests.status, ["pending", "running"]),
      ),
    });
    if (running) continue;
    const conversationDue = transcriptCutoff
      ? await db.query.conversations.findFirst({
          columns: { id: true },
          where: and(eq(conversations.organizationId, org.id), lt(conversations.startedAt, transcriptCutoff)),
        })
      : undefined;
    const archiveDue = archiveCutoff
      ? await db.query.webhookEvents.findFirst({
          columns: { id: true },
          where: and(
            eq(webhookEvents.organizationId, org.id),
            inArray(webhookEvents.status, ["processed", "ignored", "failed"]),
            isNull(webhookEvents.archiveDeletedAt),
            lt(webhookEvents.receivedAt, archiveCutoff),
          ),
        })
      : undefined;
    // Nothing due: no audit row (the log then lists only runs that removed something).
    if (!conversationDue && !archiveDue) continue;
    const id = newId("del");
    await db.insert(deletionRequests).values({
      id,
      organizationId: org.id,
      requestedByUserId: RETENTION_REQUESTER,
      scope: "retention",
      toAt: conversationDue ? transcriptCutoff : null,
      archivesBefore: archiveDue ? archiveCutoff : null,
      status: "pending",
      createdAt: now,
      updatedAt: now,
    });
    await ingestQueue.send({ kind: "delete_data", organizationId: org.id, deletionId: id });
    log.info("retention run queued", { organization: org.id, deletion: id });
    started++;
  }
  return started;
}
