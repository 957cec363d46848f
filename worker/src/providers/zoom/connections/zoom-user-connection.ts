import { and, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { connectionCredentialsBinding } from "../../../connections/token-crypto.ts";
import { connections } from "../../../db/schema/index.ts";
import { ApiError } from "../../../platform/api-error.ts";
import type { Config } from "../../../platform/config.ts";
import { newId } from "../../../platform/ids.ts";
import type { Services } from "../../../platform/services.ts";
import { ZoomClient } from "../../../platform/zoom-api/zoom-client.ts";
import { revokeZoomToken } from "../../../platform/zoom-api/zoom-oauth-client.ts";
import {
  refuseZoomAccountOfAnotherOrganization,
  userAccountTaken,
  writeClaimingZoomAccount,
} from "./zoom-account-claims.ts";
import { refuseZoomEmailMismatch } from "./zoom-user-email-check.ts";

/**
 * Per-user Zoom connections (authorization-code OAuth with PKCE, "user-managed" app): the tokens
 * belong to one Sightline user and one Zoom user. The OAuth app itself is the deployment's
 * (ZOOM_CLIENT_ID / ZOOM_CLIENT_SECRET), so the secret is never stored per connection.
 */
export interface ZoomUserCredentials {
  /** The client id the tokens were issued to (tells a rotated app apart). */
  clientId: string;
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds. */
  accessTokenExpiresAt: number;
}

type ConnectionRow = typeof connections.$inferSelect;

const UserTokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  refresh_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  scope: z.string().optional(),
});
export type ZoomUserTokenResponse = z.infer<typeof UserTokenResponseSchema>;

const ZoomMeSchema = z.object({
  id: z.string().min(1),
  account_id: z.string().min(1),
  email: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
});
export type ZoomMe = z.infer<typeof ZoomMeSchema>;

/** The deployment's Zoom OAuth app, or a 503 saying what to configure. */
export function zoomOAuthApp(config: Config): { clientId: string; clientSecret: string } {
  if (!config.zoom.oauthApp)
    throw new ApiError(
      "unavailable",
      "per-user Zoom OAuth is not configured: set ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET",
    );
  return config.zoom.oauthApp;
}

/** Why a token request failed: `invalid_grant` means the code or refresh token is dead (used, expired, revoked). */
export class ZoomTokenError extends Error {
  constructor(
    message: string,
    readonly kind: "invalid_grant" | "refused" | "unavailable",
  ) {
    super(message);
    this.name = "ZoomTokenError";
  }
}

/**
 * `POST {ZOOM_OAUTH_BASE}/oauth/token` with the client in HTTP Basic auth and the grant as an
 * `application/x-www-form-urlencoded` body (authorization_code or refresh_token).
 */
export async function requestZoomUserToken(
  zoom: ZoomClient,
  client: { clientId: string; clientSecret: string },
  params: Record<string, string>,
): Promise<ZoomUserTokenResponse> {
  let res: Response;
  try {
    res = await zoom.oauthPost("/oauth/token", client, params);
  } catch (err) {
    throw new ZoomTokenError(`cannot reach Zoom: ${(err as Error).message}`, "unavailable");
  }
  const text = await res.text().catch(() => "");
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  if (!res.ok) {
    const error = body as { error?: string; reason?: string } | null;
    const reason = error?.reason ?? error?.error ?? `HTTP ${res.status}`;
    if (res.status >= 500 || res.status === 429) throw new ZoomTokenError(`Zoom answered ${res.status}`, "unavailable");
    const kind = error?.error === "invalid_grant" || error?.error === "invalid_request" ? "invalid_grant" : "refused";
    throw new ZoomTokenError(`Zoom refused the token request: ${reason}`, kind);
  }
  const parsed = UserTokenResponseSchema.safeParse(body);
  if (!parsed.success) throw new ZoomTokenError("Zoom's token answer was not understood", "unavailable");
  return parsed.data;
}

/** `GET {ZOOM_API_BASE}/users/me` with the user's fresh access token; failures are the admin's to see (503). */
export async function fetchZoomMe(zoom: ZoomClient, accessToken: string): Promise<ZoomMe> {
  let body: unknown;
  try {
    body = await zoom.getJson("/users/me", async () => accessToken, "GET /users/me");
  } catch (err) {
    throw new ApiError("unavailable", `cannot read the Zoom user: ${(err as Error).message}`);
  }
  const parsed = ZoomMeSchema.safeParse(body);
  if (!parsed.success) throw new ApiError("unavailable", "Zoom's GET /users/me answer was not understood");
  return parsed.data;
}

