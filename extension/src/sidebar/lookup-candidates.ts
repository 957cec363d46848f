import type { HostPage } from "../host-pages/navigation.ts";
import { type LookupQuery, MAX_LOOKUP_CANDIDATES } from "../shared/messages.ts";

/** What the sidebar asks the background to resolve for a page, and how it says so to the user. */
export interface PageLookup {
  /** Stable while the page shows the same thing: an unchanged key never triggers a new lookup. */
  key: string;
  /** The record or thread the page is about; a new key with the same identity is the page finishing rendering, not a navigation. */
  identity: string;
  candidates: LookupQuery[];
  /** "Salesforce account 001…, www.globex.com, Globex Corporation": shown when nothing matched. */
  lookedUp: string;
}

/**
 * Maps a host page to lookup questions, strongest evidence first. One CRM question carries the record
 * id with the website's domain and the name as fallbacks (the backend tries them in that order);
 * a mail thread asks about each participant in turn (the user's own address is already left out).
 * Null when the page gives nothing to look up (a list view, a thread that has not rendered yet).
 */
export function pageLookup(page: HostPage | null): PageLookup | null {
  if (!page) return null;
  switch (page.host) {
    case "salesforce": {
      const { record } = page;
      const query: LookupQuery = {};
      if (record.accountRecordId) Object.assign(query, { crm: "salesforce", crmId: record.accountRecordId });
      if (record.domain) query.domain = record.domain;
      if (record.accountName) query.name = record.accountName;
      return crmLookup(`salesforce:${record.recordId}`, query, [
        record.accountRecordId && `Salesforce account ${record.accountRecordId}`,
        record.website ?? record.domain,
        record.accountName,
      ]);
    }
    case "hubspot": {
      const { record } = page;
      const query: LookupQuery = {};
      if (record.companyId) Object.assign(query, { crm: "hubspot", crmId: record.companyId });
      if (record.domain) query.domain = record.domain;
      if (record.name) query.name = record.name;
      return crmLookup(`hubspot:${record.portalId}:${record.recordId}`, query, [
        record.companyId && `HubSpot company ${record.companyId}`,
        record.domain,
        record.name,
      ]);
    }
    case "gmail": {
      const { thread } = page;
      const own = thread.userEmail?.toLowerCase();
      const emails = thread.participants.filter((email) => email !== own).slice(0, MAX_LOOKUP_CANDIDATES);
      if (emails.length === 0) return null;
      const candidates = emails.map((email) => ({ email }));
      return {
        key: JSON.stringify(candidates),
        identity: `gmail:${thread.accountIndex}:${thread.threadToken}`,
        candidates,
        lookedUp: emails.join(", "),
      };
    }
  }
}

function crmLookup(identity: string, query: LookupQuery, described: (string | undefined)[]): PageLookup | null {
  if (Object.keys(query).length === 0) return null;
  return {
    key: JSON.stringify([query]),
    identity,
    candidates: [query],
    lookedUp: described.filter((part): part is string => Boolean(part)).join(", "),
  };
}
