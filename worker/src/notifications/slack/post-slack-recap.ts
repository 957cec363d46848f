import type { Services } from "../../platform/services.ts";
import { RetryLaterError } from "../../queue/jobs.ts";
import { buildRecapMessage } from "./build-recap.ts";
import { loadRecapInput } from "./load-recap.ts";
import { postSlackWebhook } from "./post-webhook.ts";
import { claimRecap, markRecapPosted, recapAlreadyPosted, releaseRecapClaim } from "./recap-marker.ts";
import { hasSlackWebhook, loadSlackWebhook } from "./webhook-settings.ts";

/**
 * Job `post_slack_recap`: posts the recap of an analyzed conversation to the organization's Slack
 * webhook, once per conversation (recap-marker.ts: a lease while posting, a mark after Slack's 200).
 * Nothing to do (and no retry) when the webhook was removed meanwhile, the conversation is gone or
 * its recap was already posted. Transient Slack failures throw plain errors (queue retries with
 * backoff); permanent ones PermanentJobError (a failed-job row an admin can replay after fixing the
 * URL). Another job posting the same recap right now: retried after its lease.
 */
export async function postSlackRecap(
  services: Services,
  job: { organizationId: string; conversationId: string },
  fetcher: typeof fetch = fetch,
): Promise<"posted" | "skipped" | "already_posted"> {
  const { db, log, clock } = services;
  const { organizationId, conversationId } = job;
  const webhookUrl = await loadSlackWebhook(services, organizationId);
  if (!webhookUrl) {
    log.info("slack recap skipped: no webhook configured", { conversation: conversationId });
    return "skipped";
  }
  const claim = await claimRecap(db, organizationId, conversationId, clock.now());
  if (claim.state === "missing") {
    log.info("slack recap skipped: conversation not found", { conversation: conversationId });
    return "skipped";
  }
  if (claim.state === "posted") {
    log.info("slack recap skipped: already posted", { conversation: conversationId });
    return "already_posted";
  }
  if (claim.state === "busy")
    throw new RetryLaterError("another job is posting this recap", Math.ceil(claim.retryInMs / 1000) + 1);
  try {
    const input = await loadRecapInput(db, organizationId, conversationId, services.config.appUrl ?? undefined);
    if (!input) {
      await releaseRecapClaim(db, organizationId, conversationId);
      log.info("slack recap skipped: conversation not found", { conversation: conversationId });
      return "skipped";
    }
    await postSlackWebhook(webhookUrl, buildRecapMessage(input), fetcher);
  } catch (err) {
    await releaseRecapClaim(db, organizationId, conversationId).catch((releaseErr: unknown) =>
      log.warn("could not release the slack recap lease", { conversation: conversationId, err: releaseErr }),
    );
    throw err;
  }
  try {
    await markRecapPosted(db, organizationId, conversationId, clock.now());
  } catch (err) {
    // Slack has the recap: a retry would post it twice. The lease keeps other jobs away meanwhile.
    log.error("slack recap posted but not marked", { conversation: conversationId, err });
  }
  log.info("slack recap posted", { conversation: conversationId });
  return "posted";
}

/**
 * Called once at the end of analysis: queues a recap when the organization has a webhook and the
 * conversation's recap was not posted yet. Never
 * throws: a recap is a separate job and must not make the analysis (or ingestion) fail or retry.
 */
export async function enqueueSlackRecapIfConfigured(
  services: Services,
  organizationId: string,
  conversationId: string,
): Promise<boolean> {
  try {
    if (!(await hasSlackWebhook(services.db, organizationId))) return false;
    // Re-analysis of a call whose recap Slack already has queues nothing (the job checks again).
    if (await recapAlreadyPosted(services.db, organizationId, conversationId)) return false;
    await services.ingestQueue.send({ kind: "post_slack_recap", organizationId, conversationId });
    return true;
  } catch (err) {
    services.log.warn("could not queue the slack recap", { conversation: conversationId, err });
    return false;
  }
}
