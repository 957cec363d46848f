import { createRoute, z } from "@hono/zod-openapi";
import { CreateExportSchema, type DataExport, DataExportSchema, IdSchema, ListQuerySchema } from "@sightline/shared";
import { and, desc, eq } from "drizzle-orm";
import { requireAdmin, requireUser } from "../auth/middleware.ts";
import { accounts, dataExports } from "../db/schema/index.ts";
import { signExportLink } from "../exports/export-links.ts";
import { ApiError } from "../platform/api-error.ts";
import { newId } from "../platform/ids.ts";
import type { Services } from "../platform/services.ts";
import { bearerSecurity, createResourceApp, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers.ts";

/**
 * Exports (issue 13): an admin takes an account's or the whole organization's data away as a JSON
 * Lines archive. A queued job writes it to R2 in parts (exports/run-export.ts); the row is the
 * progress, and once done each read of it carries a fresh short-lived download link.
 */
export const exportsApp = createResourceApp();
exportsApp.use("*", requireUser, requireAdmin);
const tags = ["exports"];

async function exportView(services: Services, row: typeof dataExports.$inferSelect): Promise<DataExport> {
  const link = row.status === "done" ? await signExportLink(services, row.organizationId, row.id) : null;
  return {
    id: row.id,
    scope: row.scope,
    accountId: row.targetAccountId,
    requestedByUserId: row.requestedByUserId,
    status: row.status,
    phase: row.phase,
    lines: row.counts,
    parts: row.parts,
    bytes: row.bytes,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    completedAt: row.completedAt ? row.completedAt.toISOString() : null,
    download: link ? { url: `/exports/${link.token}`, expiresAt: link.expiresAt.toISOString() } : null,
  };
}

exportsApp.openapi(
  createRoute({
    method: "post",
    path: "/",
    summary: "Export the organization's data, or one account's, as a JSON Lines archive",
    description:
      "Accounts (with domains), contacts, conversations, transcript segments and insights, one JSON object per line with its `type`. Runs as a queued job; poll the export for progress and, once done, its download link.",
    tags,
    security: bearerSecurity,
    request: jsonBody(CreateExportSchema),
    responses: { 202: jsonResponse(DataExportSchema, "The export, queued"), ...errorResponses },
  }),
  async (c) => {
    const { services } = c.var;
    const { organizationId, userId } = c.var.principal;
    const body = c.req.valid("json");
    if (body.accountId) {
      const found = await services.db.query.accounts.findFirst({
        columns: { id: true },
        where: and(eq(accounts.organizationId, organizationId), eq(accounts.id, body.accountId)),
      });
      if (!found) throw ApiError.notFound("account");
    }
    const now = services.clock.now();
    const [row] = await services.db
      .insert(dataExports)
      .values({
        id: newId("exp"),
        organizationId,
        requestedByUserId: userId,
        scope: body.scope,
        targetAccountId: body.accountId ?? null,
        status: "pending",
        phase: "accounts",
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error("export insert returned nothing");
    await services.ingestQueue.send({ kind: "export_data", organizationId, exportId: row.id });
    services.log.info("export requested", { export: row.id, scope: row.scope, by: userId });
    return c.json(await exportView(services, row), 202);
  },
);

exportsApp.openapi(
  createRoute({
    method: "get",
    path: "/",
    summary: "The organization's exports, newest first",
    tags,
    security: bearerSecurity,
    request: { query: ListQuerySchema },
    responses: { 200: jsonResponse(z.object({ exports: z.array(DataExportSchema) }), "Exports"), ...errorResponses },
  }),
  async (c) => {
    const { limit } = c.req.valid("query");
    const rows = await c.var.services.db.query.dataExports.findMany({
      where: eq(dataExports.organizationId, c.var.principal.organizationId),
      orderBy: desc(dataExports.createdAt),
      limit,
    });
    return c.json({ exports: await Promise.all(rows.map((row) => exportView(c.var.services, row))) }, 200);
  },
);

exportsApp.openapi(
  createRoute({
    method: "get",
    path: "/{id}",
    summary: "One export: its progress, and once done a download link that works for a few minutes",
    tags,
    security: bearerSecurity,
    request: { params: z.object({ id: IdSchema }) },
    responses: { 200: jsonResponse(DataExportSchema, "The export"), ...errorResponses },
  }),
  async (c) => {
    const row = await c.var.services.db.query.dataExports.findFirst({
      where: and(
        eq(dataExports.organizationId, c.var.principal.organizationId),
        eq(dataExports.id, c.req.valid("param").id),
      ),
    });
    if (!row) throw ApiError.notFound("export");
    return c.json(await exportView(c.var.services, row), 200);
  },
);
