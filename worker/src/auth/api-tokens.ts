import { and, eq, isNull } from "drizzle-orm";
import { apiTokens, users } from "../db/schema/index.ts";
import type { Principal } from "../platform/app-env.ts";
import { base64UrlRandom, sha256Hex } from "../platform/crypto.ts";
import { newId } from "../platform/ids.ts";
import type { Db } from "../platform/services.ts";

const TOKEN_PREFIX = "sl_";

export interface IssuedToken {
  token: string;
  tokenPrefix: string;
}

/**
 * Creates a token for a user: the token itself (shown once) and the row to store, which holds only
 * its SHA-256. 256 random bits make a slow hash unnecessary: nobody can guess one, and the lookup
 * stays a single indexed read. Callers insert the row, often in one batch with the user it belongs to.
 */
export async function prepareApiToken(params: { organizationId: string; userId: string; label?: string; now: Date }) {
  const token = `${TOKEN_PREFIX}${base64UrlRandom(32)}`;
  const tokenPrefix = token.slice(0, 10);
  return {
    issued: { token, tokenPrefix } satisfies IssuedToken,
    row: {
      id: newId("tok"),
      organizationId: params.organizationId,
      userId: params.userId,
      tokenHash: await sha256Hex(token),
      tokenPrefix,
      label: params.label ?? null,
      createdAt: params.now,
    } satisfies typeof apiTokens.$inferInsert,
  };
}

/** Resolves a bearer token to its user, or null when unknown or revoked. */
export async function authenticateApiToken(
  db: Db,
  token: string,
): Promise<(Principal & { lastUsedAt: Date | null }) | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const rows = await db
    .select({
      tokenId: apiTokens.id,
      userId: users.id,
      organizationId: users.organizationId,
      role: users.role,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .innerJoin(users, and(eq(users.id, apiTokens.userId), eq(users.organizationId, apiTokens.organizationId)))
    .where(and(eq(apiTokens.tokenHash, await sha256Hex(token)), isNull(apiTokens.revokedAt)))
    .limit(1);
  return rows[0] ?? null;
}

const LAST_USED_RESOLUTION_MS = 3_600_000;

/**
 * Records when a token was last used, at most once an hour per token: admins can spot unused
 * tokens without every API call paying for a write.
 */
export async function touchApiToken(db: Db, tokenId: string, lastUsedAt: Date | null, now: Date): Promise<void> {
  if (lastUsedAt && now.getTime() - lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return;
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, tokenId));
}
