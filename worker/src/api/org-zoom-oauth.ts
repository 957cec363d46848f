import { createRoute } from "@hono/zod-openapi";
import { UpdateZoomOAuthSettingsRequestSchema, ZoomOAuthSettingsSchema } from "@sightline/shared";
import { eq } from "drizzle-orm";
import { requireAdmin, requireUser } from "../auth/middleware.ts";
import { organizations } from "../db/schema/index.ts";
import type { Db } from "../platform/services.ts";
import { bearerSecurity, createResourceApp, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers.ts";

/**
 * How per-user Zoom OAuth treats a Zoom user whose e-mail is not the Sightline user's: refused at
 * the callback (the default) or allowed. Admins only: allowing it weakens the check that keeps one
 * person's Zoom recordings out of another person's Sightline user.
 */
export const orgZoomOAuthApp = createResourceApp();
orgZoomOAuthApp.use("/zoom-oauth", requireUser, requireAdmin);
const tags = ["organization"];

async function zoomOAuthSettings(db: Db, organizationId: string) {
  const org = await db.query.organizations.findFirst({
    columns: { allowZoomEmailMismatch: true },
    where: eq(organizations.id, organizationId),
  });
  return { allowZoomEmailMismatch: org?.allowZoomEmailMismatch ?? false };
}

orgZoomOAuthApp.openapi(
  createRoute({
    method: "get",
    path: "/zoom-oauth",
    summary: "Whether per-user Zoom connections may link a Zoom user under another e-mail",
    tags,
    security: bearerSecurity,
    responses: { 200: jsonResponse(ZoomOAuthSettingsSchema, "Per-user Zoom OAuth settings"), ...errorResponses },
  }),
  async (c) => c.json(await zoomOAuthSettings(c.var.services.db, c.var.principal.organizationId), 200),
);

orgZoomOAuthApp.openapi(
  createRoute({
    method: "put",
    path: "/zoom-oauth",
    summary: "Allow (or refuse again) Zoom users whose e-mail is not their Sightline user's",
    tags,
    security: bearerSecurity,
    request: jsonBody(UpdateZoomOAuthSettingsRequestSchema),
    responses: { 200: jsonResponse(ZoomOAuthSettingsSchema, "Per-user Zoom OAuth settings"), ...errorResponses },
  }),
  async (c) => {
    const { db } = c.var.services;
    const { organizationId, userId } = c.var.principal;
    const { allowZoomEmailMismatch } = c.req.valid("json");
    await db.update(organizations).set({ allowZoomEmailMismatch }).where(eq(organizations.id, organizationId));
    c.var.services.log.info("zoom oauth e-mail mismatch setting changed", { allowZoomEmailMismatch, by: userId });
    return c.json(await zoomOAuthSettings(db, organizationId), 200);
  },
);
