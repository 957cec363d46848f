import { ConfigureZoomAccountRequestSchema } from "@sightline/shared";
import { and, eq } from "drizzle-orm";
import { connectionCredentialsBinding } from "../../../connections/token-crypto.ts";
import { connections, providerAccountClaims } from "../../../db/schema/index.ts";
import { ApiError } from "../../../platform/api-error.ts";
import { newId } from "../../../platform/ids.ts";
import type { Services } from "../../../platform/services.ts";
import { ZoomClient } from "../../../platform/zoom-api/zoom-client.ts";
import { requestAccountCredentialsToken, revokeZoomToken } from "../../../platform/zoom-api/zoom-oauth-client.ts";
import { PermanentJobError } from "../../../queue/jobs.ts";
import type { ConnectionRow } from "../../provider.ts";

export const ZCC = "zoom_contact_center" as const;

/** What a Contact Center connection keeps, encrypted (AES-256-GCM, bound to organization and provider). */
export interface ZccCredentials {
  clientId: string;
  clientSecret: string;
  accessToken: string | null;
  accessTokenExpiresAt: number | null;
}

export const ZCC_ACCOUNT_TAKEN =
  "accountId: this Zoom account is connected to another Sightline organization; it can belong to one organization only (an admin there must disconnect it first)";

/** A token this close to expiry is fetched again first. */
const EXPIRY_MARGIN_MS = 60_000;

/** The app must be allowed to read Contact Center data; Zoom names those scopes contact_center:... */
function hasContactCenterScope(scope: string | undefined): boolean {
  if (scope === undefined) return true; // Zoom did not say: the first API call will tell.
  return scope.split(/\s+/).some((s) => s.startsWith("contact_center"));
}

function isClaimAbort(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++)
    if (e.message.includes("zoom_account_claimed")) return true;
  return false;
}

/**
 * Connects (or reconnects) the organization's Zoom Contact Center with a Server-to-Server OAuth app:
 * a token is fetched first (proving the credentials), its scopes must include Contact Center ones,
 * then everything is stored encrypted. One Zoom account belongs to one organization, for meetings
 * and Contact Center alike: D1 enforces it (migration 0017), this turns the abort into a 409.
 */
