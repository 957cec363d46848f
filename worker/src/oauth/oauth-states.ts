import { eq, lt } from "drizzle-orm";
import { oauthStates } from "../db/schema/index.ts";
import type { Services } from "../platform/services.ts";
import { randomToken } from "./pkce.ts";

/** How long a user has to finish authorizing at the provider. */
export const OAUTH_STATE_TTL_MS = 10 * 60 * 1000;

export type OAuthProvider = (typeof oauthStates.$inferSelect)["provider"];
export type OAuthStateRow = typeof oauthStates.$inferSelect;

/**
 * Starts an authorization: a random `state` bound to the user and organization, and the PKCE
 * verifier that only this server knows. Expired states of every user are swept on the way.
 */
export async function createOAuthState(
  services: Services,
  input: { organizationId: string; userId: string; provider: OAuthProvider },
): Promise<{ state: string; codeVerifier: string; expiresAt: Date }> {
  const { db, clock } = services;
  const now = clock.now();
  await db.delete(oauthStates).where(lt(oauthStates.expiresAt, now));
  const row: OAuthStateRow = {
    state: randomToken(),
    organizationId: input.organizationId,
    userId: input.userId,
    provider: input.provider,
    codeVerifier: randomToken(),
    redirectAfter: null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + OAUTH_STATE_TTL_MS),
  };
  await db.insert(oauthStates).values(row);
  return { state: row.state, codeVerifier: row.codeVerifier, expiresAt: row.expiresAt };
}

export type ConsumedState =
  | { ok: true; row: OAuthStateRow }
  | { ok: false; reason: "unknown" | "expired" | "wrong_provider" };

/**
 * Takes a state out of the table in one statement (`DELETE ... RETURNING`), so it is usable once
 * even when the callback is hit twice at the same moment; then checks its expiry and provider.
 */
export async function consumeOAuthState(
  services: Services,
  state: string,
  provider: OAuthProvider,
): Promise<ConsumedState> {
  const { db, clock } = services;
  if (!state || state.length > 256) return { ok: false, reason: "unknown" };
  const [row] = await db.delete(oauthStates).where(eq(oauthStates.state, state)).returning();
  if (!row) return { ok: false, reason: "unknown" };
  if (row.expiresAt.getTime() <= clock.now().getTime()) return { ok: false, reason: "expired" };
  if (row.provider !== provider) return { ok: false, reason: "wrong_provider" };
  return { ok: true, row };
}
