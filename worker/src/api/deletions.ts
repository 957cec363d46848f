import { createRoute, z } from "@hono/zod-openapi";
import { CreateDeletionSchema, type Deletion, DeletionSchema, IdSchema, ListQuerySchema } from "@sightline/shared";
import { and, desc, eq } from "drizzle-orm";
import { requireAdmin, requireUser } from "../auth/middleware.ts";
import { accounts, connections, deletionRequests, users } from "../db/schema/index.ts";
import { ApiError } from "../platform/api-error.ts";
import { newId } from "../platform/ids.ts";
import type { Db } from "../platform/services.ts";
import { bearerSecurity, createResourceApp, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers.ts";

/**
 * Deleting conversations by scope and date range, as a button rather than an e-mail to support: the
 * request is an audit row (who, when, scope, and afterwards counts of what went: never content),
 * the work a queued job (deletions/run-deletion.ts) whose progress the row shows. Admins only.
 */
export const deletionsApp = createResourceApp();
deletionsApp.use("*", requireUser, requireAdmin);
const tags = ["deletions"];

type DeletionRow = typeof deletionRequests.$inferSelect;

export function deletionView(row: DeletionRow): Deletion {
  return {
    id: row.id,
    scope: row.scope,
    userId: row.targetUserId,
    accountId: row.targetAccountId,
    connectionId: row.targetConnectionId,
    from: row.fromAt ? row.fromAt.toISOString() : null,
    to: row.toAt ? row.toAt.toISOString() : null,
    requestedByUserId: row.scope === "retention" ? null : row.requestedByUserId,
    archivesBefore: row.archivesBefore ? row.archivesBefore.toISOString() : null,
    status: row.status,
    conversationsFound: row.conversationsFound,
    deleted: {
      conversations: row.conversationsDeleted,
      transcriptSegments: row.segmentsDeleted,
      insights: row.insightsDeleted,
      participants: row.participantsDeleted,
      webhookEvents: row.webhookEventsDeleted,
      storedObjects: row.objectsDeleted,
      expiredArchives: row.archivesExpired,
    },
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    completedAt: row.completedAt ? row.completedAt.toISOString() : null,
  };
}

/** The target must be the organization's own: another organization's id is a 404 like a missing one. */
async function requireTarget(db: Db, organizationId: string, body: z.infer<typeof CreateDeletionSchema>) {
  if (body.userId) {
    const found = await db.query.users.findFirst({
      columns: { id: true },
      where: and(eq(users.organizationId, organizationId), eq(users.id, body.userId)),
    });
    if (!found) throw ApiError.notFound("user");
  }
  if (body.accountId) {
    const found = await db.query.accounts.findFirst({
      columns: { id: true },
      where: and(eq(accounts.organizationId, organizationId), eq(accounts.id, body.accountId)),
    });
    if (!found) throw ApiError.notFound("account");
  }
  if (body.connectionId) {
    const found = await db.query.connections.findFirst({
      columns: { id: true },
      where: and(eq(connections.organizationId, organizationId), eq(connections.id, body.connectionId)),
    });
    if (!found) throw ApiError.notFound("connection");
  }
}

deletionsApp.openapi(
  createRoute({
    method: "post",
    path: "/",
    summary:
      "Delete conversations (everything, one user's, one account's or one connection's), optionally in a date range",
    description:
      "Runs as a queued job: conversations, transcripts (and their search index), participants, insights, archived webhook bodies, stored files and cached model answers go; rollups are rebuilt; a tombstone keeps a deleted call from being imported again. The answer is the audit record; poll it for progress.",
    tags,
    security: bearerSecurity,
    request: jsonBody(CreateDeletionSchema),
    responses: { 202: jsonResponse(DeletionSchema, "The deletion, queued"), ...errorResponses },
  }),
  async (c) => {
    const { db, clock, ingestQueue, log } = c.var.services;
    const { organizationId, userId } = c.var.principal;
    const body = c.req.valid("json");
    await requireTarget(db, organizationId, body);
    const now = clock.now();
    const [row] = await db
      .insert(deletionRequests)
      .values({
        id: newId("del"),
        organizationId,
        requestedByUserId: userId,
        scope: body.scope,
        fromAt: body.from ? new Date(body.from) : null,
        toAt: body.to ? new Date(body.to) : null,
        targetUserId: body.userId ?? null,
        targetAccountId: body.accountId ?? null,
        targetConnectionId: body.connectionId ?? null,
        status: "pending",
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error("deletion insert returned nothing");
    await ingestQueue.send({ kind: "delete_data", organizationId, deletionId: row.id });
    log.info("deletion requested", { deletion: row.id, scope: row.scope, by: userId });
    return c.json(deletionView(row), 202);
  },
);

deletionsApp.openapi(
  createRoute({
    method: "get",
    path: "/",
    summary: "The organization's deletions, newest first (the audit log)",
    tags,
    security: bearerSecurity,
    request: { query: ListQuerySchema },
    responses: {
      200: jsonResponse(z.object({ deletions: z.array(DeletionSchema) }), "Deletions"),
      ...errorResponses,
    },
  }),
  async (c) => {
    const { limit } = c.req.valid("query");
    const rows = await c.var.services.db.query.deletionRequests.findMany({
      where: eq(deletionRequests.organizationId, c.var.principal.organizationId),
      orderBy: desc(deletionRequests.createdAt),
      limit,
    });
    return c.json({ deletions: rows.map(deletionView) }, 200);
  },
);

deletionsApp.openapi(
  createRoute({
    method: "get",
    path: "/{id}",
    summary: "One deletion and its progress",
    tags,
    security: bearerSecurity,
    request: { params: z.object({ id: IdSchema }) },
    responses: { 200: jsonResponse(DeletionSchema, "The deletion"), ...errorResponses },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const row = await c.var.services.db.query.deletionRequests.findFirst({
      where: and(eq(deletionRequests.organizationId, c.var.principal.organizationId), eq(deletionRequests.id, id)),
    });
    if (!row) throw ApiError.notFound("deletion");
    return c.json(deletionView(row), 200);
  },
);