export async function connectZcc(services: Services, organizationId: string, input: unknown): Promise<ConnectionRow> {
  const parsed = ConfigureZoomAccountRequestSchema.safeParse(input);
  if (!parsed.success)
    throw new ApiError("bad_request", `${parsed.error.issues[0]?.path.join(".") || "body"}: invalid`);
  const { accountId, clientId, clientSecret } = parsed.data;
  const { db, clock } = services;
  const claims = await db.query.providerAccountClaims.findMany({
    where: eq(providerAccountClaims.externalAccountId, accountId),
  });
  if (claims.some((c) => (c.provider === "zoom" || c.provider === ZCC) && c.organizationId !== organizationId))
    throw new ApiError("conflict", ZCC_ACCOUNT_TAKEN);
  const token = await requestAccountCredentialsToken(new ZoomClient(services), parsed.data);
  if (!hasContactCenterScope(token.scope))
    throw new ApiError(
      "bad_request",
      `clientId: this Zoom app has no Contact Center scopes (it has: ${token.scope || "none"}); add contact_center scopes to it in the Zoom App Marketplace`,
    );
  const now = clock.now();
  const existing = await db.query.connections.findFirst({
    where: and(eq(connections.organizationId, organizationId), eq(connections.provider, ZCC)),
  });
  // The ciphertext is bound to the row it goes to, so its id is known before sealing.
  const id = existing?.id ?? newId("conn");
  const sealed = await services.vault.seal(connectionCredentialsBinding({ id, organizationId, provider: ZCC }), {
    clientId,
    clientSecret,
    accessToken: token.access_token,
    accessTokenExpiresAt: now.getTime() + token.expires_in * 1000,
  } satisfies ZccCredentials);
  const fields = {
    externalAccountId: accountId,
    status: "active" as const,
    credentialsCiphertext: sealed.ciphertext,
    credentialsIv: sealed.iv,
    keyVersion: sealed.keyVersion,
    lastError: null,
    updatedAt: now,
  };
  try {
    if (existing) {
      await db
        .update(connections)
        .set(fields)
        .where(and(eq(connections.organizationId, organizationId), eq(connections.id, existing.id)));
      return { ...existing, ...fields };
    }
    const row: ConnectionRow = {
      id,
      organizationId,
      provider: ZCC,
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
    await db.insert(connections).values(row);
    return row;
  } catch (err) {
    if (isClaimAbort(err)) throw new ApiError("conflict", ZCC_ACCOUNT_TAKEN);
    throw err;
  }
}

export async function openZccCredentials(services: Services, row: ConnectionRow): Promise<ZccCredentials | null> {
  if (!row.credentialsCiphertext || !row.credentialsIv || !row.keyVersion) return null;
  return services.vault.open<ZccCredentials>(connectionCredentialsBinding(row), {
    ciphertext: row.credentialsCiphertext,
    iv: row.credentialsIv,
    keyVersion: row.keyVersion,
  });
}

/** Revokes the token at Zoom (best effort), deletes the credentials, keeps the row and every conversation. */
export async function disconnectZcc(services: Services, row: ConnectionRow): Promise<{ revoked: boolean }> {
  let revoked = false;
  try {
    const credentials = await openZccCredentials(services, row);
    if (credentials?.accessToken)
      revoked = await revokeZoomToken(new ZoomClient(services), credentials, credentials.accessToken);
  } catch (err) {
    services.log.warn("could not read Contact Center credentials to revoke them", { connection: row.id, err });
  }
  await services.db
    .update(connections)
    .set({
      status: "disconnected",
      credentialsCiphertext: null,
      credentialsIv: null,
      keyVersion: null,
      updatedAt: services.clock.now(),
    })
    .where(and(eq(connections.organizationId, row.organizationId), eq(connections.id, row.id)));
  return { revoked };
}

/**
 * The organization's active Contact Center connection, or a permanent job failure saying there is
 * none: jobs call it before every REST read, download and store, so nothing flows after a disconnect.
 */
export async function requireActiveZcc(services: Services, organizationId: string, step: string) {
  const row = await services.db.query.connections.findFirst({
    where: and(
      eq(connections.organizationId, organizationId),
      eq(connections.provider, ZCC),
      eq(connections.status, "active"),
    ),
  });
  if (!row?.externalAccountId)
    throw new PermanentJobError(
      `${step}: the organization's Zoom Contact Center connection is not active (disconnected?); nothing was fetched or stored`,
    );
  return row;
}

/**
 * A Server-to-Server access token of the connection, fetched again when expired, close to expiry,
 * or just refused by Zoom (`refresh`), and stored back encrypted.
 */
export async function zccAccessToken(services: Services, row: ConnectionRow, refresh: boolean): Promise<string> {
  const credentials = await openZccCredentials(services, row);
  if (!credentials || !row.externalAccountId)
    throw new PermanentJobError("the Zoom Contact Center connection has no credentials");
  const now = services.clock.now();
  const fresh = (credentials.accessTokenExpiresAt ?? 0) - EXPIRY_MARGIN_MS > now.getTime();
  if (credentials.accessToken && fresh && !refresh) return credentials.accessToken;
  let token: Awaited<ReturnType<typeof requestAccountCredentialsToken>>;
  try {
    token = await requestAccountCredentialsToken(new ZoomClient(services), {
      accountId: row.externalAccountId,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
    });
  } catch (err) {
    if (err instanceof ApiError && err.code === "bad_request") throw new PermanentJobError(err.message);
    throw err;
  }
  const sealed = await services.vault.seal(connectionCredentialsBinding(row), {
    ...credentials,
    accessToken: token.access_token,
    accessTokenExpiresAt: now.getTime() + token.expires_in * 1000,
  } satisfies ZccCredentials);
  await services.db
    .update(connections)
    .set({ credentialsCiphertext: sealed.ciphertext, credentialsIv: sealed.iv, keyVersion: sealed.keyVersion })
    .where(and(eq(connections.organizationId, row.organizationId), eq(connections.id, row.id)));
  row.credentialsCiphertext = sealed.ciphertext;
  row.credentialsIv = sealed.iv;
  row.keyVersion = sealed.keyVersion;
  return token.access_token;
}
