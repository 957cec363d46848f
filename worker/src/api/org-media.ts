import { createRoute } from "@hono/zod-openapi";
import { MediaSettingsSchema } from "@sightline/shared";
import { eq } from "drizzle-orm";
import { requireAdmin, requireUser } from "../auth/middleware.ts";
import { organizations } from "../db/schema/index.ts";
import { bearerSecurity, createResourceApp, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers.ts";

/** keepMedia: whether call recordings are kept in R2 (reachable through short-lived signed links only). */
export const orgMediaApp = createResourceApp();
orgMediaApp.use("*", requireUser, requireAdmin);
const tags = ["organization"];

orgMediaApp.openapi(
  createRoute({
    method: "get",
    path: "/media",
    summary: "Whether recordings are kept",
    tags,
    security: bearerSecurity,
    responses: { 200: jsonResponse(MediaSettingsSchema, "Media settings"), ...errorResponses },
  }),
  async (c) => {
    const org = await c.var.services.db.query.organizations.findFirst({
      columns: { keepMedia: true },
      where: eq(organizations.id, c.var.principal.organizationId),
    });
    return c.json({ keepMedia: org?.keepMedia ?? false }, 200);
  },
);

orgMediaApp.openapi(
  createRoute({
    method: "put",
    path: "/media",
    summary: "Keep recordings from now on (or stop keeping new ones)",
    tags,
    security: bearerSecurity,
    request: jsonBody(MediaSettingsSchema),
    responses: { 200: jsonResponse(MediaSettingsSchema, "Media settings"), ...errorResponses },
  }),
  async (c) => {
    const { keepMedia } = c.req.valid("json");
    await c.var.services.db
      .update(organizations)
      .set({ keepMedia })
      .where(eq(organizations.id, c.var.principal.organizationId));
    return c.json({ keepMedia }, 200);
  },
);
