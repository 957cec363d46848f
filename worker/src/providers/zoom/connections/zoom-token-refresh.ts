import { and, eq, inArray } from "drizzle-orm";
import { connectionCredentialsBinding } from "../../../connections/token-crypto.ts";
import { connections } from "../../../db/schema/index.ts";
import type { Services } from "../../../platform/services.ts";
import { ZoomClient } from "../../../platform/zoom-api/zoom-client.ts";
import {
  requestZoomUserToken,
  ZoomTokenError,
  type ZoomUserCredentials,
  type ZoomUserTokenResponse,
  zoomOAuthApp,
} from "./zoom-user-connection.ts";

/**
 * Access tokens of per-user Zoom connections. Zoom refresh tokens rotate: each refresh answers a
 * new refresh token and the old one stops working, so two refreshes racing with the same refresh
 * token must not both store their result (the loser could overwrite the live token with a dead one).
 *
 * Single flight, in two layers:
 * - inside one isolate, concurrent callers for the same connection share one promise (`inFlight`);
 * - across isolates (other requests, queue consumers, cron), an optimistic lock: the new tokens are
 *   written only `WHERE credentials_ciphertext = <the ciphertext we read>`. Every write re-seals with
 *   a fresh IV, so the ciphertext changes on every refresh and works as a version. The loser of the
 *   race (its update changes no row, or Zoom refuses its already-rotated refresh token) re-reads the
 *   row and uses the winner's access token. A refused refresh token with no newer row means the grant
 *   is dead (revoked or deauthorized): the connection goes to status "error" and the user must reconnect.
 *   Unless the refusal came from a racing refresh that spent the token and has not stored yet: its
 *   guarded write stores the new tokens and "active" in one statement, so a working connection is
 *   never left in "error".
 */

/** A token this close to expiry is refreshed first: a download can take a while. */
export const ZOOM_USER_EXPIRY_MARGIN_MS = 60_000;

type ConnectionRow = typeof connections.$inferSelect;

const inFlight = new Map<string, Promise<string>>();

async function readCredentials(services: Services, row: ConnectionRow): Promise<ZoomUserCredentials | null> {
  if (!row.credentialsCiphertext || !row.credentialsIv || !row.keyVersion) return null;
  return services.vault.open<ZoomUserCredentials>(connectionCredentialsBinding(row), {
    ciphertext: row.credentialsCiphertext,
    iv: row.credentialsIv,
    keyVersion: row.keyVersion,
  });
}

const isFresh = (credentials: ZoomUserCredentials, now: Date) =>
  credentials.accessTokenExpiresAt - ZOOM_USER_EXPIRY_MARGIN_MS > now.getTime();

function currentRow(services: Services, connection: ConnectionRow) {
  return services.db.query.connections.findFirst({
    where: and(eq(connections.organizationId, connection.organizationId), eq(connections.id, connection.id)),
  });
}

/** The connection's access token: the stored one while fresh, else a refreshed one. */
export async function getZoomUserAccessToken(services: Services, connection: ConnectionRow): Promise<string> {
  const credentials = await readCredentials(services, connection);
  if (credentials && isFresh(credentials, services.clock.now())) return credentials.accessToken;
  return refreshZoomUserToken(services, connection);
}

/**
 * Refreshes the access token of a `scope: "user"` Zoom connection (see the file comment for the
 * single-flight rules) and returns the usable access token. `connection` is the row as the caller
 * read it; if the stored row has changed since, the newer tokens are used when still fresh.
 * Throws `ZoomTokenError` ("invalid_grant": reconnect needed; "unavailable": try later).
 */
export function refreshZoomUserToken(services: Services, connection: ConnectionRow): Promise<string> {
  const running = inFlight.get(connection.id);
  if (running) return running;
  const flight = refreshOnce(services, connection).finally(() => inFlight.delete(connection.id));
  inFlight.set(connection.id, flight);
  return flight;
}

async function refreshOnce(services: Services, connection: ConnectionRow): Promise<string> {
  const { db, clock, log } = services;
  const row = await currentRow(services, connection);
  const credentials = row?.status === "active" ? await readCredentials(services, row) : null;
  if (!row || !credentials)
    throw new ZoomTokenError(`connection ${connection.id} has no active Zoom tokens`, "invalid_grant");
  // Someone refreshed after our caller read the row: their token is ours.
  if (row.credentialsCiphertext !== connection.credentialsCiphertext && isFresh(credentials, clock.now()))
    return credentials.accessToken;

  let token: ZoomUserTokenResponse;
  try {
    token = await requestZoomUserToken(new ZoomClient(services), zoomOAuthApp(services.config), {
      grant_type: "refresh_token",
      refresh_token: credentials.refreshToken,
    });
  } catch (err) {
    if (!(err instanceof ZoomTokenError) || err.kind === "unavailable") throw err;
    // Refused: either another isolate rotated the refresh token under us, or the grant is dead.
    const after = await currentRow(services, connection);
    if (after && after.status === "active" && after.credentialsCiphertext !== row.credentialsCiphertext) {
      const winner = await readCredentials(services, after);
      if (winner) return winner.accessToken;
    }
    // Guard and status in one statement: only the tokens we were refused, and only while active.
    // A refresh in another isolate may have spent the same refresh token at Zoom a moment before us
    // and not have stored its tokens yet; its write (below) puts the connection back to active.
    await db
      .update(connections)
      .set({ status: "error", lastError: "Zoom refused the refresh token: reconnect Zoom", updatedAt: clock.now() })
      .where(
        and(
          eq(connections.organizationId, row.organizationId),
          eq(connections.id, row.id),
          eq(connections.status, "active"),
          eq(connections.credentialsCiphertext, row.credentialsCiphertext ?? ""),
        ),
      );
    log.warn("zoom refresh token refused", { connection: row.id, reason: err.message });
    throw err;
  }

  const now = clock.now();
  const next: ZoomUserCredentials = {
    ...credentials,
    accessToken: token.access_token,
    refreshToken: token.refresh_token,
    accessTokenExpiresAt: now.getTime() + token.expires_in * 1000,
  };
  const sealed = await services.vault.seal(connectionCredentialsBinding(row), next);
  // Zoom accepted our refresh token, so the grant is alive: the tokens and status "active" are
  // written together, guarded by the ciphertext we read. A racing refresh that Zoom refused (our
  // rotation had spent the token it presented) may have marked the row "error" in between; that
  // guess is undone here in the same statement, never by a separate write that could interleave.
  // A disconnect clears the ciphertext, so a disconnected row never matches.
  const won = await db
    .update(connections)
    .set({
      credentialsCiphertext: sealed.ciphertext,
      credentialsIv: sealed.iv,
      keyVersion: sealed.keyVersion,
      status: "active",
      lastError: null,
      updatedAt: now,
    })
    .where(
      and(
        eq(connections.organizationId, row.organizationId),
        eq(connections.id, row.id),
        inArray(connections.status, ["active", "error"]),
        eq(connections.credentialsCiphertext, row.credentialsCiphertext ?? ""),
      ),
    )
    .returning({ id: connections.id });
  if (won.length > 0) return token.access_token;

  // Lost the race after Zoom answered: keep the stored (winner's) tokens, never overwrite them.
  log.info("zoom refresh lost the race; using the stored token", { connection: row.id });
  const after = await currentRow(services, connection);
  const winner = after?.status === "active" ? await readCredentials(services, after) : null;
  if (!winner) throw new ZoomTokenError(`connection ${row.id} was disconnected during a refresh`, "invalid_grant");
  return winner.accessToken;
}
