import type { ConnectionSync } from "@sightline/shared";
import { eq, sql } from "drizzle-orm";
import { gongCalls, gongSyncState } from "../../../db/schema/index.ts";
import type { Services } from "../../../platform/services.ts";

/** Per Gong connection of the organization: calls seen and what became of them, and the pull's state. */
export async function gongSyncProgress(
  services: Services,
  organizationId: string,
): Promise<Map<string, ConnectionSync>> {
  const { db } = services;
  const [counts, states] = await Promise.all([
    db
      .select({ connectionId: gongCalls.connectionId, status: gongCalls.status, n: sql<number>`count(*)` })
      .from(gongCalls)
      .where(eq(gongCalls.organizationId, organizationId))
      .groupBy(gongCalls.connectionId, gongCalls.status),
    db.query.gongSyncState.findMany({ where: eq(gongSyncState.organizationId, organizationId) }),
  ]);
  const out = new Map<string, ConnectionSync>();
  const blank = (): ConnectionSync => ({
    found: 0,
    imported: 0,
    discarded: 0,
    failed: 0,
    pending: 0,
    backfilling: true,
    lastSyncAt: null,
    lastError: null,
  });
  for (const s of states)
    out.set(s.connectionId, {
      ...blank(),
      backfilling: s.syncedTo === null,
      lastSyncAt: s.lastSyncAt ? s.lastSyncAt.toISOString() : null,
      lastError: s.lastError,
    });
  for (const c of counts) {
    const entry = out.get(c.connectionId) ?? blank();
    entry.found += c.n;
    if (c.status === "imported") entry.imported += c.n;
    else if (c.status === "discarded") entry.discarded += c.n;
    else if (c.status === "failed") entry.failed += c.n;
    else entry.pending += c.n;
    out.set(c.connectionId, entry);
  }
  return out;
}
