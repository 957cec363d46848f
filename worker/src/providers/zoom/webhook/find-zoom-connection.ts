import { and, eq } from "drizzle-orm";
import { connections } from "../../../db/schema/index.ts";
import type { Db } from "../../../platform/services.ts";

/**
 * The organization a Zoom event belongs to: the one with an active Zoom connection for the event's
 * Zoom account. Events for accounts nobody connected (or disconnected) have none and are not processed.
 */
export async function findZoomOrganization(db: Db, zoomAccountId: string | undefined): Promise<string | null> {
  if (!zoomAccountId) return null;
  const row = await db.query.connections.findFirst({
    columns: { organizationId: true },
    where: and(
      eq(connections.provider, "zoom"),
      eq(connections.externalAccountId, zoomAccountId),
      eq(connections.status, "active"),
    ),
  });
  return row?.organizationId ?? null;
}
