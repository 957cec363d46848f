import { createRoute, z } from "@hono/zod-openapi";
import { IdSchema, RepCoachingQuerySchema, RepCoachingSchema } from "@sightline/shared";
import { and, eq } from "drizzle-orm";
import { requireUser } from "../auth/middleware.ts";
import { buildRepCoaching } from "../coaching/rep-coaching.ts";
import { users } from "../db/schema/index.ts";
import { periodRange } from "../insights/period-range.ts";
import { ApiError } from "../platform/api-error.ts";
import { bearerSecurity, createResourceApp, errorResponses, jsonResponse } from "./openapi-helpers.ts";

/**
 * `GET /reps/{id}/coaching`: one rep's talk ratio, longest monologue, questions, unanswered customer
 * questions, next steps and tips across their calls, with trends. Members read their own coaching
 * only: another user's id is a 403 (the same as for tokens; user ids of one's own organization are no
 * secret, GET /users lists them to admins). Admins read any rep of their organization; a user of
 * another organization, or no user at all, is a 404.
 */
export const repCoachingApp = createResourceApp();
repCoachingApp.use("*", requireUser);

repCoachingApp.openapi(
  createRoute({
    method: "get",
    path: "/{id}/coaching",
    summary:
      "A rep's coaching over a period: talk ratio, longest monologue, questions, unanswered customer questions, next steps, tips, trends and calls",
    tags: ["coaching"],
    security: bearerSecurity,
    request: { params: z.object({ id: IdSchema }), query: RepCoachingQuerySchema },
    responses: { 200: jsonResponse(RepCoachingSchema, "The rep's coaching"), ...errorResponses },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { organizationId, role, userId } = c.var.principal;
    if (role !== "admin" && id !== userId) throw new ApiError("forbidden", "members may only read their own coaching");
    const { db, clock } = c.var.services;
    const rep = await db.query.users.findFirst({
      columns: { id: true, name: true, email: true, role: true },
      where: and(eq(users.organizationId, organizationId), eq(users.id, id)),
    });
    if (!rep) throw ApiError.notFound("user");
    const range = periodRange(c.req.valid("query"), clock.now());
    return c.json(await buildRepCoaching(db, organizationId, rep, range), 200);
  },
);
