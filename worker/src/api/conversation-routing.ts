import { createRoute, z } from "@hono/zod-openapi";
import {
  AssignConversationRequestSchema,
  IdSchema,
  ListQuerySchema,
  UnassignedConversationSchema,
} from "@sightline/shared";
import { and, desc, eq, inArray } from "drizzle-orm";
import { getAccount } from "../accounts/account-store.ts";
import { requireAdmin, requireUser } from "../auth/middleware.ts";
import { conversations, participants } from "../db/schema/index.ts";
import { moveConversation } from "../insights/insight-writer.ts";
import { ApiError } from "../platform/api-error.ts";
import { bearerSecurity, createResourceApp, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers.ts";

/** Admins route what automatic routing could not: the unassigned list, and manual assignment. */
export const conversationRoutingApp = createResourceApp();
// Mounted beside conversationsApp under /conversations: a "*" admin guard here would also guard its
// member routes, so the admin check is per route.
conversationRoutingApp.use("*", requireUser);
const tags = ["conversations"];

conversationRoutingApp.openapi(
  createRoute({
    method: "get",
    path: "/unassigned",
    summary: "Conversations no account could be chosen for, newest first",
    tags,
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: { query: ListQuerySchema },
    responses: {
      200: jsonResponse(z.object({ conversations: z.array(UnassignedConversationSchema) }), "Unassigned conversations"),
      ...errorResponses,
    },
  }),
  async (c) => {
    const { limit } = c.req.valid("query");
    const { db } = c.var.services;
    const { organizationId } = c.var.principal;
    const rows = await db.query.conversations.findMany({
      where: and(eq(conversations.organizationId, organizationId), eq(conversations.routing, "unassigned")),
      orderBy: desc(conversations.startedAt),
      limit,
    });
    const people = rows.length
      ? await db
          .select({ conversationId: participants.conversationId, name: participants.name, email: participants.email })
          .from(participants)
          .where(
            and(
              eq(participants.organizationId, organizationId),
              inArray(
                participants.conversationId,
                rows.map((r) => r.id),
              ),
            ),
          )
      : [];
    return c.json(
      {
        conversations: rows.map((r) => ({
          id: r.id,
          title: r.title,
          source: r.source,
          startedAt: r.startedAt.toISOString(),
          hostEmail: r.hostEmail,
          participants: people.filter((p) => p.conversationId === r.id).map(({ name, email }) => ({ name, email })),
        })),
      },
      200,
    );
  },
);

conversationRoutingApp.openapi(
  createRoute({
    method: "put",
    path: "/{id}/account",
    summary: "Assign a conversation to an account by hand; its insights move with it and routing leaves it alone",
    tags,
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: { params: z.object({ id: IdSchema }), ...jsonBody(AssignConversationRequestSchema) },
    responses: {
      200: jsonResponse(z.object({ id: IdSchema, accountId: IdSchema.nullable(), routing: z.string() }), "Routed"),
      ...errorResponses,
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { accountId } = c.req.valid("json");
    const { db, clock } = c.var.services;
    const { organizationId } = c.var.principal;
    const conversation = await db.query.conversations.findFirst({
      columns: { id: true },
      where: and(eq(conversations.organizationId, organizationId), eq(conversations.id, id)),
    });
    if (!conversation) throw ApiError.notFound("conversation");
    if (accountId) await getAccount(db, organizationId, accountId);
    const to = accountId
      ? { accountId, routing: "manual" as const }
      : { accountId: null, routing: "unassigned" as const };
    // Conversation, insights, both accounts' rollups and activity move together (one batch): the
    // account overview never sees half a move.
    await moveConversation(db, { organizationId, conversationId: id, to, now: clock.now() });
    const routing = to.routing;
    return c.json({ id, accountId, routing }, 200);
  },
);
