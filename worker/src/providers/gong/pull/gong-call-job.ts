import { and, eq } from "drizzle-orm";
import { webhookEvents } from "../../../db/schema/index.ts";
import type { Services } from "../../../platform/services.ts";
import { PermanentJobError } from "../../../queue/jobs.ts";
import { requireActiveGongConnection } from "../connections/gong-credentials.ts";
import { gongClientFor } from "../connections/gong-token.ts";
import { importGongCalls } from "./import-gong-calls.ts";

export interface GongCallJob {
  organizationId: string;
  connectionId: string;
  callId: string;
  webhookEventId?: string;
}

/**
 * Imports one call now (an automation-rule webhook announced it): the same path as the pull, for one
 * id, retrying a call that failed before. The announcing event ends processed (imported, or no
 * transcript yet: the pull tries again while the call is in its window) or ignored (intake rule).
 */
export async function runGongCallJob(services: Services, job: GongCallJob): Promise<void> {
  let tally: Awaited<ReturnType<typeof importGongCalls>>;
  try {
    const row = await requireActiveGongConnection(services, job.organizationId, job.connectionId, "import a Gong call");
    const client = await gongClientFor(services, row);
    tally = await importGongCalls(
      services,
      { organizationId: job.organizationId, connectionId: job.connectionId, client },
      [job.callId],
      { force: true, webhookEventId: job.webhookEventId },
    );
  } catch (err) {
    // A permanent failure ends the job at once: its event says so rather than waiting as queued.
    if (err instanceof PermanentJobError && job.webhookEventId)
      await services.db
        .update(webhookEvents)
        .set({ status: "failed", reason: err.message.slice(0, 300) })
        .where(and(eq(webhookEvents.organizationId, job.organizationId), eq(webhookEvents.id, job.webhookEventId)));
    throw err;
  }
  if (!job.webhookEventId || tally.imported > 0) return;
  const outcome =
    tally.discarded > 0
      ? { status: "ignored" as const, reason: "intake rule: discarded on receipt" }
      : tally.noTranscript > 0
        ? { status: "processed" as const, reason: "Gong has no transcript for this call yet; the pull tries again" }
        : tally.failed > 0
          ? { status: "failed" as const, reason: "the call could not be stored" }
          : {
              status: "processed" as const,
              reason: "Gong does not answer this call yet (or it was imported before); the pull takes it when listed",
            };
  await services.db
    .update(webhookEvents)
    .set(outcome)
    .where(and(eq(webhookEvents.organizationId, job.organizationId), eq(webhookEvents.id, job.webhookEventId)));
}
