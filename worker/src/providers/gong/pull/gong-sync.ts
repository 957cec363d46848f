import { and, eq, gt, isNull, lt, or } from "drizzle-orm";
import { connections, gongCalls, gongSettings, gongSyncState } from "../../../db/schema/index.ts";
import type { Services } from "../../../platform/services.ts";
import { PermanentJobError } from "../../../queue/jobs.ts";
import { requireActiveGongConnection } from "../connections/gong-credentials.ts";
import { gongClientFor } from "../connections/gong-token.ts";
import { learnGongCompany } from "../connections/learn-gong-company.ts";
import { GONG_CALL_IDS_PER_REQUEST } from "../gong-client.ts";
import { importGongCalls } from "./import-gong-calls.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
/** One pull per connection at a time; a job that died leaves the lease to run out. */
export const SYNC_LEASE_MS = 10 * 60 * 1000;
export const DEFAULT_BACKFILL_DAYS = 90;
/** A call seen without a transcript is asked again by the pulls of the next GONG_SYNC_OVERLAP_HOURS, this many times at most. */
const MAX_TRANSCRIPT_TRIES = 24;

export interface GongSyncJob {
  organizationId: string;
  connectionId: string;
}

/**
 * One step of a connection's pull: one page of `GET /v2/calls` in the current window, its calls
 * imported, the cursor stored, and the next step queued, until the window is listed.
 *
 * Windows are keyed on availability, not on call start alone: Gong lists a call only once it has
 * processed it, which can be hours after it started, so each new window begins GONG_SYNC_OVERLAP_HOURS
 * (24) before where the last one ended and runs to now. Calls seen before are skipped without a
 * request (gong_calls), so the overlap costs a list request per page, not an import. The first
 * window is the backfill (gong_settings.backfill_days, 90 by default).
 *
 * Resumable: the window and Gong's cursor are stored after every page; any failure (429, a 5xx, a
 * crash) leaves them, the job is retried by the queue (or the 15-minute cron starts it again) and
 * continues from that page. A cursor Gong refuses restarts the window from its first page.
 */
export async function runGongSync(services: Services, job: GongSyncJob): Promise<void> {
  const { db, clock } = services;
  const { organizationId, connectionId } = job;
  await requireActiveGongConnection(services, organizationId, connectionId, "pull Gong calls");
  const now = clock.now();
  const ofState = and(eq(gongSyncState.organizationId, organizationId), eq(gongSyncState.connectionId, connectionId));
  await db.insert(gongSyncState).values({ connectionId, organizationId, updatedAt: now }).onConflictDoNothing();
  const [state] = await db
    .update(gongSyncState)
    .set({ leaseUntil: new Date(now.getTime() + SYNC_LEASE_MS) })
    .where(and(ofState, or(isNull(gongSyncState.leaseUntil), lt(gongSyncState.leaseUntil, now))))
    .returning();
  if (!state) {
    services.log.info("gong pull already running", { connection: connectionId });
    return;
  }
  const release = (fields: Partial<typeof gongSyncState.$inferInsert>) =>
    db
      .update(gongSyncState)
      .set({ leaseUntil: null, updatedAt: clock.now(), ...fields })
      .where(ofState);
  try {
    let windowFrom = state.windowFrom;
    let windowTo = state.windowTo;
    let cursor = state.cursor;
    if (!windowFrom || !windowTo) {
      const overlapMs = services.config.gong.syncOverlapHours * 60 * 60 * 1000;
      const settings = await db.query.gongSettings.findFirst({
        columns: { backfillDays: true },
        where: eq(gongSettings.organizationId, organizationId),
      });
      const backfillDays = settings?.backfillDays ?? DEFAULT_BACKFILL_DAYS;
      windowFrom = state.syncedTo
        ? new Date(state.syncedTo.getTime() - overlapMs)
        : new Date(now.getTime() - backfillDays * DAY_MS);
      windowTo = now;
      cursor = null;
      await db.update(gongSyncState).set({ windowFrom, windowTo, cursor: null }).where(ofState);
    }
    const active = await requireActiveGongConnection(services, organizationId, connectionId, "pull Gong calls");
    const learned = await learnGongCompany(services, active, await gongClientFor(services, active));
    // Requests spend the budget of the company's (possibly just learned) key.
    const client = await gongClientFor(services, learned);
    let page: Awaited<ReturnType<typeof client.listCalls>>;
    try {
      page = await client.listCalls(windowFrom, windowTo, cursor);
    } catch (err) {
      if (!(cursor && err instanceof PermanentJobError && /answered 400/.test(err.message))) throw err;
      // Gong refused the stored cursor (expired): list the window again from its first page.
      services.log.warn("gong cursor refused: window restarts", { connection: connectionId });
      await release({ cursor: null });
      await services.ingestQueue.send({ kind: "gong_sync", organizationId, connectionId });
      return;
    }
    const ids = [...new Set(page.calls.map((c) => c.id))];
    await importGongCalls(services, { organizationId, connectionId, client }, ids);
    if (page.cursor) {
      await release({ cursor: page.cursor, lastError: null });
      await services.ingestQueue.send({ kind: "gong_sync", organizationId, connectionId });
      return;
    }
    // The window is listed. Calls seen lately without a transcript (Gong transcribes after it lists)
    // are asked again, by id: their start may be older than any window that still comes.
    const waiting = await db
      .select({ callId: gongCalls.callId })
      .from(gongCalls)
      .where(
        and(
          eq(gongCalls.organizationId, organizationId),
          eq(gongCalls.connectionId, connectionId),
          eq(gongCalls.status, "no_transcript"),
          gt(gongCalls.firstSeenAt, new Date(now.getTime() - services.config.gong.syncOverlapHours * 60 * 60 * 1000)),
          lt(gongCalls.attempts, MAX_TRANSCRIPT_TRIES),
        ),
      )
      .limit(GONG_CALL_IDS_PER_REQUEST);
    await importGongCalls(
      services,
      { organizationId, connectionId, client },
      waiting.map((w) => w.callId).filter((id) => !ids.includes(id)),
    );
    await release({
      windowFrom: null,
      windowTo: null,
      cursor: null,
      syncedTo: windowTo,
      lastSyncAt: clock.now(),
      lastError: null,
    });
  } catch (err) {
    await release({ lastError: err instanceof Error ? err.message.slice(0, 300) : String(err) });
    throw err;
  }
}

/** Every 15 minutes (and nightly): a pull step for every active Gong connection; the lease skips running ones. */
export async function startGongPulls(services: Services): Promise<void> {
  const rows = await services.db.query.connections.findMany({
    columns: { id: true, organizationId: true },
    where: and(eq(connections.provider, "gong"), eq(connections.status, "active")),
  });
  for (let i = 0; i < rows.length; i += 100)
    await services.ingestQueue.sendBatch(
      rows.slice(i, i + 100).map((r) => ({
        body: { kind: "gong_sync" as const, organizationId: r.organizationId, connectionId: r.id },
      })),
    );
}
