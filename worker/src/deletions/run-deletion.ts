import { and, count, eq, inArray, ne, or, sql } from "drizzle-orm";
import { conversations, dataExports, deletionRequests, mediaFiles, webhookEvents } from "../db/schema/index.ts";
import { deleteConversation, type Statement } from "../insights/insight-writer.ts";
import type { Services } from "../platform/services.ts";
import { PermanentJobError } from "../queue/jobs.ts";
import { CONVERSATION_TABLES, ENGAGEMENT_TABLES } from "./conversation-tables.ts";
import { deleteObjects } from "./delete-objects.ts";
import { conversationsInScope, providerOfSource } from "./deletion-scope.ts";
import { expireArchivesStep } from "./expire-archives.ts";

/** Conversations one job deletes before it queues the next one (a job stays well inside its CPU and D1 limits). */
export const CONVERSATIONS_PER_JOB = 25;
/** Archived events (and their bodies) one job deletes in the organization-wide clean-up of "everything". */
const EVENTS_PER_PAGE = 100;
const EVENT_PAGES_PER_JOB = 10;

type Deletion = typeof deletionRequests.$inferSelect;
type ConversationToDelete = Pick<
  typeof conversations.$inferSelect,
  "id" | "source" | "externalId" | "transcriptKey" | "transcriptHash"
>;

/**
 * One step of a deletion (POST /api/v1/deletions): deletes the next conversations in scope, each
 * with everything derived from it (R2 first, then D1 in one batch, so a retry after any failure
 * finds what is left and nothing is half-deleted), counting what went on the audit row, and queues
 * the next step until nothing in scope is left. "Everything" then also clears the organization's
 * remaining archives and R2 objects. Running a step twice deletes nothing twice.
 */
export async function runDeletion(
  services: Services,
  job: { organizationId: string; deletionId: string },
): Promise<"more" | "done"> {
  const { db, clock, ingestQueue, log } = services;
  const thisDeletion = and(
    eq(deletionRequests.organizationId, job.organizationId),
    eq(deletionRequests.id, job.deletionId),
  );
  const deletion = await db.query.deletionRequests.findFirst({ where: thisDeletion });
  if (!deletion) throw new PermanentJobError(`deletion ${job.deletionId} does not exist in the organization`);
  if (deletion.status === "done" || deletion.status === "failed") return "done";
  try {
    const inScope = await conversationsInScope(db, deletion);
    if (deletion.status === "pending") {
      const [found] = await db.select({ n: count() }).from(conversations).where(inScope);
      await db
        .update(deletionRequests)
        .set({ status: "running", conversationsFound: found?.n ?? 0, updatedAt: clock.now() })
        .where(thisDeletion);
    }
    const batch = await db
      .select({
        id: conversations.id,
        source: conversations.source,
        externalId: conversations.externalId,
        transcriptKey: conversations.transcriptKey,
        transcriptHash: conversations.transcriptHash,
      })
      .from(conversations)
      .where(inScope)
      .orderBy(conversations.id)
      .limit(CONVERSATIONS_PER_JOB);
    for (const conversation of batch) await deleteOneConversation(services, deletion, conversation);
    if (batch.length === CONVERSATIONS_PER_JOB || !(await organizationCleanupDone(services, deletion))) {
      await ingestQueue.send({ kind: "delete_data", organizationId: job.organizationId, deletionId: job.deletionId });
      return "more";
    }
    const now = clock.now();
    await db
      .update(deletionRequests)
      .set({ status: "done", completedAt: now, updatedAt: now, error: null })
      .where(thisDeletion);
    log.info("deletion done", { deletion: job.deletionId, scope: deletion.scope });
    return "done";
  } catch (err) {
    if (err instanceof PermanentJobError)
      await db
        .update(deletionRequests)
        .set({ status: "failed", error: err.message.slice(0, 500), updatedAt: clock.now() })
        .where(thisDeletion);
    throw err;
  }
}

