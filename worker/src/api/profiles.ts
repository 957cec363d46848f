import { createRoute, z } from "@hono/zod-openapi";
import { CreateProfileRequestSchema, IdSchema, ProfileSchema, UpdateProfileRequestSchema } from "@sightline/shared";
import { and, eq } from "drizzle-orm";
import { requireAdmin, requireUser } from "../auth/middleware.ts";
import { configurationProfiles, users } from "../db/schema/index.ts";
import { ApiError } from "../platform/api-error.ts";
import { newId } from "../platform/ids.ts";
import type { Db } from "../platform/services.ts";
import { bearerSecurity, createResourceApp, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers.ts";
import { profileView } from "./views.ts";

export const profilesApp = createResourceApp();
profilesApp.use("*", requireUser);

const IdParams = z.object({ id: IdSchema });
const tags = ["configuration profiles"];

async function getProfile(db: Db, organizationId: string, id: string) {
  const row = await db.query.configurationProfiles.findFirst({
    where: and(eq(configurationProfiles.organizationId, organizationId), eq(configurationProfiles.id, id)),
  });
  if (!row) throw ApiError.notFound("configuration profile");
  return row;
}

profilesApp.openapi(
  createRoute({
    method: "get",
    path: "/",
    summary: "List configuration profiles",
    tags,
    security: bearerSecurity,
    responses: { 200: jsonResponse(z.object({ profiles: z.array(ProfileSchema) }), "Profiles"), ...errorResponses },
  }),
  async (c) => {
    const rows = await c.var.services.db.query.configurationProfiles.findMany({
      where: eq(configurationProfiles.organizationId, c.var.principal.organizationId),
      orderBy: configurationProfiles.name,
    });
    return c.json({ profiles: rows.map(profileView) }, 200);
  },
);

profilesApp.openapi(
  createRoute({
    method: "post",
    path: "/",
    summary: "Create a configuration profile",
    tags,
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: jsonBody(CreateProfileRequestSchema),
    responses: { 201: jsonResponse(ProfileSchema, "The profile"), ...errorResponses },
  }),
  async (c) => {
    const input = c.req.valid("json");
    const { db, clock } = c.var.services;
    const { organizationId } = c.var.principal;
    const clash = await db.query.configurationProfiles.findFirst({
      columns: { id: true },
      where: and(eq(configurationProfiles.organizationId, organizationId), eq(configurationProfiles.name, input.name)),
    });
    if (clash) throw new ApiError("conflict", `name: a profile named ${input.name} already exists`);
    const row = { id: newId("prof"), organizationId, ...input, createdAt: clock.now() };
    await db.insert(configurationProfiles).values(row);
    return c.json(profileView(row), 201);
  },
);

profilesApp.openapi(
  createRoute({
    method: "patch",
    path: "/{id}",
    summary: "Rename a profile or switch its transcript intake",
    tags,
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: { params: IdParams, ...jsonBody(UpdateProfileRequestSchema) },
    responses: { 200: jsonResponse(ProfileSchema, "The updated profile"), ...errorResponses },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const input = c.req.valid("json");
    const { db } = c.var.services;
    const { organizationId } = c.var.principal;
    const current = await getProfile(db, organizationId, id);
    await db
      .update(configurationProfiles)
      .set(input)
      .where(and(eq(configurationProfiles.organizationId, organizationId), eq(configurationProfiles.id, id)));
    return c.json(profileView({ ...current, ...input }), 200);
  },
);

profilesApp.openapi(
  createRoute({
    method: "delete",
    path: "/{id}",
    summary: "Delete a profile; its users fall back to no profile (intake on)",
    tags,
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: { params: IdParams },
    responses: { 204: { description: "Deleted" }, ...errorResponses },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { db } = c.var.services;
    const { organizationId } = c.var.principal;
    await getProfile(db, organizationId, id);
    await db.batch([
      db
        .update(users)
        .set({ profileId: null })
        .where(and(eq(users.organizationId, organizationId), eq(users.profileId, id))),
      db
        .delete(configurationProfiles)
        .where(and(eq(configurationProfiles.organizationId, organizationId), eq(configurationProfiles.id, id))),
    ]);
    return c.body(null, 204);
  },
);
