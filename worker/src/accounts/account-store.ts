import type { CreateAccountRequest, UpdateAccountRequest } from "@sightline/shared";
import { canonicalSalesforceId, leadSourceColumns, normalizeAccountName } from "@sightline/shared";
import { and, eq, inArray, ne } from "drizzle-orm";
import { accountDomains, accounts, contacts } from "../db/schema/index.ts";
import { unassignAccount } from "../insights/insight-writer.ts";
import { ApiError } from "../platform/api-error.ts";
import { newId } from "../platform/ids.ts";
import type { Db } from "../platform/services.ts";
import { writeOrConflict } from "../platform/unique-violation.ts";
import { indexAccountStatements } from "./search-index.ts";

export type AccountRow = typeof accounts.$inferSelect;

/** Domains of several accounts in one query, keyed by account id. */
export async function loadDomains(
  db: Db,
  organizationId: string,
  accountIds: string[],
): Promise<Map<string, string[]>> {
  const byAccount = new Map<string, string[]>(accountIds.map((id) => [id, []]));
  // D1 allows 100 bound parameters per statement.
  for (let i = 0; i < accountIds.length; i += 90) {
    const rows = await db
      .select()
      .from(accountDomains)
      .where(
        and(
          eq(accountDomains.organizationId, organizationId),
          inArray(accountDomains.accountId, accountIds.slice(i, i + 90)),
        ),
      );
    for (const row of rows) byAccount.get(row.accountId)?.push(row.domain);
  }
  for (const list of byAccount.values()) list.sort();
  return byAccount;
}

export async function getAccount(db: Db, organizationId: string, id: string): Promise<AccountRow> {
  const row = await db.query.accounts.findFirst({
    where: and(eq(accounts.organizationId, organizationId), eq(accounts.id, id)),
  });
  if (!row) throw ApiError.notFound("account");
  return row;
}

/** "account “Globex” (acct_…)": the admin sees which account to look at; the id tells two Globexes apart. */
const ownerName = (owner: { id: string; name: string }) => `account “${owner.name}” (${owner.id})`;

/** Refuses a domain or CRM id that another account of the organization already has (409 naming it). */
async function assertFree(
  db: Db,
  organizationId: string,
  selfId: string | null,
  fields: { domains?: string[]; salesforceId?: string | null; hubspotId?: string | null },
) {
  const notSelf = selfId ? ne(accounts.id, selfId) : undefined;
  if (fields.domains?.length) {
    const taken = await db
      .select({ domain: accountDomains.domain, accountId: accountDomains.accountId })
      .from(accountDomains)
      .where(and(eq(accountDomains.organizationId, organizationId), inArray(accountDomains.domain, fields.domains)));
    const clash = taken.find((t) => t.accountId !== selfId);
    if (clash) {
      const owner = await getAccount(db, organizationId, clash.accountId);
      throw new ApiError("conflict", `domains: ${clash.domain} already belongs to ${ownerName(owner)}`);
    }
  }
  for (const [field, column] of [
    ["salesforceId", accounts.salesforceId],
    ["hubspotId", accounts.hubspotId],
  ] as const) {
    const value = fields[field];
    if (!value) continue;
    const clash = await db.query.accounts.findFirst({
      columns: { id: true, name: true },
      where: and(eq(accounts.organizationId, organizationId), eq(column, value), notSelf),
    });
    if (clash) throw new ApiError("conflict", `${field}: ${value} already belongs to ${ownerName(clash)}`);
  }
}

function canonicalCrmIds(input: { salesforceId?: string | null }) {
  if (input.salesforceId === undefined || input.salesforceId === null) return input.salesforceId;
  const canonical = canonicalSalesforceId(input.salesforceId);
  if (!canonical) throw new ApiError("bad_request", "salesforceId: must be a 15 or 18 character Salesforce id");
  return canonical;
}

const unique = (values: string[]) => [...new Set(values)];

