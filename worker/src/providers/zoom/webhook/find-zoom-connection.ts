import { and, eq } from "drizzle-orm";
import { connections, providerAccountClaims } from "../../../db/schema/index.ts";
import type { Db } from "../../../platform/services.ts";

/**
 * The organization a Zoom event belongs to: the one holding the event's Zoom account (its claim,
 * unique per account), provided it still has an active Zoom connection to it. Events for accounts
 * nobody connected (or disconnected, or whose connections are all in error) have none and are not
 * processed.
 */
export async function findZoomOrganization(db: Db, zoomAccountId: string | undefined): Promise<string | null> {
  if (!zoomAccountId) return null;
  const [row] = await db
    .select({ organizationId: providerAccountClaims.organizationId })
    .from(providerAccountClaims)
    .innerJoin(
      connections,
      and(
        eq(connections.organizationId, providerAccountClaims.organizationId),
        eq(connections.provider, providerAccountClaims.provider),
        eq(connections.externalAccountId, providerAccountClaims.externalAccountId),
      ),
    )
    .where(
      and(
        eq(providerAccountClaims.provider, "zoom"),
        eq(providerAccountClaims.externalAccountId, zoomAccountId),
        eq(connections.status, "active"),
      ),
    )
    .limit(1);
  return row?.organizationId ?? null;
}
