import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { connections, conversations, zccDispositions, zccNotes } from "../../../db/schema/index.ts";
import type { Services } from "../../../platform/services.ts";
import { type IngestJob, PermanentJobError } from "../../../queue/jobs.ts";
import type { ConnectionRow } from "../../provider.ts";
import { ZCC } from "../connections/zcc-connection.ts";
import { ZccApi, type ZccEngagement, type ZccRecording } from "../fetch/zcc-api.ts";
import { deletedEngagements } from "../store/deleted-engagements.ts";

const DAY_MS = 86_400_000;
/** A connection's first run looks this far back. */
export const FIRST_RUN_LOOKBACK_DAYS = 30;
/** Later runs start this long before the cursor: recordings and transcripts finish after the engagement. */
export const CURSOR_OVERLAP_DAYS = 2;
/** Zoom answers at most a month per list request. */
export const WINDOW_DAYS = 30;
/** D1 binds at most 100 parameters per statement. */
const IDS_PER_QUERY = 90;
const LAST_ERROR_PREFIX = "reconciliation: ";
/** A window ending this close to now counts as reaching it (turns of one run start seconds apart). */
const CAUGHT_UP_MS = 15 * 60_000;

/**
 * Where a connection's reconciliation stands (kept in its `connections` row between runs):
 * `cursor` = everything before it is listed; the unfinished `window` (ISO date-times); and in
 * `reconcile_page_token` the list being read ("e": engagements, then "r": recordings by
 * recording_end_time) and Zoom's next_page_token there, as `e:<token>` / `r:<token>`.
 */
