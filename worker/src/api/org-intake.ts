import { createRoute } from "@hono/zod-openapi";
import { IntakeSettingsSchema, UpdateIntakeSettingsRequestSchema } from "@sightline/shared";
import { eq } from "drizzle-orm";
import { requireAdmin, requireUser } from "../auth/middleware.ts";
import { organizations } from "../db/schema/index.ts";
import { summarizeIntakeDiscards } from "../intake/decide-intake.ts";
import type { Db } from "../platform/services.ts";
import { bearerSecurity, createResourceApp, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers.ts";

/** The organization's transcript-intake rule and its intake log. */
export const orgIntakeApp = createResourceApp();
orgIntakeApp.use("*", requireUser, requireAdmin);
const tags = ["organization"];

async function intakeSettings(db: Db, organizationId: string) {
  const [org, { byReason, recent }] = await Promise.all([
    db.query.organizations.findFirst({
      columns: { registeredUsersOnly: true },
      where: eq(organizations.id, organizationId),
    }),
    summarizeIntakeDiscards(db, organizationId, 20),
  ]);
  const count = (reason: "unregistered_host" | "intake_off") =>
    Number(byReason.find((r) => r.reason === reason)?.n ?? 0);
  return {
    registeredUsersOnly: org?.registeredUsersOnly ?? false,
    discards: {
      total: count("unregistered_host") + count("intake_off"),
      byReason: { unregistered_host: count("unregistered_host"), intake_off: count("intake_off") },
      recent: recent.map((r) => ({
        provider: r.provider,
        reason: r.reason,
        hostEmail: r.hostEmail,
        externalId: r.externalId,
        discardedAt: r.discardedAt.toISOString(),
      })),
    },
  };
}

orgIntakeApp.openapi(
  createRoute({
    method: "get",
    path: "/intake",
    summary: "The intake rule and the log of recordings discarded on receipt",
    tags,
    security: bearerSecurity,
    responses: { 200: jsonResponse(IntakeSettingsSchema, "Intake settings"), ...errorResponses },
  }),
  async (c) => c.json(await intakeSettings(c.var.services.db, c.var.principal.organizationId), 200),
);

orgIntakeApp.openapi(
  createRoute({
    method: "put",
    path: "/intake",
    summary: "Turn 'registered users only' on or off",
    tags,
    security: bearerSecurity,
    request: jsonBody(UpdateIntakeSettingsRequestSchema),
    responses: { 200: jsonResponse(IntakeSettingsSchema, "Intake settings"), ...errorResponses },
  }),
  async (c) => {
    const { db } = c.var.services;
    const { organizationId } = c.var.principal;
    await db
      .update(organizations)
      .set({ registeredUsersOnly: c.req.valid("json").registeredUsersOnly })
      .where(eq(organizations.id, organizationId));
    return c.json(await intakeSettings(db, organizationId), 200);
  },
);
