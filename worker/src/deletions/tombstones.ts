import { and, eq } from "drizzle-orm";
import { type CONVERSATION_SOURCES, conversationTombstones } from "../db/schema/index.ts";
import type { Db } from "../platform/services.ts";

/**
 * Whether an admin deleted this conversation (so a late webhook, a redelivery or reconciliation
 * must not bring it back). Providers ask before they archive-and-enqueue or store; the D1 trigger
 * of migration 0021 refuses the insert anyway if one forgets.
 */
export async function isTombstoned(
  db: Db,
  organizationId: string,
  source: (typeof CONVERSATION_SOURCES)[number],
  externalId: string,
): Promise<boolean> {
  const row = await db.query.conversationTombstones.findFirst({
    columns: { deletionId: true },
    where: and(
      eq(conversationTombstones.organizationId, organizationId),
      eq(conversationTombstones.source, source),
      eq(conversationTombstones.externalId, externalId),
    ),
  });
  return row !== undefined;
}
