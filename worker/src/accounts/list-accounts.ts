import { and, desc, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import { accountDomains, accounts, conversations } from "../db/schema/index.ts";
import type { Db } from "../platform/services.ts";
import type { AccountRow } from "./account-store.ts";
import { rankAccounts } from "./rank-accounts.ts";

/**
 * "My accounts": the ones the user owns or has hosted a conversation with, most recent activity
 * first. A user with none yet (new rep, fresh install) sees the organization's most active ones,
 * and the answer says so.
 */
export async function listMyAccounts(db: Db, organizationId: string, userId: string, limit: number) {
  const mine = await db
    .select()
    .from(accounts)
    .where(
      and(
        eq(accounts.organizationId, organizationId),
        or(
          eq(accounts.ownerUserId, userId),
          inArray(
            accounts.id,
            db
              .select({ id: conversations.accountId })
              .from(conversations)
              .where(
                and(
                  eq(conversations.organizationId, organizationId),
                  eq(conversations.hostUserId, userId),
                  isNotNull(conversations.accountId),
                ),
              ),
          ),
        ),
      ),
    )
    .orderBy(sql`${accounts.lastActivityAt} desc nulls last`, accounts.name)
    .limit(limit);
  if (mine.length > 0) return { scope: "mine" as const, rows: mine };
  const all = await db
    .select()
    .from(accounts)
    .where(eq(accounts.organizationId, organizationId))
    .orderBy(sql`${accounts.lastActivityAt} desc nulls last`, desc(accounts.createdAt))
    .limit(limit);
  return { scope: "all" as const, rows: all };
}

/**
 * Ranked search by name or domain. Candidates (id, name, domains) of the whole organization are
 * scored in the Worker: typo tolerance needs edit distances that SQL cannot index. This reads one
 * compact row per account; measured in `pnpm bench`.
 */
export async function searchAccounts(db: Db, organizationId: string, q: string, limit: number) {
  const candidates = await db
    .select({
      id: accounts.id,
      name: accounts.name,
      lastActivityAt: accounts.lastActivityAt,
      domains: sql<string | null>`(select group_concat(${accountDomains.domain}, ' ') from ${accountDomains}
        where ${accountDomains.organizationId} = ${accounts.organizationId} and ${accountDomains.accountId} = ${accounts.id})`,
    })
    .from(accounts)
    .where(eq(accounts.organizationId, organizationId));
  const ranked = rankAccounts(
    q,
    candidates.map((c) => ({
      id: c.id,
      name: c.name,
      domains: c.domains ? c.domains.split(" ") : [],
      lastActivityAt: c.lastActivityAt?.getTime() ?? null,
    })),
    limit,
  );
  if (ranked.length === 0) return [];
  const rows = await db
    .select()
    .from(accounts)
    .where(
      and(
        eq(accounts.organizationId, organizationId),
        inArray(
          accounts.id,
          ranked.map((r) => r.id),
        ),
      ),
    );
  const byId = new Map<string, AccountRow>(rows.map((r) => [r.id, r]));
  return ranked.flatMap((r) => {
    const row = byId.get(r.id);
    return row ? [{ row, score: r.score }] : [];
  });
}