/**
 * Stores (or replaces) the Sightline user's Zoom connection: one `scope: "user"` row per user and
 * provider, credentials sealed. A Zoom user already linked to another active Sightline user is a
 * conflict (their recordings would otherwise be attributed twice), and so is a Zoom user whose
 * account another organization holds (a Zoom account belongs to one organization).
 */
export async function upsertZoomUserConnection(
  services: Services,
  owner: { organizationId: string; userId: string },
  me: ZoomMe,
  credentials: ZoomUserCredentials,
): Promise<ConnectionRow> {
  const { db, clock } = services;
  const elsewhere = await db.query.connections.findFirst({
    columns: { id: true },
    where: and(
      eq(connections.provider, "zoom"),
      eq(connections.scope, "user"),
      eq(connections.externalUserId, me.id),
      eq(connections.status, "active"),
      ne(connections.userId, owner.userId),
    ),
  });
  if (elsewhere) throw new ApiError("conflict", "this Zoom user is already connected to another Sightline user");
  const accountTaken = userAccountTaken(me.account_id);
  await refuseZoomAccountOfAnotherOrganization(db, owner.organizationId, me.account_id, accountTaken);
  const existing = await db.query.connections.findFirst({
    where: and(
      eq(connections.organizationId, owner.organizationId),
      eq(connections.provider, "zoom"),
      eq(connections.scope, "user"),
      eq(connections.userId, owner.userId),
    ),
  });
  // The ciphertext is bound to the row it goes to, so its id is known before sealing.
  const id = existing?.id ?? newId("conn");
  const sealed = await services.vault.seal(
    connectionCredentialsBinding({ id, organizationId: owner.organizationId, provider: "zoom" }),
    credentials,
  );
  const now = clock.now();
  const fields = {
    externalAccountId: me.account_id,
    externalUserId: me.id,
    status: "active" as const,
    credentialsCiphertext: sealed.ciphertext,
    credentialsIv: sealed.iv,
    keyVersion: sealed.keyVersion,
    lastError: null,
    updatedAt: now,
  };
  // The write claims the Zoom account in D1 (see zoom-account-claims.ts), so an organization that
  // connected it in the meantime still wins over this one.
  if (existing) {
    await writeClaimingZoomAccount(
      () =>
        db
          .update(connections)
          .set(fields)
          .where(and(eq(connections.organizationId, owner.organizationId), eq(connections.id, existing.id))),
      accountTaken,
    );
    return { ...existing, ...fields };
  }
  const row: ConnectionRow = {
    id,
    organizationId: owner.organizationId,
    provider: "zoom",
    scope: "user",
    userId: owner.userId,
    syncCursor: null,
    reconcilePending: false,
    reconcileWindowFrom: null,
    reconcileWindowTo: null,
    reconcilePageToken: null,
    lastSyncAt: null,
    createdAt: now,
    ...fields,
  };
  await writeClaimingZoomAccount(() => db.insert(connections).values(row), accountTaken);
  return row;
}

/**
 * The callback's work after the state checked out: code -> tokens (with the PKCE verifier), tokens
 * -> Zoom user, the e-mail check (a refused Zoom user's grant is revoked at once, never stored),
 * then the stored connection.
 */
export async function completeZoomUserAuthorization(
  services: Services,
  input: { organizationId: string; userId: string; code: string; codeVerifier: string; redirectUri: string },
): Promise<ConnectionRow> {
  const client = zoomOAuthApp(services.config);
  let token: ZoomUserTokenResponse;
  try {
    token = await requestZoomUserToken(new ZoomClient(services), client, {
      grant_type: "authorization_code",
      code: input.code,
      redirect_uri: input.redirectUri,
      code_verifier: input.codeVerifier,
    });
  } catch (err) {
    // A dead code (used, expired, PKCE mismatch) is the user's to retry; a refused client or an
    // outage is the deployment's problem.
    if (err instanceof ZoomTokenError && err.kind === "invalid_grant") throw new ApiError("bad_request", err.message);
    throw new ApiError("unavailable", (err as Error).message);
  }
  const issuedAt = services.clock.now().getTime();
  const me = await fetchZoomMe(new ZoomClient(services), token.access_token);
  try {
    await refuseZoomEmailMismatch(services, input, me);
    return await upsertZoomUserConnection(services, input, me, {
      clientId: client.clientId,
      accessToken: token.access_token,
      refreshToken: token.refresh_token,
      accessTokenExpiresAt: issuedAt + token.expires_in * 1000,
    });
  } catch (err) {
    // Refused (an e-mail that is not the user's, or a Zoom user or account that is someone else's):
    // the grant is not kept, so it is not left alive at Zoom either (best effort; revoking never throws).
    if (err instanceof ApiError && (err.code === "conflict" || err.code === "forbidden"))
      await revokeZoomToken(new ZoomClient(services), client, token.access_token);
    throw err;
  }
}
