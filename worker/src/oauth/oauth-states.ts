import { and, eq, gt, isNull, lt } from "drizzle-orm";
import { oauthStates } from "../db/schema/index.ts";
import type { Services } from "../platform/services.ts";
import { randomToken, sha256Base64Url } from "./pkce.ts";

/** How long a user has to finish authorizing at the provider. */
export const OAUTH_STATE_TTL_MS = 10 * 60 * 1000;
/**
 * How long the `begin` link stays usable after `start`: the extension opens it at once, so a short
 * window leaves little time to lure someone else's browser into it.
 */
export const OAUTH_BEGIN_TTL_MS = 2 * 60 * 1000;

export type OAuthProvider = (typeof oauthStates.$inferSelect)["provider"];
export type OAuthStateRow = typeof oauthStates.$inferSelect;

/**
 * Starts an authorization: a random `state` bound to the user and organization, the PKCE verifier
 * that only this server knows, and a one-time `beginTicket` for the browser step (only its hash is
 * kept). Expired states of every user are swept on the way.
 */
export async function createOAuthState(
  services: Services,
  input: { organizationId: string; userId: string; provider: OAuthProvider },
): Promise<{ state: string; codeVerifier: string; beginTicket: string; expiresAt: Date }> {
  const { db, clock } = services;
  const now = clock.now();
  await db.delete(oauthStates).where(lt(oauthStates.expiresAt, now));
  const beginTicket = randomToken();
  const row: OAuthStateRow = {
    state: randomToken(),
    organizationId: input.organizationId,
    userId: input.userId,
    provider: input.provider,
    codeVerifier: randomToken(),
    redirectAfter: null,
    beginTicketHash: await sha256Base64Url(beginTicket),
    browserBindingHash: null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + OAUTH_STATE_TTL_MS),
  };
  await db.insert(oauthStates).values(row);
  return { state: row.state, codeVerifier: row.codeVerifier, beginTicket, expiresAt: row.expiresAt };
}

/**
 * The browser step: spends the begin ticket and binds the flow to `browserBinding` (the value of the
 * cookie the caller sets in that browser), in one statement, so a ticket binds at most one browser.
 * Null when the ticket is unknown, already used, older than OAUTH_BEGIN_TTL_MS or another provider's.
 */
export async function beginOAuthState(
  services: Services,
  input: { beginTicket: string; provider: OAuthProvider; browserBinding: string },
): Promise<OAuthStateRow | null> {
  const { db, clock } = services;
  if (!input.beginTicket || input.beginTicket.length > 256) return null;
  const now = clock.now().getTime();
  const [row] = await db
    .update(oauthStates)
    .set({ beginTicketHash: null, browserBindingHash: await sha256Base64Url(input.browserBinding) })
    .where(
      and(
        eq(oauthStates.beginTicketHash, await sha256Base64Url(input.beginTicket)),
        eq(oauthStates.provider, input.provider),
        isNull(oauthStates.browserBindingHash),
        gt(oauthStates.createdAt, new Date(now - OAUTH_BEGIN_TTL_MS)),
      ),
    )
    .returning();
  return row ?? null;
}

export type ConsumedState =
  | { ok: true; row: OAuthStateRow }
  | { ok: false; reason: "unknown" | "expired" | "wrong_provider" | "other_browser" };

/**
 * Takes a state out of the table in one statement (`DELETE ... RETURNING`), so it is usable once
 * even when the callback is hit twice at the same moment; then checks its expiry, its provider and
 * that the callback came from the browser that began the flow (`browserBinding`: that browser's
 * cookie). A state presented by any other browser is spent too: it can never be completed later.
 */
export async function consumeOAuthState(
  services: Services,
  input: { state: string; provider: OAuthProvider; browserBinding: string | undefined },
): Promise<ConsumedState> {
  const { db, clock } = services;
  const { state, provider, browserBinding } = input;
  if (!state || state.length > 256) return { ok: false, reason: "unknown" };
  const [row] = await db.delete(oauthStates).where(eq(oauthStates.state, state)).returning();
  if (!row) return { ok: false, reason: "unknown" };
  if (row.expiresAt.getTime() <= clock.now().getTime()) return { ok: false, reason: "expired" };
  if (row.provider !== provider) return { ok: false, reason: "wrong_provider" };
  const presented = browserBinding && browserBinding.length <= 256 ? await sha256Base64Url(browserBinding) : null;
  if (!row.browserBindingHash || presented !== row.browserBindingHash) return { ok: false, reason: "other_browser" };
  return { ok: true, row };
}
