import { emailDomain, parentDomains } from "@sightline/shared";
import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { accountDomains, contacts, organizationDomains, users } from "../db/schema/index.ts";
import type { Db } from "../platform/services.ts";
import { normalizePhone } from "./phone-number.ts";
import type { RoutingEvidence } from "./score-routing.ts";

/** D1 binds at most 100 parameters per statement; the organization id takes one. */
const IN_CHUNK = 90;

async function inChunks<T>(values: readonly string[], query: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < values.length; i += IN_CHUNK) out.push(...(await query(values.slice(i, i + IN_CHUNK))));
  return out;
}

/**
 * Reads what routing and participant sides need, and nothing more: only the account domains and
 * contacts the meeting's addresses could point at, plus the names of contacts that have an account
 * (name matching has to look at all of them).
 */
export async function loadRoutingEvidence(
  db: Db,
  organizationId: string,
  emails: readonly string[],
  names: readonly string[],
  /** E.164 numbers (Zoom Contact Center consumers): matched against contacts' numbers, normalized. */
  phones: readonly string[] = [],
): Promise<RoutingEvidence> {
  const domains = [...new Set(emails.flatMap((e) => (emailDomain(e) ? parentDomains(emailDomain(e) as string) : [])))];
  const lowerEmail = sql<string>`lower(${contacts.email})`;
  const [ours, userRows, domainRows, contactRows, named] = await Promise.all([
    db
      .select({ domain: organizationDomains.domain })
      .from(organizationDomains)
      .where(eq(organizationDomains.organizationId, organizationId)),
    inChunks(emails, (chunk) =>
      db
        .select({ email: users.email })
        .from(users)
        .where(and(eq(users.organizationId, organizationId), inArray(sql`lower(${users.email})`, chunk))),
    ),
    inChunks(domains, (chunk) =>
      db
        .select({ domain: accountDomains.domain, accountId: accountDomains.accountId })
        .from(accountDomains)
        .where(and(eq(accountDomains.organizationId, organizationId), inArray(accountDomains.domain, chunk))),
    ),
    inChunks(emails, (chunk) =>
      db
        .select({ email: lowerEmail, accountId: contacts.accountId, side: contacts.side })
        .from(contacts)
        .where(and(eq(contacts.organizationId, organizationId), inArray(lowerEmail, chunk))),
    ),
    db
      .select({ name: contacts.name, accountId: contacts.accountId })
      .from(contacts)
      .where(and(eq(contacts.organizationId, organizationId), isNotNull(contacts.accountId))),
  ]);
  const accountByContactPhone = new Map<string, string>();
  if (phones.length > 0) {
    // Contacts' numbers are stored as people typed them: normalized here, so any format matches.
    const phoned = await db
      .select({ phone: contacts.phone, accountId: contacts.accountId })
      .from(contacts)
      .where(
        and(eq(contacts.organizationId, organizationId), isNotNull(contacts.phone), isNotNull(contacts.accountId)),
      );
    const wanted = new Set(phones);
    for (const c of phoned) {
      const e164 = normalizePhone(c.phone);
      if (e164 && c.accountId && wanted.has(e164)) accountByContactPhone.set(e164, c.accountId);
    }
  }
  const userEmails = new Set(userRows.map((u) => u.email.toLowerCase()));
  const accountByContactEmail = new Map<string, string>();
  for (const c of contactRows) {
    if (c.side === "ours") userEmails.add(c.email);
    else if (c.accountId) accountByContactEmail.set(c.email, c.accountId);
  }
  return {
    emails,
    names,
    ourDomains: new Set(ours.map((d) => d.domain)),
    userEmails,
    accountByDomain: new Map(domainRows.map((d) => [d.domain, d.accountId])),
    accountByContactEmail,
    phones,
    accountByContactPhone,
    contactNames: named.flatMap((c) => (c.accountId ? [{ accountId: c.accountId, name: c.name }] : [])),
  };
}
