// Subpath import: the shared barrel would pull zod into the content script.
import { canonicalSalesforceId } from "@sightline/shared/accounts/salesforce-id";
import { domainOf, hasText, isVisible, parseUrl, queryChain, queryFirst, queryPath, textOf } from "./dom.ts";
import { SALESFORCE } from "./selectors.ts";

/** What a Salesforce Lightning page says about the account it is about. */
export interface SalesforceRecord {
  crm: "salesforce";
  /** API name of the record's object ("Account", "Opportunity", "Contact", "Lead", "Foo__c"), or null when the URL does not say and the id prefix is not a known one. */
  objectType: string | null;
  /** The record in the URL, as the URL spells it (Lightning uses 18-character ids). */
  recordId: string;
  /** The account's name: the record's own on Account pages, the Account Name lookup's otherwise. */
  accountName?: string;
  /** The Account's Website field as shown, and its host name. Account pages only. */
  website?: string;
  domain?: string;
  /** The account: the record itself on Account pages, the Account Name lookup's target otherwise. */
  accountRecordId?: string;
}

export interface SalesforceUrlMatch {
  objectType: string | null;
  recordId: string;
}

/** Key prefixes of the standard objects the sidebar cares about. */
const KEY_PREFIXES: Record<string, string> = {
  "001": "Account",
  "003": "Contact",
  "006": "Opportunity",
  "00Q": "Lead",
};
const ACCOUNT_PREFIX = "001";

const HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.lightning\.force\.com$/;

/** Whether a URL is a Salesforce Lightning page (any page of an org's `*.lightning.force.com`). */
export function isLightningUrl(url: URL): boolean {
  return url.protocol === "https:" && HOST.test(url.hostname);
}
const ID = "[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?";
/** `/lightning/r/<Object>/<id>/view` (also `/edit`, `/related/<List>/view`) and `/lightning/r/<id>/view`. */
const RECORD_PATH = new RegExp(`^/lightning/r/(?:([A-Za-z][A-Za-z0-9_]*)/)?(${ID})(?:/[^?#]*)?$`);
/** Older Lightning: `/one/one.app#/sObject/<id>[/view]`. */
const SOBJECT_HASH = new RegExp(`^#/sObject/(${ID})(?:/[A-Za-z]*)?/?(?:\\?.*)?$`);

/**
 * The 18-character form of a 15- or 18-character Salesforce id, or null. Stricter than the shared
 * canonical form: an 18-character id whose checksum does not match is rejected (a mangled URL).
 */
export function salesforceId18(id: string): string | null {
  const canonical = canonicalSalesforceId(id);
  if (!canonical) return null;
  if (id.length === 18 && id.slice(15).toUpperCase() !== canonical.slice(15)) return null;
  return canonical;
}

/** Whether two ids (15 or 18 characters) name the same record. */
export function sameSalesforceId(a: string, b: string): boolean {
  return a.slice(0, 15) === b.slice(0, 15);
}

function objectTypeFor(explicit: string | undefined, id: string): string | null {
  return explicit ?? KEY_PREFIXES[id.slice(0, 3)] ?? null;
}

/** The record a Lightning URL shows, or null (list views, home, setup, other hosts, malformed ids). */
export function matchSalesforceUrl(input: string | URL): SalesforceUrlMatch | null {
  const url = parseUrl(input);
  if (!url || !isLightningUrl(url)) return null;
  const path = RECORD_PATH.exec(url.pathname);
  if (path?.[2]) {
    if (!salesforceId18(path[2])) return null;
    return { objectType: objectTypeFor(path[1], path[2]), recordId: path[2] };
  }
  if (url.pathname === "/one/one.app") {
    const hash = SOBJECT_HASH.exec(url.hash);
    if (hash?.[1] && salesforceId18(hash[1])) {
      return { objectType: objectTypeFor(undefined, hash[1]), recordId: hash[1] };
    }
  }
  return null;
}

