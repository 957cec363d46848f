import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import { accounts } from "../db/schema/index.ts";
import type { Db } from "../platform/services.ts";
import type { AccountRow } from "./account-store.ts";
import { rankAccounts } from "./rank-accounts.ts";

/**
 * 1 when the user owns the account or has hosted a conversation with it. Written with qualified
 * names: drizzle renders bare column names in single-table selects, which inside this subquery
 * would bind to `conversations` instead of the outer `accounts`.
 */
function isMine(organizationId: string, userId: string): SQL<number> {
  return sql<number>`(case when "accounts"."owner_user_id" = ${userId} or exists (
    select 1 from "conversations" c
    where c."organization_id" = ${organizationId}
      and c."host_user_id" = ${userId}
      and c."account_id" = "accounts"."id") then 1 else 0 end)`;
}

export interface ListedAccount {
  row: AccountRow;
  mine: boolean;
  score: number | null;
}

/**
 * "My accounts": the user's own accounts (owned or talked to) first, then the organization's others,
 * each group by most recent activity. A new rep therefore still sees something useful, and the
 * answer says whether the user has any of their own.
 */
export async function listMyAccounts(db: Db, organizationId: string, userId: string, limit: number) {
  const mine = isMine(organizationId, userId);
  const rows = await db
    .select({ account: accounts, mine })
    .from(accounts)
    .where(eq(accounts.organizationId, organizationId))
    .orderBy(sql`${mine} desc`, sql`${accounts.lastActivityAt} desc nulls last`, accounts.name)
    .limit(limit);
  const listed: ListedAccount[] = rows.map((r) => ({ row: r.account, mine: r.mine === 1, score: null }));
  return { scope: listed[0]?.mine ? ("mine" as const) : ("all" as const), listed };
}

/**
 * Ranked search by name or domain. Candidates (id, name, domains) of the whole organization are
 * scored in the Worker: typo tolerance needs edit distances that SQL cannot index. This reads one
 * compact row per account; measured in `pnpm bench`.
 */
export async function searchAccounts(db: Db, organizationId: string, userId: string, q: string, limit: number) {
  const candidates = await db
    .select({
      id: accounts.id,
      name: accounts.name,
      lastActivityAt: accounts.lastActivityAt,
      // Qualified names on purpose (see isMine).
      domains: sql<string | null>`(select group_concat(d."domain", ' ') from "account_domains" d
        where d."organization_id" = "accounts"."organization_id" and d."account_id" = "accounts"."id")`,
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
    .select({ account: accounts, mine: isMine(organizationId, userId) })
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
  const byId = new Map(rows.map((r) => [r.account.id, r]));
  return ranked.flatMap((r): ListedAccount[] => {
    const hit = byId.get(r.id);
    return hit ? [{ row: hit.account, mine: hit.mine === 1, score: r.score }] : [];
  });
}
