import { domainOf, hasText, isVisible, parseUrl, queryChain, queryFirst, queryPath, textOf } from "./dom.ts";
import { HUBSPOT } from "./selectors.ts";

/** What a HubSpot CRM record page says about the company it is about. */
export interface HubSpotRecord {
  crm: "hubspot";
  portalId: string;
  /** "0-1" contact, "0-2" company, "0-3" deal, "0-5" ticket, "2-…" custom objects. */
  objectTypeId: string;
  recordId: string;
  /** The company: the record itself on company pages, the associated (primary) company otherwise. */
  companyId?: string;
  /** The company's name and domain, when the page shows them. */
  name?: string;
  domain?: string;
}

export interface HubSpotUrlMatch {
  portalId: string;
  objectTypeId: string;
  recordId: string;
}

export const HUBSPOT_OBJECT_TYPES = { contact: "0-1", company: "0-2", deal: "0-3", ticket: "0-5" } as const;

/** app.hubspot.com and its regional data centres (app-eu1, app-na2, app-ap1, …). */
const HOST = /^app(-[a-z]{2}\d+)?\.hubspot\.com$/;
const RECORD_PATH = /^\/contacts\/(\d+)\/record\/(\d+-\d+)\/(\d+)(?:\/[^?#]*)?$/;
/** Older URLs, still linked from e-mails and bookmarks. */
const LEGACY_PATH = /^\/contacts\/(\d+)\/(contact|company|deal|ticket)\/(\d+)(?:\/[^?#]*)?$/;

/** Whether a URL is a page of the HubSpot app (any data centre). */
export function isHubSpotAppUrl(url: URL): boolean {
  return url.protocol === "https:" && HOST.test(url.hostname);
}

/** The record a HubSpot URL shows, or null (index pages, other apps, other hosts). */
export function matchHubSpotUrl(input: string | URL): HubSpotUrlMatch | null {
  const url = parseUrl(input);
  if (!url || !isHubSpotAppUrl(url)) return null;
  const record = RECORD_PATH.exec(url.pathname);
  if (record?.[1] && record[2] && record[3]) {
    return { portalId: record[1], objectTypeId: record[2], recordId: record[3] };
  }
  const legacy = LEGACY_PATH.exec(url.pathname);
  if (legacy?.[1] && legacy[2] && legacy[3]) {
    const type = HUBSPOT_OBJECT_TYPES[legacy[2] as keyof typeof HUBSPOT_OBJECT_TYPES];
    return { portalId: legacy[1], objectTypeId: type, recordId: legacy[3] };
  }
  return null;
}

/** The company id a link points to (`/record/0-2/<id>` or the older `/company/<id>`). */
function linkedCompanyId(link: Element): string | null {
  const href = link.getAttribute("href") ?? "";
  return /\/contacts\/\d+\/(?:record\/0-2|company)\/(\d+)(?:[/?#]|$)/.exec(href)?.[1] ?? null;
}

function propertyValue(el: Element): string | null {
  if (el instanceof HTMLInputElement) return el.value.trim() || null;
  return textOf(el);
}

interface AssociatedCompany {
  id: string;
  name: string | null;
}

/**
 * The company a contact, deal or ticket belongs to, from the right sidebar's association card that
 * links to companies: the one tagged primary, else the only one. Several companies and no primary tag
 * is ambiguous (null): better no sidebar than the wrong account's.
 */
function associatedCompany(doc: Document): AssociatedCompany | null {
  const sidebar = queryFirst(doc, HUBSPOT.rightSidebar, isVisible);
  if (!sidebar) return null;
  const cards = queryChain(sidebar, HUBSPOT.card, (card) => isVisible(card) && companyLinks(card).length > 0);
  const card = cards?.elements[0];
  if (!card) return null;
  const links = companyLinks(card);
  const primary = links.filter(({ el }) => hasPrimaryTag(el, card));
  const pick = primary.length > 0 ? primary : links;
  const first = pick[0];
  if (!first || pick.some((link) => link.id !== first.id)) return null;
  return { id: first.id, name: textOf(first.el) };
}

function companyLinks(card: Element): { el: Element; id: string }[] {
  const match = queryChain(card, HUBSPOT.companyLink, (el) => isVisible(el) && linkedCompanyId(el) !== null);
  return (match?.elements ?? []).map((el) => ({ el, id: linkedCompanyId(el) ?? "" }));
}

/** Whether the association entry around `link` (its ancestors below the card) carries a primary tag. */
function hasPrimaryTag(link: Element, card: Element): boolean {
  for (let node = link.parentElement; node && node !== card; node = node.parentElement) {
    // Stop at the first ancestor that holds more than this one company: that is the list, not the entry.
    const others = queryPath(node, HUBSPOT.companyLink[0]).filter(
      (el) => linkedCompanyId(el) !== linkedCompanyId(link),
    );
    if (others.length > 0) return false;
    if (queryFirst(node, HUBSPOT.primaryTag, isVisible)) return true;
  }
  return false;
}

/**
 * Reads a HubSpot record page. The record comes from the URL; a company's name and domain come only
 * from its highlight card (association cards carry other records' names); for contacts, deals and
 * tickets, the associated company comes from the right sidebar. Null when the URL is not a record.
 */
export function readHubSpotPage(url: string | URL, doc: Document): HubSpotRecord | null {
  const match = matchHubSpotUrl(url);
  if (!match) return null;
  const record: HubSpotRecord = { crm: "hubspot", ...match };

  if (match.objectTypeId === HUBSPOT_OBJECT_TYPES.company) {
    record.companyId = match.recordId;
    const card = queryFirst(doc, HUBSPOT.highlightCard, isVisible);
    if (card) {
      const name = textOf(queryFirst(card, HUBSPOT.name, (el) => isVisible(el) && hasText(el)));
      if (name) record.name = name;
      const domainEl = queryFirst(card, HUBSPOT.domain, (el) => domainOf(propertyValue(el)) !== null);
      const domain = domainEl ? domainOf(propertyValue(domainEl)) : null;
      if (domain) record.domain = domain;
    }
    return record;
  }

  const company = associatedCompany(doc);
  if (company) {
    record.companyId = company.id;
    if (company.name) record.name = company.name;
  }
  return record;
}
