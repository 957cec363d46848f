import { PermanentJobError } from "../../queue/jobs.ts";
import type { Provider } from "../provider.ts";
import { connectZcc, disconnectZcc } from "./connections/zcc-connection.ts";
import { purgeDeauthorizedZcc } from "./connections/zcc-deauthorized.ts";
import { handleZccEvent } from "./fetch/handle-zcc-event.ts";
import { syncEngagement } from "./fetch/sync-engagement.ts";
import { handleFlowEvent } from "./flow/handle-flow-event.ts";
import { continueZccReconciliation, reconcileZcc } from "./reconcile/reconcile-zcc.ts";
import { acceptZccEvent } from "./webhook/accept-zcc-event.ts";
import { replayZccEvent } from "./webhook/replay-zcc-event.ts";
import { requeueStuckZccEvents, sweepIgnoredZccArchives } from "./webhook/zcc-sweeps.ts";

/**
 * Zoom Contact Center: engagements (voice, video, messaging, e-mail, voicemail) with their
 * transcripts, notes and dispositions, from `contact_center.*` webhooks on Zoom's one signed webhook,
 * Flow event scripts, and a nightly reconciliation. One Server-to-Server connection per organization.
 */
export const zoomContactCenterProvider: Provider = {
  name: "zoom_contact_center",
  jobKinds: ["zcc_event", "zcc_sync_engagement", "zcc_flow_event"],
  async runJob(services, job) {
    if (job.kind === "zcc_event") return handleZccEvent(services, job);
    if (job.kind === "zcc_flow_event") return handleFlowEvent(services, job);
    if (job.kind === "zcc_sync_engagement") {
      await syncEngagement(services, job.organizationId, job.engagementId, { webhookEventId: job.webhookEventId });
      return;
    }
    throw new PermanentJobError(`zoom_contact_center does not run ${job.kind} jobs`);
  },
  connect: connectZcc,
  disconnect: disconnectZcc,
  reconcile: reconcileZcc,
  continueReconcile: continueZccReconciliation,
  zoomWebhookEvents: { prefix: "contact_center.", accept: acceptZccEvent, appDeauthorized: purgeDeauthorizedZcc },
  replayEvent: replayZccEvent,
  sweepStuckEvents: requeueStuckZccEvents,
  sweepArchives: sweepIgnoredZccArchives,
};
