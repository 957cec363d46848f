import { createRoute } from "@hono/zod-openapi";
import { AttributionQuerySchema, AttributionReportSchema } from "@sightline/shared";
import { requireUser } from "../auth/middleware.ts";
import { periodRange } from "../insights/period-range.ts";
import { buildAttributionReport } from "../reports/attribution-report.ts";
import { bearerSecurity, createResourceApp, errorResponses, jsonResponse } from "./openapi-helpers.ts";

/** `GET /reports/attribution`: how each lead source's accounts are doing (members and admins). */
export const attributionReportApp = createResourceApp();
attributionReportApp.use("*", requireUser);

attributionReportApp.openapi(
  createRoute({
    method: "get",
    path: "/attribution",
    summary: "Per lead source: accounts, conversations, average closing probability, wins, issues, positive endings",
    description:
      "An account's lead source is its own, else its earliest contact's. by=lead_source (default) groups by all four parts; utm_source, utm_medium, utm_campaign or crm by one.",
    tags: ["reports"],
    security: bearerSecurity,
    request: { query: AttributionQuerySchema },
    responses: { 200: jsonResponse(AttributionReportSchema, "The report"), ...errorResponses },
  }),
  async (c) => {
    const { period, by } = c.req.valid("query");
    const { db, clock } = c.var.services;
    const range = periodRange({ period }, clock.now());
    return c.json(await buildAttributionReport(db, c.var.principal.organizationId, range, by), 200);
  },
);
