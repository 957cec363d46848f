import type { Services } from "../platform/services.ts";
import type { IngestJob } from "./jobs.ts";

/**
 * Follow-up jobs that the invocation which queues them runs at once instead: a stored transcript's
 * analysis. Sending it through the queue would cost another batch wait (max_batch_timeout) between
 * the transcript and its insights, most of the call-to-insight time; running it here does the
 * download, store and analysis of one call in one consumer invocation. A follow-up that fails here is
 * queued as before (and so retried with backoff, then dead-lettered): nothing is lost.
 */
const RUN_INLINE: ReadonlySet<IngestJob["kind"]> = new Set(["analyze_conversation"]);

export interface FollowUps {
  /** The services a job runs with: their queue holds back the follow-ups this invocation will run. */
  services: Services;
  /** The held-back follow-ups, in the order they were sent. */
  held: IngestJob[];
}

export function holdFollowUps(services: Services): FollowUps {
  const queue = services.ingestQueue;
  const held: IngestJob[] = [];
  const ingestQueue: Queue<IngestJob> = {
    metrics: () => queue.metrics(),
    send(body, options) {
      if (RUN_INLINE.has(body.kind) && !options?.delaySeconds) {
        held.push(body);
        // Nothing reads a send's response; a held job has none to give.
        return Promise.resolve({} as QueueSendResponse);
      }
      return queue.send(body, options);
    },
    sendBatch: (messages, options) => queue.sendBatch(messages, options),
  };
  return { services: { ...services, ingestQueue }, held };
}

/**
 * Runs held follow-ups with the plain services (their own follow-ups, such as a Slack recap, go to the
 * queue); one that throws is sent to the queue instead.
 */
export async function runHeldFollowUps(
  held: readonly IngestJob[],
  services: Services,
  run: (job: IngestJob, services: Services) => Promise<void>,
): Promise<void> {
  for (const job of held) {
    try {
      await run(job, services);
    } catch (err) {
      services.log.warn("inline follow-up failed, queued instead", { kind: job.kind, err });
      await services.ingestQueue.send(job);
    }
  }
}
