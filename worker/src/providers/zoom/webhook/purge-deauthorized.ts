import { and, eq, isNull, type SQL } from "drizzle-orm";
import { connections } from "../../../db/schema/index.ts";
import type { Db } from "../../../platform/services.ts";

/**
 * `app_deauthorized`: the Zoom user (or account) removed our app. Zoom requires the data obtained
 * through it to stop being used at once, so its tokens are deleted while handling the request; the
 * connection row stays (marked disconnected) so history keeps its provenance. Whatever the
 * connection's status and whichever organization holds it: the event is Zoom's signed word about
 * its own account, and a token Zoom revoked must not stay anywhere.
 */
export async function purgeDeauthorizedZoomTokens(
  db: Db,
  zoomAccountId: string,
  zoomUserId: string | undefined,
  now: Date,
): Promise<number> {
  const who: SQL | undefined = zoomUserId
    ? eq(connections.externalUserId, zoomUserId)
    : and(eq(connections.scope, "account"), isNull(connections.externalUserId));
  const purged = await db
    .update(connections)
    .set({
      status: "disconnected",
      credentialsCiphertext: null,
      credentialsIv: null,
      keyVersion: null,
      lastError: "app_deauthorized by Zoom",
      updatedAt: now,
    })
    .where(and(eq(connections.provider, "zoom"), eq(connections.externalAccountId, zoomAccountId), who))
    .returning({ id: connections.id });
  return purged.length;
}
