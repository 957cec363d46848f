import {
  type IntakeSettings,
  IntakeSettingsSchema,
  type SlackWebhookStatus,
  SlackWebhookStatusSchema,
} from "@sightline/shared";
import type { Result } from "../../shared/messages.ts";
import { callSignedIn } from "./call-signed-in.ts";

/** The admin console's organization settings: the intake rule with its log, and the Slack recap webhook. */

/** GET /org/intake: "registered users only" and the log of recordings discarded on receipt. */
export async function getIntakeSettings(): Promise<Result<IntakeSettings>> {
  return callSignedIn((api, init) => api.GET("/org/intake", init), IntakeSettingsSchema);
}

/** PUT /org/intake. */
export async function setRegisteredUsersOnly(input: { registeredUsersOnly: boolean }): Promise<Result<IntakeSettings>> {
  const body = { registeredUsersOnly: input.registeredUsersOnly };
  return callSignedIn((api, init) => api.PUT("/org/intake", { body, ...init }), IntakeSettingsSchema);
}

/** GET /org/slack: whether a webhook is configured (the URL itself is never returned). */
export async function getSlackWebhook(): Promise<Result<SlackWebhookStatus>> {
  return callSignedIn((api, init) => api.GET("/org/slack", init), SlackWebhookStatusSchema);
}

/** PUT /org/slack: the backend checks the URL (https://hooks.slack.com/...) and stores it sealed. */
export async function setSlackWebhook(input: { webhookUrl: string }): Promise<Result<SlackWebhookStatus>> {
  const body = { webhookUrl: input.webhookUrl };
  return callSignedIn((api, init) => api.PUT("/org/slack", { body, ...init }), SlackWebhookStatusSchema);
}

/** DELETE /org/slack: no more recaps. */
export async function clearSlackWebhook(): Promise<Result<SlackWebhookStatus>> {
  return callSignedIn((api, init) => api.DELETE("/org/slack", init), SlackWebhookStatusSchema);
}