export interface ZccProgress {
  cursor: string | null;
  window: { from: string; to: string } | null;
  list: "e" | "r";
  pageToken: string;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** The next window to list after `cursor` (or the first run's lookback), ending now at the latest. */
export function nextWindow(cursor: string | null, now: Date): { from: string; to: string } {
  const at = cursor ? Date.parse(cursor) : Number.NaN;
  const from = Number.isNaN(at)
    ? now.getTime() - FIRST_RUN_LOOKBACK_DAYS * DAY_MS
    : Math.min(at - CURSOR_OVERLAP_DAYS * DAY_MS, now.getTime());
  return { from: iso(from), to: iso(Math.min(from + WINDOW_DAYS * DAY_MS, now.getTime())) };
}

/** The first half of a window: listed again from page one when Zoom refuses its page token (they expire). */
export function firstHalf(window: { from: string; to: string }): { from: string; to: string } {
  const from = Date.parse(window.from);
  return { from: window.from, to: iso(from + Math.max(60_000, Math.floor((Date.parse(window.to) - from) / 2))) };
}

export function readProgress(
  row: Pick<ConnectionRow, "syncCursor" | "reconcileWindowFrom" | "reconcileWindowTo" | "reconcilePageToken">,
): ZccProgress {
  const stored = row.reconcilePageToken ?? "";
  return {
    cursor: row.syncCursor,
    window:
      row.reconcileWindowFrom && row.reconcileWindowTo
        ? { from: row.reconcileWindowFrom, to: row.reconcileWindowTo }
        : null,
    list: stored.startsWith("r:") ? "r" : "e",
    pageToken: stored.slice(2),
  };
}

async function chunked<T>(ids: string[], query: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) out.push(...(await query(ids.slice(i, i + IDS_PER_QUERY))));
  return out;
}

/** Engagements of a listed page that Sightline lacks in part or whole: no conversation, no transcript while Zoom has one, or a note or disposition not stored. */
async function missingEngagements(services: Services, organizationId: string, engagements: ZccEngagement[]) {
  const { db } = services;
  const ids = [...new Set(engagements.map((e) => e.engagement_id))];
  const stored = await chunked(ids, (chunk) =>
    db
      .select({ id: conversations.externalId, transcriptKey: conversations.transcriptKey })
      .from(conversations)
      .where(
        and(
          eq(conversations.organizationId, organizationId),
          inArray(conversations.externalId, chunk),
          sql`${conversations.source} LIKE 'zcc\\_%' ESCAPE '\\'`,
        ),
      ),
  );
  const notes = await chunked(ids, (chunk) =>
    db
      .select({ e: zccNotes.engagementId, id: zccNotes.noteId })
      .from(zccNotes)
      .where(and(eq(zccNotes.organizationId, organizationId), inArray(zccNotes.engagementId, chunk))),
  );
  const dispositions = await chunked(ids, (chunk) =>
    db
      .select({ e: zccDispositions.engagementId, id: zccDispositions.dispositionId })
      .from(zccDispositions)
      .where(and(eq(zccDispositions.organizationId, organizationId), inArray(zccDispositions.engagementId, chunk))),
  );
  const conversationOf = new Map(stored.map((s) => [s.id, s]));
  const noteKeys = new Set(notes.map((n) => `${n.e}\u0000${n.id}`));
  const dispositionKeys = new Set(dispositions.map((d) => `${d.e}\u0000${d.id}`));
  return ids.filter((id) => {
    const e = engagements.find((x) => x.engagement_id === id);
    const conversation = conversationOf.get(id);
    if (!e || !conversation) return true;
    const hasTranscript =
      !!e.transcript_url || !!e.callback_voice_messages?.some((m) => m.callback_voice_message_transcript_url);
    if (hasTranscript && !conversation.transcriptKey) return true;
    if ((e.notes ?? []).some((n) => !noteKeys.has(`${id}\u0000${n.note_id}`))) return true;
    return (e.dispositions ?? []).some((d) => !dispositionKeys.has(`${id}\u0000${d.disposition_id}`));
  });
}

/** Recordings whose engagement has no conversation with a transcript yet. */
async function missingRecordings(services: Services, organizationId: string, recordings: ZccRecording[]) {
  const ids = [...new Set(recordings.flatMap((r) => (r.engagement_id ? [r.engagement_id] : [])))];
  const stored = await chunked(ids, (chunk) =>
    services.db
      .select({ id: conversations.externalId })
      .from(conversations)
      .where(
        and(
          eq(conversations.organizationId, organizationId),
          inArray(conversations.externalId, chunk),
          isNotNull(conversations.transcriptKey),
          sql`${conversations.source} LIKE 'zcc\\_%' ESCAPE '\\'`,
        ),
      ),
  );
  const have = new Set(stored.map((s) => s.id));
  return ids.filter((id) => !have.has(id));
}

/**
 * Queues a sync of each engagement Sightline lacks, except those an admin deleted (they stay
 * deleted: skipped and counted, never queued to fail on the tombstone trigger every night).
 */
async function enqueueSyncs(services: Services, organizationId: string, missing: string[]) {
  const deleted = await deletedEngagements(services.db, organizationId, missing);
  const engagementIds = missing.filter((id) => !deleted.has(id));
  const jobs: IngestJob[] = engagementIds.map((engagementId) => ({
    kind: "zcc_sync_engagement",
    organizationId,
    engagementId,
  }));
  for (let i = 0; i < jobs.length; i += 100)
    await services.ingestQueue.sendBatch(jobs.slice(i, i + 100).map((body) => ({ body })));
  return { queued: engagementIds.length, skipped: deleted.size };
}

/**
 * One turn of a connection: at most `maxPages` list pages from where it stopped. Engagements of the
 * window first (`GET /contact_center/engagements?from&to&next_page_token`), then its recordings by
 * `query_date_type=recording_end_time` (a recording finishes processing after the call ends); what
 * Sightline lacks is queued as `zcc_sync_engagement` (the same path as a webhook: idempotent). A
 * stored page token Zoom refuses (they expire after 15 minutes) ends the turn with the first half
 * of the window to list again from page one; the rest follows as later windows.
 */
export async function reconcileZccTurn(services: Services, row: ConnectionRow, maxPages: number) {
  const api = new ZccApi(services, row);
  const now = services.clock.now();
  const progress = readProgress(row);
  let pages = 0;
  let queued = 0;
  let skipped = 0;
  const enqueue = async (missing: string[]) => {
    const outcome = await enqueueSyncs(services, row.organizationId, missing);
    queued += outcome.queued;
    skipped += outcome.skipped;
  };
  while (pages < maxPages) {
    const window = progress.window ?? nextWindow(progress.cursor, now);
    progress.window = window;
    const query = { from: window.from, to: window.to, pageToken: progress.pageToken || null };
    let next: string;
    try {
      if (progress.list === "e") {
        const page = await api.engagementPage(query);
        await enqueue(await missingEngagements(services, row.organizationId, page.engagements));
        next = page.next_page_token ?? "";
      } else {
        const page = await api.recordingPage(query);
        await enqueue(await missingRecordings(services, row.organizationId, page.recordings));
        next = page.next_page_token ?? "";
      }
    } catch (err) {
      if (!(err instanceof PermanentJobError) || !progress.pageToken) throw err;
      services.log.warn("contact center page token refused: listing the first half of the window again", {
        connection: row.id,
        err,
      });
      pages++;
      progress.window = firstHalf(window);
      progress.list = "e";
      progress.pageToken = "";
      return { pages, queued, skipped, progress, done: false };
    }
    pages++;
    if (next) {
      progress.pageToken = next;
      continue;
    }
    progress.pageToken = "";
    if (progress.list === "e") {
      progress.list = "r";
      continue;
    }
    // The window is listed: the cursor moves to its end.
    progress.cursor = window.to;
    progress.window = null;
    progress.list = "e";
    // A window that reached (nearly) now leaves nothing to list: what happens after it is the next
    // night's, whose window starts CURSOR_OVERLAP_DAYS before this cursor anyway.
    if (Date.parse(window.to) >= now.getTime() - CAUGHT_UP_MS) return { pages, queued, skipped, progress, done: true };
  }
  return { pages, queued, skipped, progress, done: false };
}

/** Nightly: every active Contact Center connection becomes pending and the pending ones run. */
export async function reconcileZcc(services: Services): Promise<void> {
  await services.db
    .update(connections)
    .set({ reconcilePending: true })
    .where(and(eq(connections.provider, ZCC), eq(connections.status, "active")));
  await continueZccReconciliation(services);
}

/**
 * Every 15 minutes (and after the nightly marking): the pending connections take turns a page at a
 * time within ZOOM_RECONCILE_PAGES_PER_RUN pages, progress stored after every turn, so one
 * organization's backlog cannot starve another's and a window larger than a run finishes later.
 */
export async function continueZccReconciliation(services: Services): Promise<void> {
  const { db, clock, log } = services;
  const rows = await db.query.connections.findMany({
    where: and(
      eq(connections.provider, ZCC),
      eq(connections.status, "active"),
      eq(connections.reconcilePending, true),
      isNotNull(connections.externalAccountId),
    ),
  });
  let budget = services.config.zoom.reconcilePagesPerRun;
  let turns = [...rows];
  let failed = 0;
  while (budget > 0 && turns.length > 0) {
    const nextTurns: ConnectionRow[] = [];
    for (const row of turns) {
      if (budget <= 0) {
        nextTurns.push(row);
        continue;
      }
      const scope = and(eq(connections.organizationId, row.organizationId), eq(connections.id, row.id));
      try {
        const outcome = await reconcileZccTurn(services, row, 1);
        budget -= Math.max(1, outcome.pages);
        if (outcome.queued + outcome.skipped > 0)
          log.info("contact center reconciliation turn", {
            connection: row.id,
            queued: outcome.queued,
            skippedDeleted: outcome.skipped,
          });
        const { cursor, window, list, pageToken } = outcome.progress;
        const fields = {
          syncCursor: cursor,
          reconcileWindowFrom: window?.from ?? null,
          reconcileWindowTo: window?.to ?? null,
          reconcilePageToken: window ? `${list}:${pageToken}` : null,
          reconcilePending: !outcome.done,
          lastError: row.lastError?.startsWith(LAST_ERROR_PREFIX) ? null : row.lastError,
          lastSyncAt: clock.now(),
          updatedAt: clock.now(),
        };
        await db.update(connections).set(fields).where(scope);
        Object.assign(row, fields);
        if (outcome.done)
          log.info("contact center reconciled", { connection: row.id, organization: row.organizationId });
        else nextTurns.push(row);
      } catch (err) {
        failed++;
        budget -= 1;
        log.error("contact center reconciliation failed", { connection: row.id, err });
        await db
          .update(connections)
          .set({
            lastError: `${LAST_ERROR_PREFIX}${err instanceof Error ? err.message : String(err)}`.slice(0, 500),
            reconcilePending: false,
            updatedAt: clock.now(),
          })
          .where(scope);
      }
    }
    turns = nextTurns;
  }
  if (failed > 0) throw new Error(`contact center reconciliation failed for ${failed} connection(s)`);
}
