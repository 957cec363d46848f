import { createRoute, z } from "@hono/zod-openapi";
import { ApiTokenSchema, CreateTokenRequestSchema, CreateTokenResponseSchema, IdSchema } from "@sightline/shared";
import { and, desc, eq, isNull } from "drizzle-orm";
import { prepareApiToken } from "../auth/api-tokens.ts";
import { requireSelfOrAdmin, requireUser } from "../auth/middleware.ts";
import { apiTokens, users } from "../db/schema/index.ts";
import { ApiError } from "../platform/api-error.ts";
import type { Db } from "../platform/services.ts";
import { bearerSecurity, createResourceApp, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers.ts";
import { tokenView } from "./views.ts";

/** A user's API tokens: issue another (shown once), list (prefixes only), revoke. Admins or the user. */
export const userTokensApp = createResourceApp();
userTokensApp.use("*", requireUser);

const tags = ["users"];
const UserParams = z.object({ id: IdSchema });

async function assertUser(db: Db, organizationId: string, id: string) {
  const user = await db.query.users.findFirst({
    columns: { id: true },
    where: and(eq(users.organizationId, organizationId), eq(users.id, id)),
  });
  if (!user) throw ApiError.notFound("user");
}

userTokensApp.openapi(
  createRoute({
    method: "get",
    path: "/{id}/tokens",
    summary: "List a user's API tokens (never the tokens themselves)",
    tags,
    security: bearerSecurity,
    middleware: [requireSelfOrAdmin] as const,
    request: { params: UserParams },
    responses: { 200: jsonResponse(z.object({ tokens: z.array(ApiTokenSchema) }), "Tokens"), ...errorResponses },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { db } = c.var.services;
    const { organizationId } = c.var.principal;
    await assertUser(db, organizationId, id);
    const rows = await db.query.apiTokens.findMany({
      where: and(eq(apiTokens.organizationId, organizationId), eq(apiTokens.userId, id)),
      orderBy: desc(apiTokens.createdAt),
    });
    return c.json({ tokens: rows.map(tokenView) }, 200);
  },
);

userTokensApp.openapi(
  createRoute({
    method: "post",
    path: "/{id}/tokens",
    summary: "Issue another API token for a user (shown once)",
    tags,
    security: bearerSecurity,
    middleware: [requireSelfOrAdmin] as const,
    request: { params: UserParams, ...jsonBody(CreateTokenRequestSchema) },
    responses: { 201: jsonResponse(CreateTokenResponseSchema, "The new token"), ...errorResponses },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { label } = c.req.valid("json");
    const { db, clock } = c.var.services;
    const { organizationId } = c.var.principal;
    await assertUser(db, organizationId, id);
    const { issued, row } = await prepareApiToken({
      organizationId,
      userId: id,
      label: label ?? undefined,
      now: clock.now(),
    });
    await db.insert(apiTokens).values(row);
    return c.json({ apiToken: issued, token: tokenView({ ...row, lastUsedAt: null, revokedAt: null }) }, 201);
  },
);

userTokensApp.openapi(
  createRoute({
    method: "delete",
    path: "/{id}/tokens/{tokenId}",
    summary: "Revoke one of a user's API tokens; it stops working at once",
    tags,
    security: bearerSecurity,
    middleware: [requireSelfOrAdmin] as const,
    request: { params: z.object({ id: IdSchema, tokenId: IdSchema }) },
    responses: { 204: { description: "Revoked" }, ...errorResponses },
  }),
  async (c) => {
    const { id, tokenId } = c.req.valid("param");
    const { db, clock } = c.var.services;
    const { organizationId } = c.var.principal;
    const scope = and(
      eq(apiTokens.organizationId, organizationId),
      eq(apiTokens.userId, id),
      eq(apiTokens.id, tokenId),
    );
    const token = await db.query.apiTokens.findFirst({ columns: { id: true }, where: scope });
    if (!token) throw ApiError.notFound("token");
    await db
      .update(apiTokens)
      .set({ revokedAt: clock.now() })
      .where(and(scope, isNull(apiTokens.revokedAt)));
    return c.body(null, 204);
  },
);
