import { and, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import { deletionRequests, webhookEvents } from "../db/schema/index.ts";
import type { Services } from "../platform/services.ts";
import { deleteObjects } from "./delete-objects.ts";

const EVENTS_PER_PAGE = 100;
const PAGES_PER_STEP = 10;

/**
 * The archive half of a retention run: raw webhook bodies the organization received before the
 * run's `archivesBefore` are deleted from R2 and their index rows marked (archive_deleted_at, as
 * migration 0013 does for ignored events), so the event list keeps its status and reason while
 * its body is gone (such an event can no longer be replayed). Events still waiting to be processed
 * keep theirs. Bounded pages; false while some are left for the next step.
 */
export async function expireArchivesStep(
  services: Services,
  deletion: typeof deletionRequests.$inferSelect,
): Promise<boolean> {
  if (!deletion.archivesBefore) return true;
  const { db, clock } = services;
  const organizationId = deletion.organizationId;
  const due = and(
    eq(webhookEvents.organizationId, organizationId),
    inArray(webhookEvents.status, ["processed", "ignored", "failed"]),
    isNull(webhookEvents.archiveDeletedAt),
    lt(webhookEvents.receivedAt, deletion.archivesBefore),
  );
  for (let page = 0; page < PAGES_PER_STEP; page++) {
    const events = await db
      .select({ id: webhookEvents.id, r2Key: webhookEvents.r2Key })
      .from(webhookEvents)
      .where(due)
      .limit(EVENTS_PER_PAGE);
    if (events.length === 0) return true;
    // Only the organization's own prefix: an index row never makes retention delete another's object.
    const objects = await deleteObjects(
      services,
      events.map((e) => e.r2Key).filter((key) => key.startsWith(`orgs/${organizationId}/`)),
    );
    await db.batch([
      db
        .update(deletionRequests)
        .set({
          archivesExpired: sql`${deletionRequests.archivesExpired} + ${events.length}`,
          objectsDeleted: sql`${deletionRequests.objectsDeleted} + ${objects}`,
          updatedAt: clock.now(),
        })
        .where(and(eq(deletionRequests.organizationId, organizationId), eq(deletionRequests.id, deletion.id))),
      db
        .update(webhookEvents)
        .set({ archiveDeletedAt: clock.now() })
        .where(
          and(
            eq(webhookEvents.organizationId, organizationId),
            inArray(
              webhookEvents.id,
              events.map((e) => e.id),
            ),
          ),
        ),
    ]);
    if (events.length < EVENTS_PER_PAGE) return true;
  }
  return false;
}
