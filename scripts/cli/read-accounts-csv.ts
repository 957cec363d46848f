import type { CreateAccountRequest, LeadSource } from "@sightline/shared";

/**
 * RFC 4180 CSV: comma-separated fields, double-quoted fields may hold commas, line breaks and
 * doubled quotes (""), CRLF or LF line ends, a UTF-8 byte-order mark ignored. Blank lines are skipped.
 * (Twenty lines of our own rather than a dependency: the CLI reads one small file of one shape.)
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const input = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (quoted) {
      if (ch === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && input[i + 1] === "\n") i++;
      row.push(field);
      if (row.some((f) => f !== "")) rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (quoted) throw new Error("unterminated quoted field");
  row.push(field);
  if (row.some((f) => f !== "")) rows.push(row);
  return rows;
}

/** Header spellings people use, by the field they mean ("Lead Source", "lead_source", "UTM Source"...). */
const COLUMNS: Record<string, keyof AccountCsvRow> = {
  name: "name",
  account_name: "name",
  account: "name",
  domain: "domains",
  domains: "domains",
  website: "domains",
  salesforce_id: "salesforceId",
  salesforce: "salesforceId",
  hubspot_id: "hubspotId",
  hubspot: "hubspotId",
  utm_source: "utmSource",
  utm_medium: "utmMedium",
  utm_campaign: "utmCampaign",
  lead_source: "crmLeadSource",
  crm_lead_source: "crmLeadSource",
  leadsource: "crmLeadSource",
};

type AccountCsvRow = Pick<CreateAccountRequest, "name" | "domains" | "salesforceId" | "hubspotId"> & LeadSource;

export interface AccountCsv {
  rows: Array<{ line: number; account: AccountCsvRow }>;
  /** Header columns nothing reads (told to the user, so a typo is not silently ignored). */
  ignoredColumns: string[];
}

/**
 * An accounts CSV (a header row, then one account per row): name (required), domains (separated by
 * spaces or semicolons; a website URL gives its host), Salesforce and HubSpot ids, and the lead
 * source: utm_source, utm_medium, utm_campaign, lead_source (the CRM's).
 */
export function readAccountsCsv(text: string): AccountCsv {
  const [header, ...body] = parseCsv(text);
  if (!header) throw new Error("the file is empty");
  const keys = header.map((h) =>
    h
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_|_$/g, ""),
  );
  const fields = keys.map((k) => COLUMNS[k]);
  if (!fields.includes("name")) throw new Error('the header has no "name" column');
  const value = (cells: string[], field: keyof AccountCsvRow) => {
    const i = fields.indexOf(field);
    const v = i >= 0 ? (cells[i] ?? "").trim() : "";
    return v === "" ? null : v;
  };
  return {
    ignoredColumns: header.filter((_, i) => fields[i] === undefined),
    rows: body.map((cells, n) => ({
      line: n + 2,
      account: {
        name: value(cells, "name") ?? "",
        domains: (value(cells, "domains") ?? "")
          .split(/[\s;]+/)
          .filter(Boolean)
          .map((d) =>
            d
              .replace(/^[a-z]+:\/\//i, "")
              .replace(/[/?#].*$/, "")
              .replace(/^www\./i, ""),
          ),
        salesforceId: value(cells, "salesforceId"),
        hubspotId: value(cells, "hubspotId"),
        utmSource: value(cells, "utmSource"),
        utmMedium: value(cells, "utmMedium"),
        utmCampaign: value(cells, "utmCampaign"),
        crmLeadSource: value(cells, "crmLeadSource"),
      },
    })),
  };
}
