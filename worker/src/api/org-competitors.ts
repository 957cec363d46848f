import { createRoute } from "@hono/zod-openapi";
import { OrgCompetitorsSchema, SetOrgCompetitorsRequestSchema } from "@sightline/shared";
import { readCompetitors, writeCompetitors } from "../analysis/competitor-settings.ts";
import { requireAdmin, requireUser } from "../auth/middleware.ts";
import { bearerSecurity, createResourceApp, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers.ts";

/**
 * The organization's competitor names: the built-in analyzer reports a customer naming one beside
 * evaluate/compare/switch/quote/already use as a competitor objection, and the OpenAI analyzer is
 * told the names. Admin only, like the other organization settings.
 */
export const orgCompetitorsApp = createResourceApp();
orgCompetitorsApp.use("/competitors", requireUser, requireAdmin);
const tags = ["organization"];

orgCompetitorsApp.openapi(
  createRoute({
    method: "get",
    path: "/competitors",
    summary: "The vendor names the analyzers treat as this organization's competitors",
    tags,
    security: bearerSecurity,
    responses: { 200: jsonResponse(OrgCompetitorsSchema, "Competitor names"), ...errorResponses },
  }),
  async (c) => c.json({ competitors: await readCompetitors(c.var.services.db, c.var.principal.organizationId) }, 200),
);

orgCompetitorsApp.openapi(
  createRoute({
    method: "put",
    path: "/competitors",
    summary: "Replace the competitor names (used by the next analysis of each conversation)",
    tags,
    security: bearerSecurity,
    request: jsonBody(SetOrgCompetitorsRequestSchema),
    responses: { 200: jsonResponse(OrgCompetitorsSchema, "Competitor names as stored"), ...errorResponses },
  }),
  async (c) => {
    const { competitors } = c.req.valid("json");
    const stored = await writeCompetitors(c.var.services.db, c.var.principal.organizationId, competitors);
    return c.json({ competitors: stored }, 200);
  },
);