async function deleteOneConversation(services: Services, deletion: Deletion, conversation: ConversationToDelete) {
  const { db, clock } = services;
  const organizationId = deletion.organizationId;
  const conversationId = conversation.id;
  const events = await archivedEventsOf(services, organizationId, conversation);
  const keys = new Set<string>(events.map((e) => e.r2Key));
  const media = await services.db
    .select({ r2Key: mediaFiles.r2Key })
    .from(mediaFiles)
    .where(and(eq(mediaFiles.organizationId, organizationId), eq(mediaFiles.conversationId, conversationId)));
  for (const file of media) if (file.r2Key.startsWith(`orgs/${organizationId}/`)) keys.add(file.r2Key);
  for (const key of await transcriptObjects(services, organizationId, conversation)) keys.add(key);
  for (const key of await analysisCacheObjects(services, organizationId, conversation)) keys.add(key);
  const objectsDeleted = await deleteObjects(services, [...keys]);

  const rowsOf = (table: string) =>
    sql`(SELECT count(*) FROM ${sql.identifier(table)}
      WHERE organization_id = ${organizationId} AND conversation_id = ${conversationId})`;
  const eventIds = events.map((e) => e.id);
  const before: Statement[] = [
    db
      .update(deletionRequests)
      .set({
        conversationsDeleted: sql`${deletionRequests.conversationsDeleted} + (SELECT count(*) FROM conversations
          WHERE organization_id = ${organizationId} AND id = ${conversationId})`,
        segmentsDeleted: sql`${deletionRequests.segmentsDeleted} + ${rowsOf("transcript_segments")}`,
        insightsDeleted: sql`${deletionRequests.insightsDeleted} + ${rowsOf("insights")}`,
        participantsDeleted: sql`${deletionRequests.participantsDeleted} + ${rowsOf("participants")}`,
        webhookEventsDeleted: sql`${deletionRequests.webhookEventsDeleted} + ${
          eventIds.length
            ? sql`(SELECT count(*) FROM webhook_events WHERE organization_id = ${organizationId}
                AND id IN (${sql.join(
                  eventIds.map((id) => sql`${id}`),
                  sql`, `,
                )}))`
            : sql`0`
        }`,
        objectsDeleted: sql`${deletionRequests.objectsDeleted} + ${objectsDeleted}`,
        updatedAt: clock.now(),
      })
      .where(and(eq(deletionRequests.organizationId, organizationId), eq(deletionRequests.id, deletion.id))),
  ];
  const deletes: Statement[] = CONVERSATION_TABLES.map((table) =>
    db.delete(table).where(and(eq(table.organizationId, organizationId), eq(table.conversationId, conversationId))),
  );
  if (conversation.source.startsWith("zcc_"))
    for (const table of ENGAGEMENT_TABLES)
      deletes.push(
        db
          .delete(table)
          .where(and(eq(table.organizationId, organizationId), eq(table.engagementId, conversation.externalId))),
      );
  if (eventIds.length)
    deletes.push(
      db
        .delete(webhookEvents)
        .where(and(eq(webhookEvents.organizationId, organizationId), inArray(webhookEvents.id, eventIds))),
    );
  await deleteConversation(
    db,
    { organizationId, conversationId, deletionId: deletion.id, now: clock.now() },
    before,
    deletes,
  );
}

/**
 * The archived webhook bodies about this conversation's provider object: by the subject recorded on
 * receipt, or (events archived before subjects were recorded) by the object id inside the dedupe key.
 */
async function archivedEventsOf(services: Services, organizationId: string, conversation: ConversationToDelete) {
  const provider = providerOfSource(conversation.source);
  if (!provider) return [];
  const id = conversation.externalId;
  return services.db
    .select({ id: webhookEvents.id, r2Key: webhookEvents.r2Key })
    .from(webhookEvents)
    .where(
      and(
        eq(webhookEvents.organizationId, organizationId),
        eq(webhookEvents.provider, provider),
        or(eq(webhookEvents.subjectId, id), sql`instr(${webhookEvents.dedupeKey}, ${`:${id}`}) > 0`),
      ),
    )
    .limit(500);
}

/**
 * The original transcript file and everything kept beside it (Whisper outputs, media): the folder of
 * its R2 key, when that folder is the conversation's own (orgs/{org}/transcripts/{provider}/{id}/).
 */
