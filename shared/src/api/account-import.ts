import { z } from "zod";
import { IdSchema } from "./common.ts";

/**
 * Importing accounts from CSV (the admin console's accounts screen, and the CLI): the first line
 * names the columns (`name` required; `domains` (several separated by `;`, `,` or spaces),
 * `salesforce_id`, `hubspot_id` optional; other columns are listed as ignored: lead source is the
 * lead-source work's to add here, in its own input shape).
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
