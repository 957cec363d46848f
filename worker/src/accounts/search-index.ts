import { normalizeAccountName } from "@sightline/shared";
import { and, eq, ne, sql } from "drizzle-orm";
import { accountSearchGrams, accountSearchPending, accounts } from "../db/schema/index.ts";
import type { Statement } from "../insights/insight-writer.ts";
import type { Db } from "../platform/services.ts";
import { accountSearchGrams as gramsOf } from "./search-grams.ts";

// D1 allows 100 bound parameters per statement: 3 per gram row.
const GRAM_ROWS_PER_INSERT = 33;

/**
 * Statements that (re)write one account's search grams and clear its pending mark. They go last in
 * the batch that writes the account: the triggers of migration 0020 mark it pending on that write,
 * and this clears the mark in the same transaction.
 */
export function indexAccountStatements(
  db: Db,
  organizationId: string,
  accountId: string,
  name: string,
  domains: readonly string[],
): Statement[] {
  const ofAccount = and(
    eq(accountSearchGrams.organizationId, organizationId),
    eq(accountSearchGrams.accountId, accountId),
  );
  const rows = gramsOf(name, domains).map((gram) => ({ organizationId, gram, accountId }));
  const statements: Statement[] = [db.delete(accountSearchGrams).where(ofAccount)];
  for (let i = 0; i < rows.length; i += GRAM_ROWS_PER_INSERT) {
    statements.push(
      db
        .insert(accountSearchGrams)
        .values(rows.slice(i, i + GRAM_ROWS_PER_INSERT))
        .onConflictDoNothing(),
    );
  }
  // The name shortcut (search-shortcuts.ts) trusts normalized_name once the account is indexed: an
  // account written by SQL (a seed) may carry another normalization.
  const normalizedName = normalizeAccountName(name);
  statements.push(
    db
      .update(accounts)
      .set({ normalizedName })
      .where(
        and(
          eq(accounts.organizationId, organizationId),
          eq(accounts.id, accountId),
          ne(accounts.normalizedName, normalizedName),
        ),
      ),
  );
  statements.push(
    db
      .delete(accountSearchPending)
      .where(
        and(eq(accountSearchPending.organizationId, organizationId), eq(accountSearchPending.accountId, accountId)),
      ),
  );
  return statements;
}

/**
 * Indexes up to `limit` pending accounts of any organization (the 15-minute cron): accounts written
 * by SQL outside account-store.ts (the demo seed, the 0020 backfill). Pending rows of deleted
 * accounts are dropped. Returns how many accounts were indexed.
 */
export async function indexPendingAccounts(db: Db, limit: number): Promise<number> {
  const pending = await db.all<{
    organizationId: string;
    accountId: string;
    name: string | null;
    domains: string | null;
  }>(sql`
    SELECT p.organization_id AS organizationId, p.account_id AS accountId, a.name AS name,
      (SELECT group_concat(d.domain, ' ') FROM account_domains d
        WHERE d.organization_id = p.organization_id AND d.account_id = p.account_id) AS domains
    FROM account_search_pending p
    LEFT JOIN accounts a ON a.organization_id = p.organization_id AND a.id = p.account_id
    LIMIT ${limit}`);
  let indexed = 0;
  // A batch per 50 accounts keeps each transaction short.
  for (let i = 0; i < pending.length; i += 50) {
    const statements: Statement[] = [];
    for (const row of pending.slice(i, i + 50)) {
      if (row.name === null) {
        statements.push(
          db
            .delete(accountSearchPending)
            .where(
              and(
                eq(accountSearchPending.organizationId, row.organizationId),
                eq(accountSearchPending.accountId, row.accountId),
              ),
            ),
        );
        continue;
      }
      statements.push(
        ...indexAccountStatements(
          db,
          row.organizationId,
          row.accountId,
          row.name,
          row.domains ? row.domains.split(" ") : [],
        ),
      );
      indexed++;
    }
    const [first, ...rest] = statements;
    if (first) await db.batch([first, ...rest]);
  }
  return indexed;
}
