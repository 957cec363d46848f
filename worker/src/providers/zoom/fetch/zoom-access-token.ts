import { and, eq } from "drizzle-orm";
import { connectionCredentialsBinding } from "../../../connections/token-crypto.ts";
import { connections } from "../../../db/schema/index.ts";
import { ApiError } from "../../../platform/api-error.ts";
import type { Services } from "../../../platform/services.ts";
import { ZoomClient } from "../../../platform/zoom-api/zoom-client.ts";
import { requestAccountCredentialsToken } from "../../../platform/zoom-api/zoom-oauth-client.ts";
import { PermanentJobError } from "../../../queue/jobs.ts";
import type { ZoomCredentials } from "../connections/zoom-account-connection.ts";

/** A token this close to expiry is refreshed first: a download can take a while. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * The access token of the organization's active Zoom account connection (Server-to-Server OAuth),
 * decrypted; fetched again with `account_credentials` when expired, close to expiry, or when Zoom
 * just refused it (`refresh`), and stored back encrypted. Server-to-Server apps have no refresh token
 * to rotate, so two jobs refreshing at once merely both get valid tokens.
 */
export async function getZoomAccessToken(
  services: Services,
  organizationId: string,
  zoomAccountId: string,
  options: { refresh?: boolean } = {},
): Promise<string> {
  const { db, clock } = services;
  const row = await db.query.connections.findFirst({
    where: and(
      eq(connections.organizationId, organizationId),
      eq(connections.provider, "zoom"),
      eq(connections.scope, "account"),
      eq(connections.externalAccountId, zoomAccountId),
      eq(connections.status, "active"),
    ),
  });
  if (!row?.credentialsCiphertext || !row.credentialsIv || !row.keyVersion)
    throw new PermanentJobError(`no active Zoom account connection for ${zoomAccountId}`);
  const credentials = await services.vault.open<ZoomCredentials>(connectionCredentialsBinding(row), {
    ciphertext: row.credentialsCiphertext,
    iv: row.credentialsIv,
    keyVersion: row.keyVersion,
  });
  const now = clock.now();
  const fresh = (credentials.accessTokenExpiresAt ?? 0) - EXPIRY_MARGIN_MS > now.getTime();
  if (credentials.accessToken && fresh && !options.refresh) return credentials.accessToken;

  let token: Awaited<ReturnType<typeof requestAccountCredentialsToken>>;
  try {
    token = await requestAccountCredentialsToken(new ZoomClient(services), {
      accountId: zoomAccountId,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
    });
  } catch (err) {
    // Refused credentials stay refused (an admin must reconnect); an outage passes.
    if (err instanceof ApiError && err.code === "bad_request") throw new PermanentJobError(err.message);
    throw err;
  }
  const sealed = await services.vault.seal(connectionCredentialsBinding(row), {
    ...credentials,
    accessToken: token.access_token,
    accessTokenExpiresAt: now.getTime() + token.expires_in * 1000,
  } satisfies ZoomCredentials);
  await db
    .update(connections)
    .set({
      credentialsCiphertext: sealed.ciphertext,
      credentialsIv: sealed.iv,
      keyVersion: sealed.keyVersion,
      updatedAt: now,
    })
    .where(and(eq(connections.organizationId, organizationId), eq(connections.id, row.id)));
  return token.access_token;
}
