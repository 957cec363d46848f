import { emailDomain, isFreeMailDomain, parentDomains } from "@sightline/shared";
import { personNamesMatch } from "./person-name.ts";

/** What routing knows about a conversation and the organization's accounts (loaded by load-routing-evidence.ts). */
export interface RoutingEvidence {
  /** Participants' e-mail addresses, lower-cased. */
  emails: readonly string[];
  /** Names heard or seen in the meeting: transcript speakers and participant display names. */
  names: readonly string[];
  /** The organization's own domains: these participants are never evidence for a customer. */
  ourDomains: ReadonlySet<string>;
  /** Sightline users' e-mails, lower-cased: also "ours". */
  userEmails: ReadonlySet<string>;
  /** Registered account domains (only those relevant to `emails` need to be present). */
  accountByDomain: ReadonlyMap<string, string>;
  /** Contacts with an account, by lower-cased e-mail. */
  accountByContactEmail: ReadonlyMap<string, string>;
  /** Contacts with an account, for name matching. */
  contactNames: ReadonlyArray<{ accountId: string; name: string }>;
  /** Participants' phone numbers in E.164 (Zoom Contact Center consumers), and contacts' accounts by theirs. */
  phones?: readonly string[];
  accountByContactPhone?: ReadonlyMap<string, string>;
}

export type RoutingDecision =
  | { routing: "auto"; accountId: string; matchedBy: "email" | "name" | "crm" }
  | { routing: "unassigned"; candidates: string[] };

/** True when the address belongs to our side: one of our domains (or a subdomain of one) or a user. */
export function isOurEmail(email: string, evidence: Pick<RoutingEvidence, "ourDomains" | "userEmails">): boolean {
  if (evidence.userEmails.has(email)) return true;
  const domain = emailDomain(email);
  return domain !== null && parentDomains(domain).some((d) => evidence.ourDomains.has(d));
}

/**
 * The account an address points at: a contact's exact address first, then its domain or the most
 * specific registered parent domain (eu.acme.com -> acme.com). Free-mail domains say nothing about
 * an employer, so they count only through an exact contact address.
 */
export function accountForEmail(
  email: string,
  evidence: Pick<RoutingEvidence, "accountByDomain" | "accountByContactEmail">,
): string | null {
  const byContact = evidence.accountByContactEmail.get(email);
  if (byContact) return byContact;
  const domain = emailDomain(email);
  if (!domain || isFreeMailDomain(domain)) return null;
  for (const candidate of parentDomains(domain)) {
    const account = evidence.accountByDomain.get(candidate);
    if (account) return account;
  }
  return null;
}

/**
 * Chooses the conversation's account. E-mail evidence is strong and decides alone when it exists;
 * names are only consulted when no address pointed anywhere. Exactly one candidate routes
 * automatically; several are a conflict a person must settle, so the conversation stays unassigned.
 */
export function scoreRouting(evidence: RoutingEvidence): RoutingDecision {
  const byEmail = new Set<string>();
  for (const email of evidence.emails) {
    if (isOurEmail(email, evidence)) continue;
    const account = accountForEmail(email, evidence);
    if (account) byEmail.add(account);
  }
  // A contact's phone number is as strong as their address (both identify one person).
  for (const phone of evidence.phones ?? []) {
    const account = evidence.accountByContactPhone?.get(phone);
    if (account) byEmail.add(account);
  }
  if (byEmail.size > 0) return decide(byEmail, "email");
  const byName = new Set<string>();
  for (const contact of evidence.contactNames)
    if (evidence.names.some((name) => personNamesMatch(name, contact.name))) byName.add(contact.accountId);
  return decide(byName, "name");
}

function decide(candidates: Set<string>, matchedBy: "email" | "name"): RoutingDecision {
  const [only] = candidates;
  if (candidates.size === 1 && only) return { routing: "auto", accountId: only, matchedBy };
  return { routing: "unassigned", candidates: [...candidates].sort() };
}
