import { createRoute } from "@hono/zod-openapi";
import { ImportAccountsRequestSchema, ImportAccountsResponseSchema } from "@sightline/shared";
import { createAccount, loadDomains, updateAccount } from "../accounts/account-store.ts";
import { planAccountImport } from "../accounts/plan-account-import.ts";
import { requireAdmin, requireUser } from "../auth/middleware.ts";
import { ApiError } from "../platform/api-error.ts";
import { bearerSecurity, createResourceApp, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers.ts";

/**
 * `POST /accounts/import`: accounts from a CSV file, previewed first (what each row would do, and
 * its errors), then committed: rows without errors are created or update the account they name;
 * rows with errors are reported and not written. Admins only.
 */
export const accountImportApp = createResourceApp();
accountImportApp.use("/import", requireUser, requireAdmin);

accountImportApp.openapi(
  createRoute({
    method: "post",
    path: "/import",
    summary: "Import accounts from CSV: a preview with per-row errors, or (commit: true) the import itself",
    description:
      "Columns: name (required), domains (separated by ; , or spaces), salesforce_id, hubspot_id. A row whose CRM id or domain belongs to an existing account updates it (its domains are added to the account's); otherwise a new account is created. At most 500 rows per request.",
    tags: ["accounts"],
    security: bearerSecurity,
    request: jsonBody(ImportAccountsRequestSchema),
    responses: {
      200: jsonResponse(ImportAccountsResponseSchema, "The preview, or what was written"),
      ...errorResponses,
    },
  }),
  async (c) => {
    const { db, clock, log } = c.var.services;
    const { organizationId } = c.var.principal;
    const { csv, commit } = c.req.valid("json");
    const plan = await planAccountImport(db, organizationId, csv);
    if (commit) {
      for (const row of plan.rows) {
        if (row.action === "skip" || !row.name) continue;
        try {
          if (row.action === "create") {
            const created = await createAccount(
              db,
              organizationId,
              {
                name: row.name,
                domains: row.domains,
                salesforceId: row.salesforceId,
                hubspotId: row.hubspotId,
                leadSource: null,
                ownerUserId: null,
              },
              clock.now(),
            );
            row.accountId = created.row.id;
          } else if (row.accountId) {
            const current = (await loadDomains(db, organizationId, [row.accountId])).get(row.accountId) ?? [];
            await updateAccount(
              db,
              organizationId,
              row.accountId,
              {
                name: row.name,
                domains: [...new Set([...current, ...row.domains])],
                ...(row.salesforceId ? { salesforceId: row.salesforceId } : {}),
                ...(row.hubspotId ? { hubspotId: row.hubspotId } : {}),
              },
              clock.now(),
            );
          }
        } catch (err) {
          // A row another writer made conflicting since the preview: reported, the others still go in.
          if (!(err instanceof ApiError)) throw err;
          row.errors.push(err.message);
          row.action = "skip";
          row.accountId = null;
        }
      }
      log.info("accounts imported", { rows: plan.rows.length });
    }
    const count = (action: string) => plan.rows.filter((r) => r.action === action).length;
    return c.json(
      {
        committed: commit,
        ignoredColumns: plan.ignoredColumns,
        summary: { create: count("create"), update: count("update"), skip: count("skip") },
        rows: plan.rows,
      },
      200,
    );
  },
);
