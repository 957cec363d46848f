import { ConfigureZoomAccountRequestSchema } from "@sightline/shared";
import { ApiError } from "../../platform/api-error.ts";
import { PermanentJobError } from "../../queue/jobs.ts";
import type { Provider } from "../provider.ts";
import { configureZoomAccountConnection, disconnectConnection } from "./connections/zoom-account-connection.ts";
import { handleZoomEvent } from "./fetch/handle-zoom-event.ts";
import { thenRedactDownloadToken } from "./fetch/redact-download-token.ts";
import { continueZoomReconciliation, reconcileZoomRecordings } from "./reconcile/reconcile-run.ts";
import { replayZoomEvent } from "./webhook/replay-zoom-event.ts";
import { requeueStuckWebhookEvents } from "./webhook/requeue-stuck-events.ts";
import { sweepIgnoredZoomArchives, sweepOrphanZoomArchives } from "./webhook/sweep-ignored-archives.ts";
import { sweepStagedAudio } from "./whisper/sweep-staged-audio.ts";
import { runTranscriptFallback } from "./whisper/transcript-fallback.ts";

/** Zoom meetings: account-level (Server-to-Server) and per-user (OAuth) connections. */
export const zoomProvider: Provider = {
  name: "zoom",
  jobKinds: ["zoom_event", "zoom_transcript_fallback"],
  async runJob(services, job) {
    // Each ends by dropping the archived body's download_token once no run can need it again.
    if (job.kind === "zoom_event")
      await thenRedactDownloadToken(
        services,
        job.r2Key,
        () => handleZoomEvent(services, job),
        (outcome) => outcome === "pending",
      );
    else if (job.kind === "zoom_transcript_fallback")
      await thenRedactDownloadToken(services, job.r2Key, () => runTranscriptFallback(services, job));
    else throw new PermanentJobError(`zoom does not run ${job.kind} jobs`);
  },
  async connect(services, organizationId, input) {
    const parsed = ConfigureZoomAccountRequestSchema.safeParse(input);
    if (!parsed.success)
      throw new ApiError("bad_request", `${parsed.error.issues[0]?.path.join(".") || "body"}: invalid`);
    return configureZoomAccountConnection(services, organizationId, parsed.data);
  },
  disconnect: disconnectConnection,
  reconcile: reconcileZoomRecordings,
  replayEvent: replayZoomEvent,
  continueReconcile: continueZoomReconciliation,
  async everyQuarterHour(services) {
    // Whisper's staged audio lives only while it is transcribed.
    await sweepStagedAudio(services);
  },
  async sweepStuckEvents(services) {
    await requeueStuckWebhookEvents(services);
  },
  async sweepArchives(services) {
    await sweepIgnoredZoomArchives(services);
    await sweepOrphanZoomArchives(services);
  },
};
