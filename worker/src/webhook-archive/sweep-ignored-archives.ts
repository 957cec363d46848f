import { and, eq, inArray, isNull, lt } from "drizzle-orm";
import { webhookEvents } from "../db/schema/index.ts";
import type { Services } from "../platform/services.ts";

const BATCH = 500;
const MAX_BATCHES_PER_RUN = 20;

/**
 * Retention of one provider's archives nobody will process: events that matched no connection, were
 * discarded by an intake rule or are not handled, and bodies refused before they were indexed
 * (malformed, kept under the provider's `unindexedPrefixes`). Each may hold a download token (a
 * Zoom `download_token` is valid 24 h) and data of people whose organization never agreed to
 * Sightline keeping it, so the raw body is deleted after UNMATCHED_ARCHIVE_DAYS (default 7); the
 * index row stays with its reason and the time its body was deleted. Providers run it from their
 * `sweepArchives` hook every 15 minutes; answers how many bodies it deleted.
 */
export async function sweepIgnoredArchives(
  services: Services,
  provider: string,
  unindexedPrefixes: readonly string[] = [],
): Promise<number> {
  const { db, blobs, clock, config } = services;
  const cutoff = new Date(clock.now().getTime() - config.unmatchedArchiveDays * 86_400_000);
  let deleted = 0;
  for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
    const rows = await db
      .select({ id: webhookEvents.id, r2Key: webhookEvents.r2Key })
      .from(webhookEvents)
      .where(
        and(
          eq(webhookEvents.provider, provider),
          eq(webhookEvents.status, "ignored"),
          isNull(webhookEvents.archiveDeletedAt),
          lt(webhookEvents.receivedAt, cutoff),
        ),
      )
      .limit(BATCH);
    if (rows.length === 0) break;
    await blobs.delete(rows.map((r) => r.r2Key));
    await db
      .update(webhookEvents)
      .set({ archiveDeletedAt: clock.now() })
      .where(
        inArray(
          webhookEvents.id,
          rows.map((r) => r.id),
        ),
      );
    deleted += rows.length;
  }
  for (const prefix of unindexedPrefixes) {
    let cursor: string | undefined;
    do {
      const page = await blobs.list({ prefix, cursor, limit: 1000 });
      const old = page.objects.filter((o) => o.uploaded.getTime() < cutoff.getTime()).map((o) => o.key);
      if (old.length) {
        await blobs.delete(old);
        deleted += old.length;
      }
      cursor = page.truncated ? page.cursor : undefined;
    } while (cursor);
  }
  if (deleted)
    services.log.info("deleted archives of ignored webhook events", { provider, deleted, olderThan: cutoff });
  return deleted;
}
