import { z } from "zod";
import { IdSchema } from "./common.ts";
import { LeadSourceSchema } from "./lead-source.ts";

/**
 * Importing accounts from CSV (the admin console's accounts screen, and the CLI's `import-accounts`):
 * the first line names the columns (`name` required; `domains` (several separated by `;`, `,` or
 * spaces; a website URL gives its host), `salesforce_id`, `hubspot_id`, and the lead source
 * `utm_source`, `utm_medium`, `utm_campaign`, `lead_source` (the CRM's) optional; other columns are
 * listed as ignored). A row matched to an existing account (by domain, or by one of its CRM ids)
 * keeps that account's CRM ids: a different one in the row is a row error.
 * Without `commit` nothing is written: the answer is the preview, each row with what would happen
 * and its errors. With `commit: true` the rows without errors are written and the others reported.
 */
export const ImportAccountsRequestSchema = z.object({
  csv: z.string().min(1).max(200_000, "at most 200,000 characters: split the file"),
  commit: z.boolean().default(false),
});
export type ImportAccountsRequest = z.infer<typeof ImportAccountsRequestSchema>;

export const ImportAccountRowSchema = z.object({
  /** The row's line in the file (the header is line 1). */
  line: z.number().int(),
  name: z.string().nullable(),
  domains: z.array(z.string()),
  salesforceId: z.string().nullable(),
  hubspotId: z.string().nullable(),
  /** The lead source the row sets (all four parts; null: the row gives none, an existing account's stays). */
  leadSource: LeadSourceSchema.nullable(),
  /** create: a new account; update: the existing account with its CRM id or one of its domains (domains are added); skip: not written because of errors. */
  action: z.enum(["create", "update", "skip"]),
  accountId: IdSchema.nullable(),
  errors: z.array(z.string()),
});
export type ImportAccountRow = z.infer<typeof ImportAccountRowSchema>;

export const ImportAccountsResponseSchema = z.object({
  committed: z.boolean(),
  ignoredColumns: z.array(z.string()),
  summary: z.object({ create: z.number().int(), update: z.number().int(), skip: z.number().int() }),
  rows: z.array(ImportAccountRowSchema),
});
export type ImportAccountsResponse = z.infer<typeof ImportAccountsResponseSchema>;
