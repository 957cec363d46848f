import { createRoute, z } from "@hono/zod-openapi";
import {
  CreateUserRequestSchema,
  CreateUserResponseSchema,
  IdSchema,
  UpdateUserRequestSchema,
  UserSchema,
} from "@sightline/shared";
import { and, count, eq, ne } from "drizzle-orm";
import { prepareApiToken } from "../auth/api-tokens.ts";
import { requireAdmin, requireUser } from "../auth/middleware.ts";
import { apiTokens, configurationProfiles, users } from "../db/schema/index.ts";
import { ApiError } from "../platform/api-error.ts";
import { newId } from "../platform/ids.ts";
import type { Db } from "../platform/services.ts";
import { bearerSecurity, createResourceApp, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers.ts";
import { userView } from "./views.ts";

export const usersApp = createResourceApp();
usersApp.use("*", requireUser);

async function assertProfileExists(db: Db, organizationId: string, profileId: string) {
  const profile = await db.query.configurationProfiles.findFirst({
    columns: { id: true },
    where: and(eq(configurationProfiles.organizationId, organizationId), eq(configurationProfiles.id, profileId)),
  });
  if (!profile) throw ApiError.notFound("profileId: configuration profile");
}

usersApp.openapi(
  createRoute({
    method: "post",
    path: "/",
    summary: "Create a user and their API token (shown once)",
    tags: ["users"],
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: jsonBody(CreateUserRequestSchema),
    responses: { 201: jsonResponse(CreateUserResponseSchema, "The user and their token"), ...errorResponses },
  }),
  async (c) => {
    const input = c.req.valid("json");
    const { db, clock } = c.var.services;
    const { organizationId } = c.var.principal;
    if (input.profileId) {
      const profile = await db.query.configurationProfiles.findFirst({
        columns: { id: true },
        where: and(
          eq(configurationProfiles.organizationId, organizationId),
          eq(configurationProfiles.id, input.profileId),
        ),
      });
      if (!profile) throw ApiError.notFound("profileId: configuration profile");
    }
    const existing = await db.query.users.findFirst({
      columns: { id: true },
      where: and(eq(users.organizationId, organizationId), eq(users.email, input.email)),
    });
    if (existing) throw new ApiError("conflict", `email: a user with ${input.email} already exists`);
    const now = clock.now();
    const user = { id: newId("usr"), organizationId, ...input, createdAt: now };
    const { issued, row } = await prepareApiToken({ organizationId, userId: user.id, now });
    await db.batch([db.insert(users).values(user), db.insert(apiTokens).values(row)]);
    return c.json({ user: userView(user), apiToken: issued }, 201);
  },
);

usersApp.openapi(
  createRoute({
    method: "get",
    path: "/",
    summary: "List the organization's users",
    tags: ["users"],
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    responses: { 200: jsonResponse(z.object({ users: z.array(UserSchema) }), "Users"), ...errorResponses },
  }),
  async (c) => {
    const rows = await c.var.services.db.query.users.findMany({
      where: eq(users.organizationId, c.var.principal.organizationId),
      orderBy: users.name,
    });
    return c.json({ users: rows.map(userView) }, 200);
  },
);

usersApp.openapi(
  createRoute({
    method: "patch",
    path: "/{id}",
    summary: "Rename a user, change their role or configuration profile",
    tags: ["users"],
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: { params: z.object({ id: IdSchema }), ...jsonBody(UpdateUserRequestSchema) },
    responses: { 200: jsonResponse(UserSchema, "The updated user"), ...errorResponses },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const input = c.req.valid("json");
    const { db } = c.var.services;
    const { organizationId } = c.var.principal;
    const scope = and(eq(users.organizationId, organizationId), eq(users.id, id));
    const current = await db.query.users.findFirst({ where: scope });
    if (!current) throw ApiError.notFound("user");
    if (input.profileId) await assertProfileExists(db, organizationId, input.profileId);
    if (current.role === "admin" && input.role === "member") {
      // An organization without an admin could never be managed again.
      const [others] = await db
        .select({ n: count() })
        .from(users)
        .where(and(eq(users.organizationId, organizationId), eq(users.role, "admin"), ne(users.id, id)));
      if (!others?.n) throw new ApiError("conflict", "role: the organization's last admin cannot become a member");
    }
    await db.update(users).set(input).where(scope);
    return c.json(userView({ ...current, ...input }), 200);
  },
);
