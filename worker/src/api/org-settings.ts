import { createRoute } from "@hono/zod-openapi";
import { SetSlackWebhookRequestSchema, SlackWebhookStatusSchema } from "@sightline/shared";
import { requireAdmin, requireUser } from "../auth/middleware.ts";
import {
  clearSlackWebhook,
  hasSlackWebhook,
  setSlackWebhook,
  webhookUrlProblem,
} from "../notifications/slack/webhook-settings.ts";
import { ApiError } from "../platform/api-error.ts";
import { bearerSecurity, createResourceApp, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers.ts";

/**
 * Organization settings an admin manages: the Slack incoming webhook for call recaps. The URL is
 * stored sealed (AES-256-GCM, additional data `org|slack`) and never returned.
 */
export const orgSettingsApp = createResourceApp();
orgSettingsApp.use("/slack", requireUser, requireAdmin);
const tags = ["organization"];

orgSettingsApp.openapi(
  createRoute({
    method: "get",
    path: "/slack",
    summary: "Whether a Slack webhook for call recaps is configured (never the URL)",
    tags,
    security: bearerSecurity,
    responses: { 200: jsonResponse(SlackWebhookStatusSchema, "Slack recap settings"), ...errorResponses },
  }),
  async (c) => c.json({ configured: await hasSlackWebhook(c.var.services.db, c.var.principal.organizationId) }, 200),
);

orgSettingsApp.openapi(
  createRoute({
    method: "put",
    path: "/slack",
    summary: "Set the Slack incoming-webhook URL that receives a recap after each analyzed conversation",
    tags,
    security: bearerSecurity,
    request: jsonBody(SetSlackWebhookRequestSchema),
    responses: { 200: jsonResponse(SlackWebhookStatusSchema, "Configured"), ...errorResponses },
  }),
  async (c) => {
    const { webhookUrl } = c.req.valid("json");
    const problem = webhookUrlProblem(webhookUrl, c.var.services.config);
    if (problem) throw new ApiError("bad_request", `webhookUrl: ${problem}`);
    await setSlackWebhook(c.var.services, c.var.principal.organizationId, webhookUrl);
    return c.json({ configured: true }, 200);
  },
);

orgSettingsApp.openapi(
  createRoute({
    method: "delete",
    path: "/slack",
    summary: "Remove the Slack webhook: no more recaps (queued ones are skipped)",
    tags,
    security: bearerSecurity,
    responses: { 200: jsonResponse(SlackWebhookStatusSchema, "Removed"), ...errorResponses },
  }),
  async (c) => {
    await clearSlackWebhook(c.var.services.db, c.var.principal.organizationId);
    return c.json({ configured: false }, 200);
  },
);
