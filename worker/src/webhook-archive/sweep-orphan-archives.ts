import { and, eq, inArray, isNull } from "drizzle-orm";
import { connections, webhookEvents } from "../db/schema/index.ts";
import type { Db, Services } from "../platform/services.ts";

/** Receipt days (UTC, today included) whose archive folders are listed: orphans are made only at receipt. */
export const ORPHAN_LOOKBACK_DAYS = 3;
/** D1 binds at most 100 parameters a statement. */
const IDS_PER_QUERY = 90;

export interface OrphanArchiveScope {
  /** The folder under `orgs/<organization>/webhooks/` (and `unmatched/webhooks/`), e.g. "zoom" or "zoom-contact-center/flow". */
  folder: string;
  /** Organizations whose folders are listed (those that can receive this provider's webhooks). */
  organizationIds: readonly string[];
  /** Also list `unmatched/webhooks/<folder>/` (bodies of events no connection matched). */
  unmatched?: boolean;
}

/**
 * Deletes archived webhook bodies that no webhook_events row names, once they are older than
 * STUCK_EVENT_MINUTES: what a Worker killed between the R2 put of a body and its index row leaves
 * (or between losing the insert race to a concurrent redelivery and deleting its own copy).
 *
 * Deleting is safe, not a loss: every webhook route (Zoom, Contact Center and its Flow posts,
 * Gong) archives the body, then writes its row, and only then answers 200. A body without a row was
 * therefore never acknowledged, so the provider delivers it again, and that delivery archives and
 * indexes it under a new key (the dedupe key makes the row unique, not the body). Keeping the orphan
 * would keep a Zoom `download_token` (a 24-hour bearer) that no retention sweep ever finds, since
 * those work from the rows. Re-indexing it instead would race the redelivery for the same event.
 *
 * Bodies are named `<event id>.json` after their row's id, so a page of keys is checked against
 * the index by primary key, scoped by the organization. Answers how many bodies it deleted.
 */
export async function sweepOrphanArchives(services: Services, scope: OrphanArchiveScope): Promise<number> {
  const { blobs, clock, config, log } = services;
  const now = clock.now().getTime();
  const cutoff = now - config.stuckEventMinutes * 60_000;
  const days = Array.from({ length: ORPHAN_LOOKBACK_DAYS }, (_, k) =>
    new Date(now - k * 86_400_000).toISOString().slice(0, 10),
  );
  const owners: Array<string | null> = [...scope.organizationIds, ...(scope.unmatched ? [null] : [])];
  let deleted = 0;
  for (const organizationId of owners) {
    const root = organizationId ? `orgs/${organizationId}` : "unmatched";
    for (const day of days) {
      let cursor: string | undefined;
      do {
        const page = await blobs.list({ prefix: `${root}/webhooks/${scope.folder}/${day}/`, cursor, limit: 1000 });
        const old = page.objects.filter((o) => o.uploaded.getTime() < cutoff).map((o) => o.key);
        for (let i = 0; i < old.length; i += IDS_PER_QUERY) {
          const keys = old.slice(i, i + IDS_PER_QUERY);
          const indexed = await indexedKeys(services.db, organizationId, keys);
          const orphans = keys.filter((key) => !indexed.has(key));
          if (orphans.length === 0) continue;
          await blobs.delete(orphans);
          deleted += orphans.length;
        }
        cursor = page.truncated ? page.cursor : undefined;
      } while (cursor);
    }
  }
  if (deleted > 0) log.warn("deleted archived webhook bodies without an index row", { folder: scope.folder, deleted });
  return deleted;
}

/** Which of these keys a webhook_events row of the organization (null: unmatched) names. */
async function indexedKeys(db: Db, organizationId: string | null, keys: readonly string[]): Promise<Set<string>> {
  const ids = keys.map((key) => key.slice(key.lastIndexOf("/") + 1).replace(/\.json$/, ""));
  const rows = await db
    .select({ r2Key: webhookEvents.r2Key })
    .from(webhookEvents)
    .where(
      and(
        organizationId ? eq(webhookEvents.organizationId, organizationId) : isNull(webhookEvents.organizationId),
        inArray(webhookEvents.id, ids),
      ),
    );
  return new Set(rows.map((row) => row.r2Key));
}

/** Organizations with a connection of this provider, whatever its state (a disconnected one may have just received). */
export async function organizationsConnectedTo(db: Db, provider: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ organizationId: connections.organizationId })
    .from(connections)
    .where(eq(connections.provider, provider as typeof connections.$inferSelect.provider));
  return rows.map((row) => row.organizationId);
}
