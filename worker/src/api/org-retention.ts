import { createRoute } from "@hono/zod-openapi";
import { RetentionSettingsSchema } from "@sightline/shared";
import { eq } from "drizzle-orm";
import { requireAdmin, requireUser } from "../auth/middleware.ts";
import { organizations } from "../db/schema/index.ts";
import { bearerSecurity, createResourceApp, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers.ts";

/** Retention periods (transcripts, archived webhook bodies), enforced by the nightly cron (deletions/start-retention.ts). */
export const orgRetentionApp = createResourceApp();
orgRetentionApp.use("/retention", requireUser, requireAdmin);
const tags = ["organization"];

orgRetentionApp.openapi(
  createRoute({
    method: "get",
    path: "/retention",
    summary: "The organization's retention periods in days (null: kept)",
    tags,
    security: bearerSecurity,
    responses: { 200: jsonResponse(RetentionSettingsSchema, "Retention periods"), ...errorResponses },
  }),
  async (c) => {
    const org = await c.var.services.db.query.organizations.findFirst({
      columns: { transcriptRetentionDays: true, archiveRetentionDays: true },
      where: eq(organizations.id, c.var.principal.organizationId),
    });
    return c.json(
      {
        transcriptRetentionDays: org?.transcriptRetentionDays ?? null,
        archiveRetentionDays: org?.archiveRetentionDays ?? null,
      },
      200,
    );
  },
);

orgRetentionApp.openapi(
  createRoute({
    method: "put",
    path: "/retention",
    summary: "Set the retention periods; the next nightly run deletes what is past them (see GET /deletions)",
    tags,
    security: bearerSecurity,
    request: jsonBody(RetentionSettingsSchema),
    responses: { 200: jsonResponse(RetentionSettingsSchema, "Retention periods"), ...errorResponses },
  }),
  async (c) => {
    const body = c.req.valid("json");
    await c.var.services.db
      .update(organizations)
      .set({ transcriptRetentionDays: body.transcriptRetentionDays, archiveRetentionDays: body.archiveRetentionDays })
      .where(eq(organizations.id, c.var.principal.organizationId));
    return c.json(body, 200);
  },
);
