import { and, eq, max } from "drizzle-orm";
import { accounts, conversations } from "../db/schema/index.ts";
import type { Services } from "../platform/services.ts";

/** "My accounts" sorts by this column; it is derived, so recomputing it is always safe (idempotent). */
export async function refreshAccountActivity({ db }: Services, organizationId: string, accountId: string) {
  const [latest] = await db
    .select({ at: max(conversations.startedAt) })
    .from(conversations)
    .where(and(eq(conversations.organizationId, organizationId), eq(conversations.accountId, accountId)));
  await db
    .update(accounts)
    .set({ lastActivityAt: latest?.at ?? null })
    .where(and(eq(accounts.organizationId, organizationId), eq(accounts.id, accountId)));
}