/** The record id a Lightning link points to: its `data-recordid`, else its href. */
function linkedRecordId(link: Element): string | null {
  const attr = link.getAttribute("data-recordid");
  if (attr && salesforceId18(attr)) return attr;
  const href = link.getAttribute("href");
  if (!href) return null;
  const match =
    new RegExp(`/lightning/r/(?:[A-Za-z][A-Za-z0-9_]*/)?(${ID})(?:/|$)`).exec(href) ??
    new RegExp(`^/(${ID})(?:[/?#]|$)`).exec(href);
  return match?.[1] && salesforceId18(match[1]) ? match[1] : null;
}

/**
 * Whether a view shows the record in the URL. A view whose related-list links all point to another
 * record belongs to that record (the previous page, still visible while the next one renders). A view
 * with no such links is trusted.
 */
function viewShowsRecord(view: Element, recordId: string): boolean {
  const ids = queryPath(view, SALESFORCE.relatedListLink[0])
    .map(linkedRecordId)
    .filter((id): id is string => id !== null);
  return ids.length === 0 || ids.some((id) => sameSalesforceId(id, recordId));
}

/** The visible record view for `recordId`, or null while none is shown. */
export function visibleSalesforceView(doc: Document, recordId: string): Element | null {
  const match = queryChain(doc, SALESFORCE.view, (el) => isVisible(el) && viewShowsRecord(el, recordId));
  if (!match) return null;
  return match.elements.find((el) => el.classList.contains("active")) ?? match.elements[0] ?? null;
}

/** "Acme | Account | Salesforce" -> "Acme" (the last resort for an Account's name). */
function nameFromTitle(title: string): string | null {
  const parts = title.split(" | ").map((part) => part.trim());
  if (parts.length < 2 || parts[parts.length - 1] !== "Salesforce") return null;
  const name = parts[0];
  return name && name !== "Salesforce" ? name : null;
}

function websiteValue(el: Element): string | null {
  const text = textOf(el);
  if (text) return text;
  const href = el.querySelector("a[href]")?.getAttribute("href") ?? null;
  return href?.trim() || null;
}

function accountLink(view: Element): { id: string; name: string | null } | null {
  for (const path of SALESFORCE.accountLookup) {
    const links = queryPath(view, path)
      .filter(isVisible)
      .map((el) => ({ el, id: linkedRecordId(el) }))
      .filter((link): link is { el: Element; id: string } => link.id?.startsWith(ACCOUNT_PREFIX) ?? false);
    const first = links[0];
    if (!first) continue;
    if (links.some((link) => !sameSalesforceId(link.id, first.id))) continue; // ambiguous
    return { id: first.id, name: textOf(first.el) ?? first.el.getAttribute("title")?.trim() ?? null };
  }
  return null;
}

/**
 * Reads a Salesforce Lightning record page. The record comes from the URL; names, the website and the
 * account lookup come from the visible record view only (null fields until it has rendered). Null when
 * the URL is not a record page.
 */
export function readSalesforcePage(url: string | URL, doc: Document): SalesforceRecord | null {
  const match = matchSalesforceUrl(url);
  if (!match) return null;
  const record: SalesforceRecord = { crm: "salesforce", objectType: match.objectType, recordId: match.recordId };
  const view = visibleSalesforceView(doc, match.recordId);

  if (match.objectType === "Account") {
    record.accountRecordId = match.recordId;
    // The title is only trusted once the record's view is shown (before that it may be the previous page's).
    const name = view ? (textOf(queryFirst(view, SALESFORCE.recordName, hasText)) ?? nameFromTitle(doc.title)) : null;
    if (name) record.accountName = name;
    const websiteEl = view ? queryFirst(view, SALESFORCE.website, (el) => websiteValue(el) !== null) : null;
    const website = websiteEl ? websiteValue(websiteEl) : null;
    if (website) {
      record.website = website;
      const domain = domainOf(website);
      if (domain) record.domain = domain;
    }
    return record;
  }

  const account = view ? accountLink(view) : null;
  if (account) {
    record.accountRecordId = account.id;
    if (account.name) record.accountName = account.name;
  }
  return record;
}
