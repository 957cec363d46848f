import type { Services } from "../../platform/services.ts";
import { buildRecapMessage } from "./build-recap.ts";
import { loadRecapInput } from "./load-recap.ts";
import { postSlackWebhook } from "./post-webhook.ts";
import { hasSlackWebhook, loadSlackWebhook, slackVars } from "./webhook-settings.ts";

/**
 * Job `post_slack_recap`: posts the recap of an analyzed conversation to the organization's Slack
 * webhook. Nothing to do (and no retry) when the webhook was removed meanwhile or the conversation is
 * gone. Transient Slack failures throw plain errors (queue retries with backoff); permanent ones
 * PermanentJobError (a failed-job row an admin can replay after fixing the URL).
 */
export async function postSlackRecap(
  services: Services,
  env: Env,
  job: { organizationId: string; conversationId: string },
  fetcher: typeof fetch = fetch,
): Promise<"posted" | "skipped"> {
  const { db, log } = services;
  const webhookUrl = await loadSlackWebhook(db, env, job.organizationId);
  if (!webhookUrl) {
    log.info("slack recap skipped: no webhook configured", { conversation: job.conversationId });
    return "skipped";
  }
  const input = await loadRecapInput(db, job.organizationId, job.conversationId, slackVars(env).SIGHTLINE_APP_URL);
  if (!input) {
    log.info("slack recap skipped: conversation not found", { conversation: job.conversationId });
    return "skipped";
  }
  await postSlackWebhook(webhookUrl, buildRecapMessage(input), fetcher);
  log.info("slack recap posted", { conversation: job.conversationId });
  return "posted";
}

/**
 * Called once at the end of analysis: queues a recap when the organization has a webhook. Never
 * throws: a recap is a separate job and must not make the analysis (or ingestion) fail or retry.
 */
export async function enqueueSlackRecapIfConfigured(
  services: Services,
  organizationId: string,
  conversationId: string,
): Promise<boolean> {
  try {
    if (!(await hasSlackWebhook(services.db, organizationId))) return false;
    await services.ingestQueue.send({ kind: "post_slack_recap", organizationId, conversationId });
    return true;
  } catch (err) {
    services.log.warn("could not queue the slack recap", { conversation: conversationId, err });
    return false;
  }
}
