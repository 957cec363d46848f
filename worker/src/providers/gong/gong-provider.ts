import { ConfigureGongAccountRequestSchema } from "@sightline/shared";
import { ApiError } from "../../platform/api-error.ts";
import { PermanentJobError } from "../../queue/jobs.ts";
import type { Provider } from "../provider.ts";
import { connectGongByKey, disconnectGong } from "./connections/gong-connection.ts";
import { runGongCallJob } from "./pull/gong-call-job.ts";
import { runGongSync, startGongPulls } from "./pull/gong-sync.ts";
import { gongSyncProgress } from "./pull/sync-progress.ts";
import { requeueStuckGongEvents, sweepIgnoredGongArchives } from "./webhook/gong-sweeps.ts";
import { replayGongEvent } from "./webhook/replay-gong-event.ts";

/** Gong: one company per organization, by an admin's access key or OAuth; pulled every 15 minutes and on webhooks. */
export const gongProvider: Provider = {
  name: "gong",
  jobKinds: ["gong_sync", "gong_call"],
  async runJob(services, job) {
    if (job.kind === "gong_sync") await runGongSync(services, job);
    else if (job.kind === "gong_call") await runGongCallJob(services, job);
    else throw new PermanentJobError(`gong does not run ${job.kind} jobs`);
  },
  async connect(services, organizationId, input) {
    const parsed = ConfigureGongAccountRequestSchema.safeParse(input);
    if (!parsed.success)
      throw new ApiError("bad_request", `${parsed.error.issues[0]?.path.join(".") || "body"}: invalid`);
    return connectGongByKey(services, organizationId, parsed.data);
  },
  disconnect: disconnectGong,
  // The nightly run and the 15-minute run do the same: a pull step per active connection (a step
  // already running keeps its lease and the extra one ends at once).
  reconcile: startGongPulls,
  everyQuarterHour: startGongPulls,
  syncProgress: gongSyncProgress,
  replayEvent: replayGongEvent,
  sweepStuckEvents: requeueStuckGongEvents,
  sweepArchives: sweepIgnoredGongArchives,
};
