import type { Services } from "../../../platform/services.ts";
import { requeueStuckEvents, type StuckEventsOutcome } from "../../../webhook-archive/requeue-stuck-events.ts";

export { MAX_REQUEUES, STUCK_EVENTS_PER_RUN } from "../../../webhook-archive/requeue-stuck-events.ts";

/**
 * Zoom meetings' stuck events (the `sweepStuckEvents` hook): each is enqueued again exactly as
 * acceptZoomEvent enqueues it, a `zoom_event` job. Only those jobs hang on received/queued: a meeting
 * waiting (up to 12 h) for its transcript fallback has its `recording.completed` event processed.
 */
export function requeueStuckWebhookEvents(services: Services): Promise<StuckEventsOutcome> {
  return requeueStuckEvents(services, "zoom", async ({ ingestQueue }, event) => {
    await ingestQueue.send({
      kind: "zoom_event",
      organizationId: event.organizationId,
      webhookEventId: event.id,
      r2Key: event.r2Key,
    });
    return null;
  });
}
