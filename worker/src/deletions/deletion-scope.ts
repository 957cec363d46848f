import { and, eq, gte, inArray, lt, type SQL } from "drizzle-orm";
import { CONVERSATION_SOURCES, connections, conversations, type deletionRequests } from "../db/schema/index.ts";
import type { Db } from "../platform/services.ts";

type DeletionRow = typeof deletionRequests.$inferSelect;
type Source = (typeof CONVERSATION_SOURCES)[number];

/** The conversation sources each provider's connections ingest. */
export function sourcesOfProvider(provider: (typeof connections.$inferSelect)["provider"]): Source[] {
  if (provider === "zoom") return ["zoom_meeting"];
  if (provider === "gong") return ["gong_call"];
  return CONVERSATION_SOURCES.filter((s) => s.startsWith("zcc_"));
}

/** The provider whose webhooks announce conversations of `source` (their archives are named by it). */
export function providerOfSource(source: Source): string | null {
  if (source === "zoom_meeting") return "zoom";
  if (source === "gong_call") return "gong";
  if (source.startsWith("zcc_")) return "zoom_contact_center";
  return null;
}

/**
 * The conversations a deletion covers, as a condition on `conversations`: always the deletion's own
 * organization; then everything, the conversations one user hosted, one account's, or the ones a
 * connection ingests (a per-user connection: its user's meetings of that provider; an account-level
 * one: all of that provider's), each optionally within [from, to) of the conversation's start.
 * A connection that no longer exists in the organization matches nothing.
 */
export async function conversationsInScope(db: Db, deletion: DeletionRow): Promise<SQL> {
  const conditions: Array<SQL | undefined> = [eq(conversations.organizationId, deletion.organizationId)];
  if (deletion.fromAt) conditions.push(gte(conversations.startedAt, deletion.fromAt));
  if (deletion.toAt) conditions.push(lt(conversations.startedAt, deletion.toAt));
  const nothing = eq(conversations.id, "");
  switch (deletion.scope) {
    case "all":
      break;
    case "retention":
      // Conversations that started before the cutoff (toAt, above); no transcript period, none.
      if (!deletion.toAt) conditions.push(nothing);
      break;
    case "user":
      conditions.push(deletion.targetUserId ? eq(conversations.hostUserId, deletion.targetUserId) : nothing);
      break;
    case "account":
      conditions.push(deletion.targetAccountId ? eq(conversations.accountId, deletion.targetAccountId) : nothing);
      break;
    case "connection": {
      const connection = deletion.targetConnectionId
        ? await db.query.connections.findFirst({
            where: and(
              eq(connections.organizationId, deletion.organizationId),
              eq(connections.id, deletion.targetConnectionId),
            ),
          })
        : undefined;
      if (!connection) {
        conditions.push(nothing);
        break;
      }
      conditions.push(inArray(conversations.source, sourcesOfProvider(connection.provider)));
      if (connection.scope === "user")
        conditions.push(connection.userId ? eq(conversations.hostUserId, connection.userId) : nothing);
      break;
    }
  }
  return and(...conditions) as SQL;
}
