import { zccFlowKeys } from "../../../db/schema/index.ts";
import type { Services } from "../../../platform/services.ts";
import { requeueStuckEvents } from "../../../webhook-archive/requeue-stuck-events.ts";
import { sweepIgnoredArchives } from "../../../webhook-archive/sweep-ignored-archives.ts";
import { organizationsConnectedTo, sweepOrphanArchives } from "../../../webhook-archive/sweep-orphan-archives.ts";
import { ZCC } from "../connections/zcc-connection.ts";
import { FLOW_EVENT_TYPE } from "../flow/flow-route.ts";

/**
 * Contact Center's stuck events (the `sweepStuckEvents` hook): a `contact_center.*` webhook or a Flow
 * post still received or queued past STUCK_EVENT_MINUTES is enqueued again as on receipt (its job
 * reads the engagement back and upserts by id, so a duplicate changes nothing).
 */
export async function requeueStuckZccEvents(services: Services): Promise<void> {
  await requeueStuckEvents(services, ZCC, async ({ ingestQueue }, event) => {
    const kind = event.eventType === FLOW_EVENT_TYPE ? "zcc_flow_event" : "zcc_event";
    await ingestQueue.send({
      kind,
      organizationId: event.organizationId,
      webhookEventId: event.id,
      r2Key: event.r2Key,
    });
    return null;
  });
}

/**
 * Contact Center's ignored archives (no connection, unhandled, malformed, deleted engagement) past
 * the retention, and bodies a kill left without an index row: webhooks of connected organizations
 * (and unmatched ones), Flow posts of organizations with an ingest key.
 */
export async function sweepIgnoredZccArchives(services: Services): Promise<void> {
  await sweepIgnoredArchives(services, ZCC);
  const connected = await organizationsConnectedTo(services.db, ZCC);
  await sweepOrphanArchives(services, { folder: "zoom-contact-center", organizationIds: connected, unmatched: true });
  const withFlowKey = await services.db.select({ organizationId: zccFlowKeys.organizationId }).from(zccFlowKeys);
  await sweepOrphanArchives(services, {
    folder: "zoom-contact-center/flow",
    organizationIds: withFlowKey.map((row) => row.organizationId),
  });
}
