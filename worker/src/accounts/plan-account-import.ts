import { canonicalSalesforceId, HubspotIdSchema, type ImportAccountRow, normalizeDomain } from "@sightline/shared";
import { and, eq, inArray, or } from "drizzle-orm";
import Papa from "papaparse";
import { accountDomains, accounts } from "../db/schema/index.ts";
import { ApiError } from "../platform/api-error.ts";
import type { Db } from "../platform/services.ts";

/** Rows one request takes: each written row is a D1 batch, and a request has a bounded number of them. */
export const MAX_IMPORT_ROWS = 500;

const COLUMN_NAMES: Record<string, "name" | "domains" | "salesforceId" | "hubspotId"> = {
  name: "name",
  account: "name",
  account_name: "name",
  domains: "domains",
  domain: "domains",
  salesforce_id: "salesforceId",
  salesforceid: "salesforceId",
  hubspot_id: "hubspotId",
  hubspotid: "hubspotId",
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
        .replace(/[\s-]+/g, "_"),
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
    const value = (field: string) => {
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
    return {
      line: index + 2,
      name,
      domains: [...new Set(domains)],
      salesforceId,
      hubspotId,
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
    }
    for (const key of keys) if (!seenInFile.has(key)) seenInFile.set(key, row.line);
    if (row.errors.length) {
      row.action = "skip";
      row.accountId = null;
    }
  }
  return { ignoredColumns, rows };
}

const label = (key: string) =>
  key.startsWith("sf:")
    ? `salesforce_id ${key.slice(3)}`
    : key.startsWith("hs:")
      ? `hubspot_id ${key.slice(3)}`
      : `domain ${key.slice(7)}`;
