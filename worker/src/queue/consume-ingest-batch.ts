import { refreshAccountActivity } from "../accounts/refresh-account-activity.ts";
import { analyzeConversation } from "../analysis/analyze-conversation.ts";
import { failedJobs } from "../db/schema/index.ts";
import { runDeletion } from "../deletions/run-deletion.ts";
import { runExport } from "../exports/run-export.ts";
import { postSlackRecap } from "../notifications/slack/post-slack-recap.ts";
import { newId } from "../platform/ids.ts";
import type { Services } from "../platform/services.ts";
import { providerForJob } from "../providers/registry.ts";
import { holdFollowUps, runHeldFollowUps } from "./inline-follow-ups.ts";
import { type IngestJob, IngestJobSchema, PermanentJobError, RetryLaterError } from "./jobs.ts";
import { markDeadLetteredEvent } from "./mark-dead-lettered-event.ts";

/**
 * R2 keys carry their organization (`orgs/<id>/...`): a job whose key lies outside its own
 * organization's prefix is refused before anything is read (the payload of a replayed failed job is
 * stored JSON; the consumer does not trust it). Every provider's job kinds pass through here.
 */
function requireKeyOfJobOrganization(job: IngestJob): void {
  if (!("r2Key" in job) || job.r2Key === undefined) return;
  const prefix = `orgs/${job.organizationId}/`;
  if (!job.r2Key.startsWith(prefix) || job.r2Key.split("/").includes(".."))
    throw new PermanentJobError(`R2 key ${job.r2Key} is outside organization ${job.organizationId}`);
}

async function runJob(job: IngestJob, services: Services): Promise<void> {
  requireKeyOfJobOrganization(job);
  // Provider stages (fetch, store, transcription) belong to their provider's slice.
  const provider = providerForJob(job.kind);
  if (provider) return provider.runJob(services, job);
  switch (job.kind) {
    case "zoom_event":
    case "zoom_transcript_fallback":
      throw new PermanentJobError(`no provider runs ${job.kind} jobs`);
    case "analyze_conversation":
      await analyzeConversation(services, job.organizationId, job.conversationId);
      return;
    case "refresh_account_activity":
      return refreshAccountActivity(services, job.organizationId, job.accountId);
    case "post_slack_recap":
      await postSlackRecap(services, job);
      return;
    case "delete_data":
      await runDeletion(services, job);
      return;
    case "export_data":
      await runExport(services, job);
      return;
  }
}

/** Exponential backoff for transient failures: 30 s, 60 s, 120 s ... capped at 15 minutes. */
export function retryDelaySeconds(attempts: number): number {
  return backoffSeconds(attempts, 30);
}

export function backoffSeconds(attempts: number, baseSeconds: number): number {
  return Math.min(baseSeconds * 2 ** Math.max(0, attempts - 1), 900);
}

export async function recordFailedJob(services: Services, body: unknown, reason: string, attempts: number) {
  const organizationId =
    typeof body === "object" && body !== null && "organizationId" in body && typeof body.organizationId === "string"
      ? body.organizationId
      : null;
  await services.db.insert(failedJobs).values({
    id: newId("job"),
    organizationId,
    jobType: typeof body === "object" && body !== null && "kind" in body ? String(body.kind) : "unknown",
    payload: body ?? null,
    reason: reason.slice(0, 1000),
    attempts,
    createdAt: services.clock.now(),
  });
}

/**
 * The ingest queue consumer. Malformed messages and permanent failures become failed-job rows at
 * once (retrying cannot fix them); anything else is retried with backoff, and after the queue's
 * max_retries lands in the dead-letter queue, whose consumer records it.
 */
export async function consumeIngestBatch(batch: MessageBatch<unknown>, services: Services): Promise<void> {
  for (const message of batch.messages) {
    const log = services.log.child({ messageId: message.id, attempts: message.attempts });
    const parsed = IngestJobSchema.safeParse(message.body);
    if (!parsed.success) {
      log.warn("malformed ingest job", { issues: parsed.error.issues.slice(0, 3) });
      await recordFailedJob(services, message.body, `malformed job: ${parsed.error.message}`, message.attempts);
      message.ack();
      continue;
    }
    // A stored transcript's analysis runs in this invocation, before the ack (inline-follow-ups.ts).
    const followUps = holdFollowUps(services);
    try {
      await runJob(parsed.data, followUps.services);
      await runHeldFollowUps(followUps.held, services, runJob);
      message.ack();
    } catch (err) {
      // Whatever the failed job had queued still goes to the queue, as it did before.
      for (const job of followUps.held.splice(0)) await services.ingestQueue.send(job);
      if (err instanceof PermanentJobError) {
        log.warn("job failed permanently", { kind: parsed.data.kind, err });
        await recordFailedJob(services, message.body, err.message, message.attempts);
        message.ack();
      } else {
        log.warn("job failed, will retry", { kind: parsed.data.kind, err });
        const backoff = backoffSeconds(message.attempts, services.config.ingestRetryBaseSeconds);
        message.retry({ delaySeconds: err instanceof RetryLaterError ? Math.max(err.delaySeconds, backoff) : backoff });
      }
    }
  }
}

/**
 * Dead-letter consumer: jobs that ran out of retries are kept as failed-job rows for replay, and the
 * webhook event such a job was working on is marked failed (mark-dead-lettered-event.ts).
 */
export async function consumeDeadLetterBatch(batch: MessageBatch<unknown>, services: Services): Promise<void> {
  for (const message of batch.messages) {
    await recordFailedJob(services, message.body, "retries exhausted", message.attempts);
    await markDeadLetteredEvent(services, message.body, message.attempts);
    message.ack();
  }
}
