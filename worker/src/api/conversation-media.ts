import { createRoute, z } from "@hono/zod-openapi";
import { ConversationMediaListSchema, IdSchema } from "@sightline/shared";
import { and, eq } from "drizzle-orm";
import { requireUser } from "../auth/middleware.ts";
import { conversations, mediaFiles } from "../db/schema/index.ts";
import { signMediaLink } from "../media/media-links.ts";
import { ApiError } from "../platform/api-error.ts";
import { bearerSecurity, createResourceApp, errorResponses, jsonResponse } from "./openapi-helpers.ts";

/** A conversation's kept recordings, each with a signed link that expires in minutes. */
export const conversationMediaApp = createResourceApp();
conversationMediaApp.use("*", requireUser);

conversationMediaApp.openapi(
  createRoute({
    method: "get",
    path: "/{id}/media",
    summary: "Kept recordings of a conversation, with short-lived signed links (GET /media/{token})",
    tags: ["conversations"],
    security: bearerSecurity,
    request: { params: z.object({ id: IdSchema }) },
    responses: { 200: jsonResponse(ConversationMediaListSchema, "Kept media"), ...errorResponses },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { organizationId } = c.var.principal;
    const { db } = c.var.services;
    const conversation = await db.query.conversations.findFirst({
      columns: { id: true },
      where: and(eq(conversations.organizationId, organizationId), eq(conversations.id, id)),
    });
    if (!conversation) throw ApiError.notFound("conversation");
    const rows = await db.query.mediaFiles.findMany({
      where: and(eq(mediaFiles.organizationId, organizationId), eq(mediaFiles.conversationId, id)),
    });
    const media = await Promise.all(
      rows.map(async (row) => {
        const link = await signMediaLink(c.var.services, organizationId, row.id);
        return {
          id: row.id,
          contentType: row.contentType,
          size: row.size,
          url: `/media/${link.token}`,
          expiresAt: link.expiresAt.toISOString(),
        };
      }),
    );
    return c.json({ media }, 200);
  },
);
