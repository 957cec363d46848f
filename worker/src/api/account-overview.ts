import { createRoute, z } from "@hono/zod-openapi";
import { AccountOverviewSchema, IdSchema, OverviewQuerySchema } from "@sightline/shared";
import { requireUser } from "../auth/middleware.ts";
import { buildAccountOverview } from "../insights/account-overview.ts";
import { periodRange } from "../insights/period-range.ts";
import { bearerSecurity, createResourceApp, errorResponses, jsonResponse } from "./openapi-helpers.ts";

/** `GET /accounts/{id}/overview`: what the sidebar shows for an account over a period. */
export const accountOverviewApp = createResourceApp();
accountOverviewApp.use("*", requireUser);

accountOverviewApp.openapi(
  createRoute({
    method: "get",
    path: "/{id}/overview",
    summary:
      "Topics, wins, issues (with sources), contacts, sentiment by week, closing probability, next steps, objections",
    tags: ["accounts"],
    security: bearerSecurity,
    request: { params: z.object({ id: IdSchema }), query: OverviewQuerySchema },
    responses: { 200: jsonResponse(AccountOverviewSchema, "The account overview"), ...errorResponses },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { db, clock } = c.var.services;
    const range = periodRange(c.req.valid("query"), clock.now());
    return c.json(await buildAccountOverview(db, c.var.principal.organizationId, id, range), 200);
  },
);
