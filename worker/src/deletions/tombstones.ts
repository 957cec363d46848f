import { and, eq, inArray } from "drizzle-orm";
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

/** D1 binds at most 100 parameters per statement: ids are asked in chunks that leave room for the sources. */
const IDS_PER_QUERY = 80;

/**
 * Which of these external ids an admin deleted under any of these sources. A provider whose one
 * object can become a conversation of several sources (a Contact Center engagement: voice, then a
 * voicemail event) asks for all of them, since the trigger of migration 0021 only matches the exact one.
 */
export async function tombstonedAmong(
  db: Db,
  organizationId: string,
  sources: readonly (typeof CONVERSATION_SOURCES)[number][],
  externalIds: readonly string[],
): Promise<Set<string>> {
  const ids = [...new Set(externalIds)];
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    const rows = await db
      .select({ externalId: conversationTombstones.externalId })
      .from(conversationTombstones)
      .where(
        and(
          eq(conversationTombstones.organizationId, organizationId),
          inArray(conversationTombstones.source, [...sources]),
          inArray(conversationTombstones.externalId, ids.slice(i, i + IDS_PER_QUERY)),
        ),
      );
    for (const row of rows) found.add(row.externalId);
  }
  return found;
}
