import { createRoute } from "@hono/zod-openapi";
import { CreateOrgRequestSchema, CreateOrgResponseSchema } from "@sightline/shared";
import { prepareApiToken } from "../auth/api-tokens.ts";
import { requireOperator } from "../auth/middleware.ts";
import { apiTokens, organizationDomains, organizations, users } from "../db/schema/index.ts";
import { newId } from "../platform/ids.ts";
import { createResourceApp, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers.ts";
import { orgView, userView } from "./views.ts";

export const operatorApp = createResourceApp();

operatorApp.openapi(
  createRoute({
    method: "post",
    path: "/orgs",
    summary: "Create an organization and its first admin (operator token)",
    tags: ["operator"],
    security: [{ operatorAuth: [] }],
    middleware: [requireOperator] as const,
    request: jsonBody(CreateOrgRequestSchema),
    responses: {
      201: jsonResponse(CreateOrgResponseSchema, "The organization, its admin and the admin's API token (shown once)"),
      ...errorResponses,
    },
  }),
  async (c) => {
    const input = c.req.valid("json");
    const { db, clock, log } = c.var.services;
    const now = clock.now();
    const org = { id: newId("org"), name: input.name, registeredUsersOnly: false, createdAt: now };
    const admin = {
      id: newId("usr"),
      organizationId: org.id,
      email: input.admin.email,
      name: input.admin.name,
      role: "admin" as const,
      profileId: null,
      createdAt: now,
    };
    const domains = [...new Set(input.domains)];
    const { issued, row: tokenRow } = await prepareApiToken({
      organizationId: org.id,
      userId: admin.id,
      label: "first admin",
      now,
    });
    // One batch is one transaction: organization, domains, admin and token land together or not at all.
    await db.batch([
      db.insert(organizations).values(org),
      ...domains.map((domain) => db.insert(organizationDomains).values({ organizationId: org.id, domain })),
      db.insert(users).values(admin),
      db.insert(apiTokens).values(tokenRow),
    ]);
    log.info("organization created", { org: org.id });
    return c.json({ org: orgView(org, domains.sort()), admin: userView(admin), apiToken: issued }, 201);
  },
);
