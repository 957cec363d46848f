import type { ConfigureZoomAccountRequest } from "@sightline/shared";
import { and, eq } from "drizzle-orm";
import { connectionCredentialsBinding } from "../../../connections/token-crypto.ts";
import { connections } from "../../../db/schema/index.ts";
import { newId } from "../../../platform/ids.ts";
import type { Services } from "../../../platform/services.ts";
import { ZoomClient } from "../../../platform/zoom-api/zoom-client.ts";
import { requestAccountCredentialsToken, revokeZoomToken } from "../../../platform/zoom-api/zoom-oauth-client.ts";
import {
  refuseZoomAccountOfAnotherOrganization,
  S2S_ACCOUNT_TAKEN,
  writeClaimingZoomAccount,
} from "./zoom-account-claims.ts";
import { getZoomUserAccessToken } from "./zoom-token-refresh.ts";
import { zoomOAuthApp } from "./zoom-user-connection.ts";

/** What a Zoom connection keeps, encrypted. */
export interface ZoomCredentials {
  clientId: string;
  clientSecret: string;
  accessToken: string | null;
  accessTokenExpiresAt: number | null;
  refreshToken?: string | null;
}

type ConnectionRow = typeof connections.$inferSelect;

/**
 * Connects (or reconnects) the organization's Zoom account with Server-to-Server OAuth: the
 * credentials are proven by fetching a token before anything is stored, then kept encrypted.
 * A Zoom account belongs to one organization: one another organization holds is a 409, checked
 * before Zoom is asked and enforced by D1 when the connection is written.
 */
export async function configureZoomAccountConnection(
  services: Services,
  organizationId: string,
  input: ConfigureZoomAccountRequest,
): Promise<ConnectionRow> {
  const { db, clock } = services;
  await refuseZoomAccountOfAnotherOrganization(db, organizationId, input.accountId, S2S_ACCOUNT_TAKEN);
  const token = await requestAccountCredentialsToken(new ZoomClient(services), input);
  const now = clock.now();
  const credentials: ZoomCredentials = {
    clientId: input.clientId,
    clientSecret: input.clientSecret,
    accessToken: token.access_token,
    accessTokenExpiresAt: now.getTime() + token.expires_in * 1000,
  };
  const existing = await db.query.connections.findFirst({
    where: and(
      eq(connections.organizationId, organizationId),
      eq(connections.provider, "zoom"),
      eq(connections.scope, "account"),
    ),
  });
  // The ciphertext is bound to the row it goes to, so its id is known before sealing.
  const id = existing?.id ?? newId("conn");
  const sealed = await services.vault.seal(
    connectionCredentialsBinding({ id, organizationId, provider: "zoom" }),
    credentials,
  );
  const fields = {
    externalAccountId: input.accountId,
    status: "active" as const,
    credentialsCiphertext: sealed.ciphertext,
    credentialsIv: sealed.iv,
    keyVersion: sealed.keyVersion,
    lastError: null,
    updatedAt: now,
  };
  // The write claims the Zoom account in D1 (see zoom-account-claims.ts): of two organizations
  // connecting it at once, one wins and the other gets the 409.
  if (existing) {
    await writeClaimingZoomAccount(
      () =>
        db
          .update(connections)
          .set(fields)
          .where(and(eq(connections.organizationId, organizationId), eq(connections.id, existing.id))),
      S2S_ACCOUNT_TAKEN,
    );
    return { ...existing, ...fields };
  }
  const row: ConnectionRow = {
    id,
    organizationId,
    provider: "zoom",
    scope: "account",
    userId: null,
    externalUserId: null,
    syncCursor: null,
    reconcilePending: false,
    reconcileWindowFrom: null,
    reconcileWindowTo: null,
    reconcilePageToken: null,
    lastSyncAt: null,
    createdAt: now,
    ...fields,
  };
  await writeClaimingZoomAccount(() => db.insert(connections).values(row), S2S_ACCOUNT_TAKEN);
  return row;
}

/**
 * Disconnects: revokes the access token at Zoom (best effort: a Zoom outage must not keep tokens
 * alive here), deletes the credentials, keeps the row (history keeps its provenance). Later webhooks
 * for the account find no active connection and are archived unprocessed.
 */
export async function disconnectConnection(services: Services, row: ConnectionRow): Promise<{ revoked: boolean }> {
  const { db, clock, log } = services;
  let revoked = false;
  if (row.provider === "zoom" && row.credentialsCiphertext && row.credentialsIv && row.keyVersion) {
    try {
      const credentials = await services.vault.open<ZoomCredentials>(connectionCredentialsBinding(row), {
        ciphertext: row.credentialsCiphertext,
        iv: row.credentialsIv,
        keyVersion: row.keyVersion,
      });
      if (row.scope === "user") {
        // Per-user tokens belong to the deployment's OAuth app; an expired access token is refreshed
        // first so the revoke reaches a live grant (falling back to the stored token).
        const token = await getZoomUserAccessToken(services, row).catch(() => credentials.accessToken);
        if (token) revoked = await revokeZoomToken(new ZoomClient(services), zoomOAuthApp(services.config), token);
      } else if (credentials.accessToken)
        revoked = await revokeZoomToken(new ZoomClient(services), credentials, credentials.accessToken);
    } catch (err) {
      log.warn("could not read credentials to revoke them", { connection: row.id, err });
    }
  }
  await db
    .update(connections)
    .set({
      status: "disconnected",
      credentialsCiphertext: null,
      credentialsIv: null,
      keyVersion: null,
      updatedAt: clock.now(),
    })
    .where(and(eq(connections.organizationId, row.organizationId), eq(connections.id, row.id)));
  log.info("connection disconnected", { connection: row.id, provider: row.provider, revoked });
  return { revoked };
}
