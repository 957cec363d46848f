import { createRoute } from "@hono/zod-openapi";
import { MeResponseSchema } from "@sightline/shared";
import { and, eq } from "drizzle-orm";
import { requireUser } from "../auth/middleware.ts";
import { configurationProfiles, organizationDomains, organizations, users } from "../db/schema/index.ts";
import { ApiError } from "../platform/api-error.ts";
import { bearerSecurity, createResourceApp, errorResponses, jsonResponse } from "./openapi-helpers.ts";
import { orgView, profileView, userView } from "./views.ts";

export const meApp = createResourceApp();
meApp.use("*", requireUser);

meApp.openapi(
  createRoute({
    method: "get",
    path: "/",
    summary: "The signed-in user, their organization and configuration profile",
    tags: ["me"],
    security: bearerSecurity,
    responses: { 200: jsonResponse(MeResponseSchema, "The caller"), ...errorResponses },
  }),
  async (c) => {
    const { db } = c.var.services;
    const { userId, organizationId } = c.var.principal;
    const [user, org, domains] = await Promise.all([
      db.query.users.findFirst({ where: and(eq(users.organizationId, organizationId), eq(users.id, userId)) }),
      db.query.organizations.findFirst({ where: eq(organizations.id, organizationId) }),
      db.select().from(organizationDomains).where(eq(organizationDomains.organizationId, organizationId)),
    ]);
    if (!user || !org) throw ApiError.notFound("user");
    const profile = user.profileId
      ? await db.query.configurationProfiles.findFirst({
          where: and(
            eq(configurationProfiles.organizationId, organizationId),
            eq(configurationProfiles.id, user.profileId),
          ),
        })
      : undefined;
    return c.json(
      {
        user: userView(user),
        org: orgView(
          org,
          domains.map((d) => d.domain),
        ),
        profile: profile ? profileView(profile) : null,
      },
      200,
    );
  },
);
