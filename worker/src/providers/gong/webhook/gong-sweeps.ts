import type { Services } from "../../../platform/services.ts";
import { requeueStuckEvents } from "../../../webhook-archive/requeue-stuck-events.ts";
import { sweepIgnoredArchives } from "../../../webhook-archive/sweep-ignored-archives.ts";
import { organizationsConnectedTo, sweepOrphanArchives } from "../../../webhook-archive/sweep-orphan-archives.ts";
import { archivedGongCallId, gongCallJobFor } from "./gong-event-job.ts";

/**
 * Gong's stuck webhook events (the `sweepStuckEvents` hook): an automation-rule event still received
 * or queued past STUCK_EVENT_MINUTES has its call's import queued again, as on receipt.
 */
export async function requeueStuckGongEvents(services: Services): Promise<void> {
  await requeueStuckEvents(services, "gong", async (s, event) => {
    const callId = await archivedGongCallId(s, event.r2Key);
    if (!callId)
      return {
        status: "failed",
        reason: callId === undefined ? "stuck: the archived body is missing" : "stuck: the archived body names no call",
      };
    const next = await gongCallJobFor(s, event, callId);
    if ("reason" in next) return next;
    await s.ingestQueue.send(next.job);
    return null;
  });
}

/**
 * Gong's ignored archives (test deliveries, malformed bodies, intake discards) past the retention,
 * and bodies a kill left without an index row (the `sweepArchives` hook).
 */
export async function sweepIgnoredGongArchives(services: Services): Promise<void> {
  await sweepIgnoredArchives(services, "gong");
  const organizationIds = await organizationsConnectedTo(services.db, "gong");
  await sweepOrphanArchives(services, { folder: "gong", organizationIds });
}