async function transcriptObjects(services: Services, organizationId: string, conversation: ConversationToDelete) {
  const key = conversation.transcriptKey;
  if (!key?.startsWith(`orgs/${organizationId}/`)) return [];
  const folder = key.slice(0, key.lastIndexOf("/") + 1);
  const ownFolder = folder.startsWith(`orgs/${organizationId}/transcripts/`) && folder.split("/").length >= 6;
  return ownFolder ? listKeys(services, folder) : [key];
}

/** Cached model answers for this transcript, unless another conversation of the organization has the same text. */
async function analysisCacheObjects(services: Services, organizationId: string, conversation: ConversationToDelete) {
  const hash = conversation.transcriptHash;
  if (!hash) return [];
  const shared = await services.db.query.conversations.findFirst({
    columns: { id: true },
    where: and(
      eq(conversations.organizationId, organizationId),
      eq(conversations.transcriptHash, hash),
      ne(conversations.id, conversation.id),
    ),
  });
  return shared ? [] : listKeys(services, `orgs/${organizationId}/analysis-cache/${hash}/`);
}

async function listKeys(services: Services, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await services.blobs.list({ prefix, cursor });
    keys.push(...page.objects.map((o) => o.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return keys;
}

/**
 * "Everything" (without a date range: the whole organization; with one: what was received in it)
 * also removes archived events no conversation claims (ignored, unmatched, failed) and, without a
 * range, every R2 object left under the organization's prefix. Done in pages; false while some is left.
 */
async function organizationCleanupDone(services: Services, deletion: Deletion): Promise<boolean> {
  if (deletion.scope === "retention") return expireArchivesStep(services, deletion);
  if (deletion.scope !== "all") return true;
  const { db } = services;
  const organizationId = deletion.organizationId;
  const inRange = and(
    eq(webhookEvents.organizationId, organizationId),
    deletion.fromAt ? sql`${webhookEvents.receivedAt} >= ${deletion.fromAt.getTime()}` : undefined,
    deletion.toAt ? sql`${webhookEvents.receivedAt} < ${deletion.toAt.getTime()}` : undefined,
  );
  for (let page = 0; page < EVENT_PAGES_PER_JOB; page++) {
    const events = await db
      .select({ id: webhookEvents.id, r2Key: webhookEvents.r2Key })
      .from(webhookEvents)
      .where(inRange)
      .limit(EVENTS_PER_PAGE);
    if (events.length === 0) break;
    const objects = await deleteObjects(
      services,
      events.map((e) => e.r2Key),
    );
    await db.batch([
      db
        .update(deletionRequests)
        .set({
          webhookEventsDeleted: sql`${deletionRequests.webhookEventsDeleted} + ${events.length}`,
          objectsDeleted: sql`${deletionRequests.objectsDeleted} + ${objects}`,
        })
        .where(and(eq(deletionRequests.organizationId, organizationId), eq(deletionRequests.id, deletion.id))),
      db.delete(webhookEvents).where(
        and(
          eq(webhookEvents.organizationId, organizationId),
          inArray(
            webhookEvents.id,
            events.map((e) => e.id),
          ),
        ),
      ),
    ]);
    if (events.length < EVENTS_PER_PAGE) break;
    if (page === EVENT_PAGES_PER_JOB - 1) return false;
  }
  if (deletion.fromAt || deletion.toAt) return true;
  const leftovers = await services.blobs.list({ prefix: `orgs/${organizationId}/`, limit: 1000 });
  if (leftovers.objects.length) {
    await services.blobs.delete(leftovers.objects.map((o) => o.key));
    await db
      .update(deletionRequests)
      .set({ objectsDeleted: sql`${deletionRequests.objectsDeleted} + ${leftovers.objects.length}` })
      .where(and(eq(deletionRequests.organizationId, organizationId), eq(deletionRequests.id, deletion.id)));
    if (leftovers.truncated) return false;
  }
  // Export archives were among the objects: their rows say so (who, when and counts remain).
  await db
    .update(dataExports)
    .set({ status: "expired", updatedAt: services.clock.now() })
    .where(and(eq(dataExports.organizationId, organizationId), eq(dataExports.status, "done")));
  return true;
}
