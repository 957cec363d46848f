import {
  canonicalSalesforceId,
  HubspotIdSchema,
  type ImportAccountRow,
  type LeadSource,
  LeadSourceValueSchema,
  normalizeDomain,
} from "@sightline/shared";
import { and, eq, inArray, or } from "drizzle-orm";
import Papa from "papaparse";
import { accountDomains, accounts } from "../db/schema/index.ts";
import { ApiError } from "../platform/api-error.ts";
import type { Db } from "../platform/services.ts";

/** Rows one request takes: each written row is a D1 batch, and a request has a bounded number of them. */
export const MAX_IMPORT_ROWS = 500;

type Field = "name" | "domains" | "salesforceId" | "hubspotId" | keyof LeadSource;

/**
 * Header spellings, after lower-casing and turning runs of other characters into "_" ("Lead Source"
 * -> lead_source, "UTM-Source" -> utm_source). The first name of each field is the documented one;
 * the others are what the CLI's own reader took before the import moved here.
 */
const COLUMN_NAMES: Record<string, Field> = {
  name: "name",
  account: "name",
  account_name: "name",
  domains: "domains",
  domain: "domains",
  website: "domains",
  salesforce_id: "salesforceId",
  salesforceid: "salesforceId",
  salesforce: "salesforceId",
  hubspot_id: "hubspotId",
  hubspotid: "hubspotId",
  hubspot: "hubspotId",
  utm_source: "utmSource",
  utm_medium: "utmMedium",
  utm_campaign: "utmCampaign",
  lead_source: "crmLeadSource",
  crm_lead_source: "crmLeadSource",
  leadsource: "crmLeadSource",
};

/** The column a lead source field is reported under. */
const LEAD_SOURCE_COLUMNS: Record<keyof LeadSource, string> = {
  utmSource: "utm_source",
  utmMedium: "utm_medium",
  utmCampaign: "utm_campaign",
  crmLeadSource: "lead_source",
};

export interface ImportPlan {
  ignoredColumns: string[];
  rows: ImportAccountRow[];
}

/**
 * Reads the CSV (papaparse: quoted fields, embedded commas and newlines, a BOM) and decides, row by
 * row, what an import would do, against the organization's accounts and the file's own earlier
 * rows: every problem of a row is listed (a missing name, a malformed domain or CRM id, a domain or
 * CRM id of another account or of an earlier row), and a row with any is skipped. A row whose CRM id
 * or domain names one existing account updates it; otherwise it creates one.
 */