export async function createAccount(db: Db, organizationId: string, input: CreateAccountRequest, now: Date) {
  const domains = unique(input.domains);
  const salesforceId = canonicalCrmIds(input) ?? null;
  await assertFree(db, organizationId, null, { domains, salesforceId, hubspotId: input.hubspotId });
  const row: AccountRow = {
    id: newId("acct"),
    organizationId,
    name: input.name,
    normalizedName: normalizeAccountName(input.name),
    salesforceId,
    hubspotId: input.hubspotId,
    ...leadSourceColumns(input.leadSource),
    ownerUserId: input.ownerUserId,
    lastActivityAt: null,
    createdAt: now,
    updatedAt: now,
  };
  const domainRows = domains.map((domain) => ({ organizationId, domain, accountId: row.id }));
  // One batch is one transaction: the account never exists without its domains and search grams.
  await writeOrConflict(
    () =>
      db.batch([
        db.insert(accounts).values(row),
        ...domainRows.map((d) => db.insert(accountDomains).values(d)),
        ...indexAccountStatements(db, organizationId, row.id, row.name, domains),
      ]),
    () => assertFree(db, organizationId, null, { domains, salesforceId, hubspotId: input.hubspotId }),
  );
  return { row, domains: domains.sort() };
}

export async function updateAccount(
  db: Db,
  organizationId: string,
  id: string,
  input: UpdateAccountRequest,
  now: Date,
) {
  const current = await getAccount(db, organizationId, id);
  const domains = input.domains ? unique(input.domains) : undefined;
  const salesforceId = canonicalCrmIds(input);
  await assertFree(db, organizationId, id, { domains, salesforceId, hubspotId: input.hubspotId });
  const patch: Partial<AccountRow> = { updatedAt: now };
  if (input.name !== undefined) {
    patch.name = input.name;
    patch.normalizedName = normalizeAccountName(input.name);
  }
  if (salesforceId !== undefined) patch.salesforceId = salesforceId;
  if (input.hubspotId !== undefined) patch.hubspotId = input.hubspotId;
  if (input.leadSource !== undefined) Object.assign(patch, leadSourceColumns(input.leadSource));
  if (input.ownerUserId !== undefined) patch.ownerUserId = input.ownerUserId;
  const scope = and(eq(accounts.organizationId, organizationId), eq(accounts.id, id));
  const domainScope = and(eq(accountDomains.organizationId, organizationId), eq(accountDomains.accountId, id));
  // Search grams follow a new name or new domains in the same batch.
  const searchDomains =
    input.name !== undefined || domains
      ? (domains ?? (await loadDomains(db, organizationId, [id])).get(id) ?? [])
      : null;
  const write = () =>
    db.batch([
      db.update(accounts).set(patch).where(scope),
      ...(domains
        ? [
            db.delete(accountDomains).where(domainScope),
            ...domains.map((domain) => db.insert(accountDomains).values({ organizationId, domain, accountId: id })),
          ]
        : []),
      ...(searchDomains
        ? indexAccountStatements(db, organizationId, id, patch.name ?? current.name, searchDomains)
        : []),
    ]);
  await writeOrConflict(write, () =>
    assertFree(db, organizationId, id, { domains, salesforceId, hubspotId: input.hubspotId }),
  );
  const row = { ...current, ...patch };
  const domainMap = await loadDomains(db, organizationId, [id]);
  return { row, domains: domainMap.get(id) ?? [] };
}

/**
 * Deletes the account and its domains. Conversations, contacts and insights are kept (history is
 * never lost by a CRM clean-up): they become unassigned and can be routed to another account.
 */
export async function deleteAccount(db: Db, organizationId: string, id: string, now: Date) {
  await getAccount(db, organizationId, id);
  await unassignAccount(db, { organizationId, accountId: id, now }, [
    db
      .delete(accountDomains)
      .where(and(eq(accountDomains.organizationId, organizationId), eq(accountDomains.accountId, id))),
    db
      .update(contacts)
      .set({ accountId: null })
      .where(and(eq(contacts.organizationId, organizationId), eq(contacts.accountId, id))),
    db.delete(accounts).where(and(eq(accounts.organizationId, organizationId), eq(accounts.id, id))),
  ]);
}
