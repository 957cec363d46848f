import { and, eq, lt } from "drizzle-orm";
import { dataExports } from "../db/schema/index.ts";
import { deleteObjects } from "../deletions/delete-objects.ts";
import type { Services } from "../platform/services.ts";

/** How long a finished export's archive stays in R2: long enough to download it, not a second copy of the data. */
export const EXPORT_KEEP_DAYS = 7;
const EXPORTS_PER_RUN = 50;

/**
 * Nightly: deletes the R2 parts of exports finished more than EXPORT_KEEP_DAYS ago and marks them
 * expired (the row keeps who, when and the counts). Answers how many it expired.
 */
export async function expireOldExports(services: Services): Promise<number> {
  const { db, blobs, clock } = services;
  const cutoff = new Date(clock.now().getTime() - EXPORT_KEEP_DAYS * 86_400_000);
  const rows = await db
    .select({ id: dataExports.id, organizationId: dataExports.organizationId })
    .from(dataExports)
    .where(and(eq(dataExports.status, "done"), lt(dataExports.completedAt, cutoff)))
    .limit(EXPORTS_PER_RUN);
  for (const row of rows) {
    const prefix = `orgs/${row.organizationId}/exports/${row.id}/`;
    let cursor: string | undefined;
    do {
      const page = await blobs.list({ prefix, cursor });
      await deleteObjects(
        services,
        page.objects.map((o) => o.key),
      );
      cursor = page.truncated ? page.cursor : undefined;
    } while (cursor);
    await db
      .update(dataExports)
      .set({ status: "expired", updatedAt: clock.now() })
      .where(and(eq(dataExports.organizationId, row.organizationId), eq(dataExports.id, row.id)));
  }
  if (rows.length) services.log.info("expired exports", { expired: rows.length });
  return rows.length;
}
