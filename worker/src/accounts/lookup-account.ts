import {
  canonicalSalesforceId,
  emailDomain,
  isFreeMailDomain,
  type LookupAccountQuery,
  normalizeAccountName,
  normalizeDomain,
  parentDomains,
} from "@sightline/shared";
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { accountDomains, accounts, contacts } from "../db/schema/index.ts";
import type { Db } from "../platform/services.ts";
import type { AccountRow } from "./account-store.ts";

export type MatchedBy = "crm" | "email" | "domain" | "name";

/**
 * Resolves what a CRM page or a mail thread shows to exactly one account, strongest evidence first:
 * CRM record id, a known contact's exact e-mail, the e-mail's or website's domain (or a parent
 * domain: eu.acme.com -> acme.com), then the company name. Free-mail domains never match by domain.
 * A name shared by several accounts resolves to none: guessing would show the wrong customer.
 */
export async function lookupAccount(
  db: Db,
  organizationId: string,
  query: LookupAccountQuery,
): Promise<{ row: AccountRow; matchedBy: MatchedBy } | null> {
  const inOrg = eq(accounts.organizationId, organizationId);

  if (query.crm && query.crmId) {
    const id = query.crm === "salesforce" ? canonicalSalesforceId(query.crmId) : query.crmId;
    if (id) {
      const column = query.crm === "salesforce" ? accounts.salesforceId : accounts.hubspotId;
      const row = await db.query.accounts.findFirst({ where: and(inOrg, eq(column, id)) });
      if (row) return { row, matchedBy: "crm" };
    }
  }

  if (query.email) {
    const contact = await db.query.contacts.findFirst({
      columns: { accountId: true },
      where: and(
        eq(contacts.organizationId, organizationId),
        eq(contacts.email, query.email),
        isNotNull(contacts.accountId),
      ),
    });
    if (contact?.accountId) {
      const row = await db.query.accounts.findFirst({ where: and(inOrg, eq(accounts.id, contact.accountId)) });
      if (row) return { row, matchedBy: "email" };
    }
  }

  const domain = query.domain ? normalizeDomain(query.domain) : query.email ? emailDomain(query.email) : null;
  if (domain && !isFreeMailDomain(domain)) {
    const candidates = parentDomains(domain);
    const hits = await db
      .select({ domain: accountDomains.domain, accountId: accountDomains.accountId })
      .from(accountDomains)
      .where(and(eq(accountDomains.organizationId, organizationId), inArray(accountDomains.domain, candidates)));
    // The most specific registered domain wins: sales.acme.com before acme.com.
    hits.sort((a, b) => b.domain.length - a.domain.length);
    const hit = hits[0];
    if (hit) {
      const row = await db.query.accounts.findFirst({ where: and(inOrg, eq(accounts.id, hit.accountId)) });
      if (row) return { row, matchedBy: "domain" };
    }
  }

  if (query.name) {
    const normalized = normalizeAccountName(query.name);
    if (normalized) {
      const rows = await db
        .select()
        .from(accounts)
        .where(and(inOrg, eq(accounts.normalizedName, normalized)))
        .limit(2);
      if (rows.length === 1 && rows[0]) return { row: rows[0], matchedBy: "name" };
    }
  }
  return null;
}
