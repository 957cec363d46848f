import { and, eq, isNotNull } from "drizzle-orm";
import { connections } from "../../../db/schema/index.ts";
import type { Services } from "../../../platform/services.ts";
import type { ZoomWebhookEnvelope } from "../../provider.ts";
import { openZccCredentials, ZCC } from "./zcc-connection.ts";

/**
 * Zoom's `app_deauthorized` (signature already verified by `POST /webhooks/zoom`) for the app a
 * Contact Center connection uses: its credentials are deleted while the request is handled (Zoom
 * requires data obtained through a removed app to stop being used at once), the connection row
 * stays, marked disconnected, so the history keeps its provenance; the account's claim is released
 * by D1 (migration 0017). Whatever the connection's status and whichever organization holds it.
 *
 * Which app: the payload's `client_id` is compared with the connection's own (stored encrypted), so
 * removing another app of ours (the per-user meetings app) leaves Contact Center alone. Without a
 * `client_id`, only an account-level deauthorization (no `user_id`) disconnects it. Answers how
 * many connections were disconnected.
 */
export async function purgeDeauthorizedZcc(services: Services, envelope: ZoomWebhookEnvelope): Promise<number> {
  const { db, clock, log } = services;
  const accountId = envelope.payload.account_id;
  if (!accountId) return 0;
  const clientId = typeof envelope.payload.client_id === "string" ? envelope.payload.client_id : undefined;
  const userId = typeof envelope.payload.user_id === "string" ? envelope.payload.user_id : undefined;
  if (!clientId && userId) return 0;
  const rows = await db.query.connections.findMany({
    where: and(
      eq(connections.provider, ZCC),
      eq(connections.externalAccountId, accountId),
      isNotNull(connections.credentialsCiphertext),
    ),
  });
  let purged = 0;
  for (const row of rows) {
    if (clientId) {
      // Unreadable credentials cannot be used anyway; they go too.
      const credentials = await openZccCredentials(services, row).catch(() => null);
      if (credentials && credentials.clientId !== clientId) continue;
    }
    const done = await db
      .update(connections)
      .set({
        status: "disconnected",
        credentialsCiphertext: null,
        credentialsIv: null,
        keyVersion: null,
        lastError: "app_deauthorized by Zoom",
        updatedAt: clock.now(),
      })
      .where(and(eq(connections.organizationId, row.organizationId), eq(connections.id, row.id)))
      .returning({ id: connections.id });
    purged += done.length;
  }
  if (purged) log.info("zoom app deauthorized: contact center credentials purged", { connections: purged });
  return purged;
}
