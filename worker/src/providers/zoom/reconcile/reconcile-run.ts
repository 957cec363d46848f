import { and, eq, isNotNull } from "drizzle-orm";
import { connections } from "../../../db/schema/index.ts";
import type { Services } from "../../../platform/services.ts";
import { type ReconcileConnection, type ReconcileOutcome, reconcileZoomConnection } from "./reconcile-recordings.ts";

const LAST_ERROR_PREFIX = "reconciliation: ";
/** Pages a connection lists per turn: one, so organizations take turns page by page. */
const PAGES_PER_TURN = 1;

const activeZoom = and(
  eq(connections.provider, "zoom"),
  eq(connections.status, "active"),
  isNotNull(connections.externalAccountId),
);

/**
 * The nightly task: every active Zoom connection, account-level (Server-to-Server) and per-user
 * (OAuth, each with its own cursor), is marked pending and reconciled (runPendingReconciliation).
 */
export async function reconcileZoomRecordings(services: Services): Promise<void> {
  await services.db
    .update(connections)
    .set({ reconcilePending: true })
    .where(and(activeZoom, eq(connections.reconcilePending, false)));
  await runPendingReconciliation(services);
}

/**
 * The 15-minute task: continues what the nightly run could not finish within its page budget, soon
 * enough that Zoom's next_page_token (valid 15 minutes) usually still works.
 */
export async function continueZoomReconciliation(services: Services): Promise<void> {
  await runPendingReconciliation(services);
}

interface Turn {
  row: ReconcileConnection & { lastError: string | null };
  total: Omit<ReconcileOutcome, "progress" | "done">;
}

/**
 * One run over the pending connections within ZOOM_RECONCILE_PAGES_PER_RUN pages: organizations
 * take turns a page at a time (and, inside one, its connections take turns), so one organization's
 * many connections or huge backlog cannot starve another's. After every turn the connection's
 * progress is stored (cursor, unfinished window, page token); a connection that listed up to today
 * stops being pending. A connection that fails keeps its progress, gets `lastError` and waits for
 * the next night; the others go on, and the task fails at the end so the cron run shows it.
 */
export async function runPendingReconciliation(services: Services): Promise<void> {
  const { db, clock, log } = services;
  const rows = await db.query.connections.findMany({
    columns: {
      id: true,
      organizationId: true,
      scope: true,
      externalAccountId: true,
      externalUserId: true,
      syncCursor: true,
      reconcileWindowFrom: true,
      reconcileWindowTo: true,
      reconcilePageToken: true,
      lastError: true,
    },
    where: and(activeZoom, eq(connections.reconcilePending, true)),
    // Account connections first: their lists cover the users' meetings too (dedupe keys skip repeats).
    orderBy: (c, { asc }) => [asc(c.scope), asc(c.createdAt)],
  });
  const byOrganization = new Map<string, Turn[]>();
  for (const row of rows) {
    if (!row.externalAccountId) continue;
    const turns = byOrganization.get(row.organizationId) ?? [];
    turns.push({
      row: {
        id: row.id,
        organizationId: row.organizationId,
        externalAccountId: row.externalAccountId,
        syncCursor: row.syncCursor,
        window:
          row.reconcileWindowFrom && row.reconcileWindowTo
            ? { from: row.reconcileWindowFrom, to: row.reconcileWindowTo }
            : null,
        pageToken: row.reconcilePageToken,
        scope: row.scope,
        externalUserId: row.externalUserId,
        lastError: row.lastError,
      },
      total: { pages: 0, listed: 0, queued: 0, skipped: 0, ignored: 0 },
    });
    byOrganization.set(row.organizationId, turns);
  }

  let budget = services.config.zoom.reconcilePagesPerRun;
  let failed = 0;
  while (budget > 0 && byOrganization.size > 0) {
    for (const [organizationId, turns] of byOrganization) {
      if (budget <= 0) break;
      const turn = turns.shift();
      if (!turn) {
        byOrganization.delete(organizationId);
        continue;
      }
      const { row } = turn;
      const scope = and(eq(connections.organizationId, row.organizationId), eq(connections.id, row.id));
      try {
        const outcome = await reconcileZoomConnection(services, row, { maxPages: PAGES_PER_TURN });
        // A turn that listed nothing (a refused page token) still costs one: every turn moves the run on.
        budget -= Math.max(1, outcome.pages);
        for (const k of ["pages", "listed", "queued", "skipped", "ignored"] as const) turn.total[k] += outcome[k];
        const { cursor, window, pageToken } = outcome.progress;
        const clearError = row.lastError?.startsWith(LAST_ERROR_PREFIX) ?? false;
        await db
          .update(connections)
          .set({
            syncCursor: cursor,
            reconcileWindowFrom: window?.from ?? null,
            reconcileWindowTo: window?.to ?? null,
            reconcilePageToken: pageToken,
            reconcilePending: !outcome.done,
            ...(clearError ? { lastError: null } : {}),
            lastSyncAt: clock.now(),
            updatedAt: clock.now(),
          })
          .where(scope);
        row.syncCursor = cursor;
        row.window = window;
        row.pageToken = pageToken;
        if (clearError) row.lastError = null;
        if (outcome.done)
          log.info("zoom recordings reconciled", { connection: row.id, organization: organizationId, ...turn.total });
        else turns.push(turn); // its next turn comes after the organization's other connections
      } catch (err) {
        failed++;
        budget -= 1;
        log.error("zoom reconciliation failed", { connection: row.id, organization: organizationId, err });
        const message = err instanceof Error ? err.message : String(err);
        await db
          .update(connections)
          .set({
            lastError: `${LAST_ERROR_PREFIX}${message}`.slice(0, 500),
            reconcilePending: false,
            updatedAt: clock.now(),
          })
          .where(scope)
          .catch((e: unknown) =>
            log.error("could not record the reconciliation error", { connection: row.id, err: e }),
          );
      }
      if (turns.length === 0) byOrganization.delete(organizationId);
    }
  }
  const unfinished = [...byOrganization.values()].reduce((n, turns) => n + turns.length, 0);
  if (unfinished > 0) log.info("zoom reconciliation continues in the next run", { connections: unfinished });
  if (failed > 0) throw new Error(`zoom reconciliation failed for ${failed} of ${rows.length} connections`);
}
