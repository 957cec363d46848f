import { createRoute } from "@hono/zod-openapi";
import { EmailCaptureSettingsSchema } from "@sightline/shared";
import { eq } from "drizzle-orm";
import { requireAdmin, requireUser } from "../auth/middleware.ts";
import { organizations } from "../db/schema/index.ts";
import { bearerSecurity, createResourceApp, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers.ts";

/** autoCapture: the Gmail sidebar may add a thread by itself when a participant's domain is an account's (off by default). */
export const orgEmailCaptureApp = createResourceApp();
orgEmailCaptureApp.use("*", requireUser, requireAdmin);
const tags = ["organization"];

orgEmailCaptureApp.openapi(
  createRoute({
    method: "get",
    path: "/email-capture",
    summary: "Whether the Gmail sidebar adds threads of known accounts by itself",
    tags,
    security: bearerSecurity,
    responses: { 200: jsonResponse(EmailCaptureSettingsSchema, "E-mail capture settings"), ...errorResponses },
  }),
  async (c) => {
    const org = await c.var.services.db.query.organizations.findFirst({
      columns: { autoCaptureEmail: true },
      where: eq(organizations.id, c.var.principal.organizationId),
    });
    return c.json({ autoCapture: org?.autoCaptureEmail ?? false }, 200);
  },
);

orgEmailCaptureApp.openapi(
  createRoute({
    method: "put",
    path: "/email-capture",
    summary: "Turn e-mail auto-capture on or off",
    tags,
    security: bearerSecurity,
    request: jsonBody(EmailCaptureSettingsSchema),
    responses: { 200: jsonResponse(EmailCaptureSettingsSchema, "E-mail capture settings"), ...errorResponses },
  }),
  async (c) => {
    const { autoCapture } = c.req.valid("json");
    await c.var.services.db
      .update(organizations)
      .set({ autoCaptureEmail: autoCapture })
      .where(eq(organizations.id, c.var.principal.organizationId));
    return c.json({ autoCapture }, 200);
  },
);