export async function planAccountImport(db: Db, organizationId: string, csv: string): Promise<ImportPlan> {
  const parsed = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ""), {
    header: true,
    skipEmptyLines: "greedy",
    transformHeader: (h) =>
      h
        .trim()
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "_")
        .replace(/^_|_$/g, ""),
  });
  const headers = parsed.meta.fields ?? [];
  if (!headers.some((h) => COLUMN_NAMES[h] === "name"))
    throw new ApiError(
      "bad_request",
      `csv: the first line must name the columns, one of them "name" (found: ${headers.join(", ") || "none"})`,
    );
  if (parsed.data.length > MAX_IMPORT_ROWS)
    throw new ApiError(
      "bad_request",
      `csv: at most ${MAX_IMPORT_ROWS} rows per import (this file has ${parsed.data.length}): split it`,
    );
  const ignoredColumns = headers.filter((h) => !COLUMN_NAMES[h]);
  const csvErrors = new Map<number, string[]>();
  for (const e of parsed.errors)
    if (e.row !== undefined) csvErrors.set(e.row, [...(csvErrors.get(e.row) ?? []), `csv: ${e.message}`]);

  const rows = parsed.data.map((record, index) => {
    const value = (field: Field) => {
      const header = headers.find((h) => COLUMN_NAMES[h] === field);
      const v = header ? (record[header] ?? "").trim() : "";
      return v === "" ? null : v;
    };
    const errors = [...(csvErrors.get(index) ?? [])];
    const name = value("name");
    if (!name) errors.push("name: missing");
    else if (name.length > 200) errors.push("name: longer than 200 characters");
    const domains: string[] = [];
    for (const raw of (value("domains") ?? "").split(/[;,\s]+/).filter(Boolean)) {
      const domain = normalizeDomain(raw);
      if (domain) domains.push(domain);
      else errors.push(`domains: "${raw.slice(0, 100)}" is not a domain`);
    }
    const rawSalesforce = value("salesforceId");
    const salesforceId = rawSalesforce ? canonicalSalesforceId(rawSalesforce) : null;
    if (rawSalesforce && !salesforceId) errors.push("salesforce_id: must be a 15 or 18 character Salesforce id");
    const hubspotId = value("hubspotId");
    if (hubspotId && !HubspotIdSchema.safeParse(hubspotId).success)
      errors.push("hubspot_id: must be a numeric HubSpot id");
    const leadSource = readLeadSource(value, errors);
    return {
      line: index + 2,
      name,
      domains: [...new Set(domains)],
      salesforceId,
      hubspotId,
      leadSource,
      action: "create" as ImportAccountRow["action"],
      accountId: null as string | null,
      errors,
    };
  });

  // What the organization already has under these domains and CRM ids, in a few queries.
  const allDomains = [...new Set(rows.flatMap((r) => r.domains))];
  const domainOwner = new Map<string, string>();
  for (let i = 0; i < allDomains.length; i += 90) {
    const found = await db
      .select({ domain: accountDomains.domain, accountId: accountDomains.accountId })
      .from(accountDomains)
      .where(
        and(
          eq(accountDomains.organizationId, organizationId),
          inArray(accountDomains.domain, allDomains.slice(i, i + 90)),
        ),
      );
    for (const f of found) domainOwner.set(f.domain, f.accountId);
  }
  const crmOwner = new Map<string, string>();
  const sf = [...new Set(rows.flatMap((r) => (r.salesforceId ? [r.salesforceId] : [])))];
  const hs = [...new Set(rows.flatMap((r) => (r.hubspotId ? [r.hubspotId] : [])))];
  for (let i = 0; i < Math.max(sf.length, hs.length); i += 45) {
    const found = await db
      .select({ id: accounts.id, salesforceId: accounts.salesforceId, hubspotId: accounts.hubspotId })
      .from(accounts)
      .where(
        and(
          eq(accounts.organizationId, organizationId),
          or(
            sf.slice(i, i + 45).length ? inArray(accounts.salesforceId, sf.slice(i, i + 45)) : undefined,
            hs.slice(i, i + 45).length ? inArray(accounts.hubspotId, hs.slice(i, i + 45)) : undefined,
          ),
        ),
      );
    for (const f of found) {
      if (f.salesforceId) crmOwner.set(`sf:${f.salesforceId}`, f.id);
      if (f.hubspotId) crmOwner.set(`hs:${f.hubspotId}`, f.id);
    }
  }

  // The CRM ids of the accounts rows match (by domain, or by one CRM id while naming the other):
  // a row must not replace an account's CRM id with a different one.
  const ownerIds = [...new Set([...domainOwner.values(), ...crmOwner.values()])];
  const ownerCrm = new Map<string, { salesforceId: string | null; hubspotId: string | null }>();
  for (let i = 0; i < ownerIds.length; i += 90) {
    const found = await db
      .select({ id: accounts.id, salesforceId: accounts.salesforceId, hubspotId: accounts.hubspotId })
      .from(accounts)
      .where(and(eq(accounts.organizationId, organizationId), inArray(accounts.id, ownerIds.slice(i, i + 90))));
    for (const f of found) ownerCrm.set(f.id, f);
  }

  const seenInFile = new Map<string, number>();
  for (const row of rows) {
    const keys = [
      ...(row.salesforceId ? [`sf:${row.salesforceId}`] : []),
      ...(row.hubspotId ? [`hs:${row.hubspotId}`] : []),
      ...row.domains.map((d) => `domain:${d}`),
    ];
    for (const key of keys) {
      const earlier = seenInFile.get(key);
      if (earlier !== undefined) row.errors.push(`${label(key)} is also on line ${earlier}`);
    }
    const owners = new Set<string>();
    const crmOwners = keys
      .flatMap((k) => (k.startsWith("domain:") ? [] : [crmOwner.get(k)]))
      .filter(Boolean) as string[];
    for (const o of crmOwners) owners.add(o);
    for (const d of row.domains) {
      const owner = domainOwner.get(d);
      if (owner) owners.add(owner);
    }
    if (owners.size > 1)
      row.errors.push(`these CRM ids and domains belong to different accounts (${[...owners].sort().join(", ")})`);
    else if (owners.size === 1) {
      row.action = "update";
      row.accountId = [...owners][0] ?? null;
      const has = row.accountId ? ownerCrm.get(row.accountId) : undefined;
      if (has?.salesforceId && row.salesforceId && has.salesforceId !== row.salesforceId)
        row.errors.push(
          `salesforce_id: the account this row matches (${row.accountId}) has Salesforce id ${has.salesforceId}, not replaced by ${row.salesforceId}`,
        );
      if (has?.hubspotId && row.hubspotId && has.hubspotId !== row.hubspotId)
        row.errors.push(
          `hubspot_id: the account this row matches (${row.accountId}) has HubSpot id ${has.hubspotId}, not replaced by ${row.hubspotId}`,
        );
    }
    for (const key of keys) if (!seenInFile.has(key)) seenInFile.set(key, row.line);
    if (row.errors.length) {
      row.action = "skip";
      row.accountId = null;
    }
  }
  return { ignoredColumns, rows };
}

/**
 * The row's lead source (the four columns as the shared input schema takes them), or null when the
 * row gives none: an import then leaves an existing account's lead source as it is. Any value given
 * sets all four, the empty ones to null, as `leadSource` does on `PATCH /accounts/{id}`.
 */
function readLeadSource(value: (field: Field) => string | null, errors: string[]): LeadSource | null {
  const given: LeadSource = {
    utmSource: value("utmSource"),
    utmMedium: value("utmMedium"),
    utmCampaign: value("utmCampaign"),
    crmLeadSource: value("crmLeadSource"),
  };
  if (Object.values(given).every((v) => v === null)) return null;
  let valid = true;
  for (const field of Object.keys(given) as Array<keyof LeadSource>) {
    const parsed = LeadSourceValueSchema.safeParse(given[field]);
    if (parsed.success) continue;
    valid = false;
    errors.push(`${LEAD_SOURCE_COLUMNS[field]}: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  }
  return valid ? given : null;
}

const label = (key: string) =>
  key.startsWith("sf:")
    ? `salesforce_id ${key.slice(3)}`
    : key.startsWith("hs:")
      ? `hubspot_id ${key.slice(3)}`
      : `domain ${key.slice(7)}`;
