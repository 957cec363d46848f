import { and, eq, isNull, lt, or } from "drizzle-orm";
import { connectionCredentialsBinding } from "../../../connections/token-crypto.ts";
import { connections, gongSyncState } from "../../../db/schema/index.ts";
import type { Services } from "../../../platform/services.ts";
import { PermanentJobError } from "../../../queue/jobs.ts";
import type { ConnectionRow } from "../../provider.ts";
import { GongClient } from "../gong-client.ts";
import { type GongToken, GongTokenSchema } from "../gong-schemas.ts";
import { type GongCredentials, gongTargetFor, openGongCredentials } from "./gong-credentials.ts";

type OAuthCredentials = Extract<GongCredentials, { mode: "oauth" }>;

/** An access token this close to its end is refreshed first. */
const EXPIRY_MARGIN_MS = 60_000;
const REFRESH_LEASE_MS = 30_000;
const WAIT_FOR_OTHER_REFRESH_MS = 15_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `POST {GONG_OAUTH_BASE}/oauth2/generate-customer-token` with the app in Basic auth; answers Gong's response. */
export function requestGongToken(services: Services, form: Record<string, string>): Promise<Response> {
  const app = services.config.gong.oauthApp;
  if (!app) throw new PermanentJobError("Gong OAuth is not configured (GONG_CLIENT_ID / GONG_CLIENT_SECRET)");
  return fetch(`${services.config.gong.oauthBase}/oauth2/generate-customer-token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${btoa(`${app.clientId}:${app.clientSecret}`)}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams(form).toString(),
    redirect: "manual",
    signal: AbortSignal.timeout(10_000),
  });
}

export function oauthCredentialsFrom(token: GongToken, nowMs: number): OAuthCredentials {
  return {
    mode: "oauth",
    accessToken: token.access_token,
    refreshToken: token.refresh_token,
    // expires_in is unverified: without it, a day (a 401 refreshes earlier anyway).
    accessTokenExpiresAt: nowMs + (token.expires_in ?? 86_400) * 1000,
    apiBase: token.api_base_url_for_customer.replace(/\/+$/, ""),
  };
}

// In one isolate, one refresh per connection; across isolates the D1 lease below.
const inFlight = new Map<string, Promise<string>>();

async function reread(services: Services, row: ConnectionRow): Promise<ConnectionRow | undefined> {
  return services.db.query.connections.findFirst({
    where: and(eq(connections.organizationId, row.organizationId), eq(connections.id, row.id)),
  });
}

/**
 * A fresh access token for an OAuth connection. Gong's refresh tokens are single use: of two
 * refreshes with the same one, the second is refused (invalid_grant) and, done naively, would put a
 * working connection in error or store a dead token. So refreshes are single-flight: in an isolate
 * by a shared promise, across isolates by a lease in gong_sync_state taken in one UPDATE. Whoever
 * does not hold the lease waits for the holder's new credentials to appear (the ciphertext changes)
 * and uses them. The winner's write is guarded by the ciphertext it read, and a refusal marks the
 * connection in error only when nobody stored newer credentials meanwhile.
 */
export function refreshGongAccessToken(services: Services, row: ConnectionRow): Promise<string> {
  const running = inFlight.get(row.id);
  if (running) return running;
  const work = doRefresh(services, row).finally(() => inFlight.delete(row.id));
  inFlight.set(row.id, work);
  return work;
}

async function doRefresh(services: Services, row: ConnectionRow): Promise<string> {
  const { db, clock } = services;
  const ofState = and(eq(gongSyncState.organizationId, row.organizationId), eq(gongSyncState.connectionId, row.id));
  const readCipher = row.credentialsCiphertext;
  await db
    .insert(gongSyncState)
    .values({ connectionId: row.id, organizationId: row.organizationId, updatedAt: clock.now() })
    .onConflictDoNothing();
  const now = clock.now();
  const [lease] = await db
    .update(gongSyncState)
    .set({ refreshLeaseUntil: new Date(now.getTime() + REFRESH_LEASE_MS) })
    .where(and(ofState, or(isNull(gongSyncState.refreshLeaseUntil), lt(gongSyncState.refreshLeaseUntil, now))))
    .returning({ id: gongSyncState.connectionId });
  if (!lease) return waitForOtherRefresh(services, row, readCipher);
  const releaseLease = () => db.update(gongSyncState).set({ refreshLeaseUntil: null }).where(ofState);
  try {
    // Someone may have refreshed between our read and our lease: use theirs.
    const current = await reread(services, row);
    if (!current || current.status === "disconnected")
      throw new PermanentJobError("the Gong connection was disconnected");
    if (current.credentialsCiphertext !== readCipher) {
      const theirs = await openGongCredentials(services, current);
      if (theirs.mode === "oauth") return theirs.accessToken;
    }
    const credentials = await openGongCredentials(services, current);
    if (credentials.mode !== "oauth") throw new PermanentJobError("not an OAuth connection");
    const res = await requestGongToken(services, {
      grant_type: "refresh_token",
      refresh_token: credentials.refreshToken,
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      const after = await reread(services, row);
      if (after && after.credentialsCiphertext !== current.credentialsCiphertext) {
        const theirs = await openGongCredentials(services, after);
        if (theirs.mode === "oauth") return theirs.accessToken;
      }
      if (res.status >= 500 || res.status === 429) throw new Error(`Gong token refresh answered ${res.status}`);
      const reason = `Gong refused the token refresh (${res.status}); connect Gong again`;
      await db
        .update(connections)
        .set({ status: "error", lastError: reason, updatedAt: clock.now() })
        .where(
          and(
            eq(connections.organizationId, row.organizationId),
            eq(connections.id, row.id),
            eq(connections.status, "active"),
            eq(connections.credentialsCiphertext, current.credentialsCiphertext ?? ""),
          ),
        );
      throw new PermanentJobError(reason);
    }
    const parsed = GongTokenSchema.safeParse(body);
    if (!parsed.success) throw new Error("Gong's token answer has an unexpected shape");
    const fresh = oauthCredentialsFrom(parsed.data, clock.now().getTime());
    // The customer's API host never changes by a refresh; a different one is not trusted.
    fresh.apiBase = credentials.apiBase;
    const sealed = await services.vault.seal(connectionCredentialsBinding(row), fresh);
    await db
      .update(connections)
      .set({
        status: "active",
        lastError: null,
        credentialsCiphertext: sealed.ciphertext,
        credentialsIv: sealed.iv,
        keyVersion: sealed.keyVersion,
        updatedAt: clock.now(),
      })
      .where(
        and(
          eq(connections.organizationId, row.organizationId),
          eq(connections.id, row.id),
          eq(connections.credentialsCiphertext, current.credentialsCiphertext ?? ""),
        ),
      );
    return fresh.accessToken;
  } finally {
    await releaseLease();
  }
}

async function waitForOtherRefresh(services: Services, row: ConnectionRow, readCipher: string | null): Promise<string> {
  const until = Date.now() + WAIT_FOR_OTHER_REFRESH_MS;
  while (Date.now() < until) {
    await sleep(250);
    const current = await reread(services, row);
    if (!current || current.status === "disconnected")
      throw new PermanentJobError("the Gong connection was disconnected");
    if (current.credentialsCiphertext && current.credentialsCiphertext !== readCipher) {
      const credentials = await openGongCredentials(services, current);
      if (credentials.mode === "oauth") return credentials.accessToken;
    }
  }
  throw new Error("another Gong token refresh did not finish in time");
}

/** A client for the connection: Basic for access keys, Bearer (refreshed when due or after a 401) for OAuth. */
export async function gongClientFor(services: Services, row: ConnectionRow): Promise<GongClient> {
  let current = row;
  const target = await gongTargetFor(services, row, (credentials) => {
    let token = credentials.accessToken;
    let expiresAt = credentials.accessTokenExpiresAt;
    return async (refresh) => {
      if (refresh || expiresAt - EXPIRY_MARGIN_MS <= services.clock.now().getTime()) {
        token = await refreshGongAccessToken(services, current);
        current = (await reread(services, current)) ?? current;
        expiresAt = Number.POSITIVE_INFINITY; // fresh; a 401 refreshes again
      }
      return token;
    };
  });
  return new GongClient(services, target);
}
