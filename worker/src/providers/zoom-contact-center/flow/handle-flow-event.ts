import { and, eq } from "drizzle-orm";
import { webhookEvents } from "../../../db/schema/index.ts";
import { sha256Hex } from "../../../platform/crypto.ts";
import type { Services } from "../../../platform/services.ts";
import { PermanentJobError } from "../../../queue/jobs.ts";
import { readZccJson } from "../fetch/read-zcc-transcript.ts";
import { syncEngagement } from "../fetch/sync-engagement.ts";
import type { ZccEngagement } from "../fetch/zcc-api.ts";
import { deletedEngagements, ENGAGEMENT_DELETED } from "../store/deleted-engagements.ts";
import { findEngagementConversation, upsertEngagementConversation } from "../store/engagement-conversation.ts";
import { upsertDispositions } from "../store/engagement-items.ts";
import { storeEngagementTranscript } from "../store/store-engagement-transcript.ts";
import { FlowBodySchema, flowDisposition } from "./flow-body.ts";

/**
 * A queued Flow event script post. With an engagement id and an active Contact Center connection
 * the engagement is first read back through the REST API like any webhook (its conversation, notes,
 * dispositions, Zoom's own transcript); the Flow's disposition is upserted beside those, and its
 * messaging transcript is stored when Zoom's is not (Flow transcripts exist for inbound messaging
 * only). Without an engagement id the body's hash names the conversation, so a resent body is the same one.
 */
export async function handleFlowEvent(
  services: Services,
  job: { organizationId: string; webhookEventId: string; r2Key: string },
): Promise<void> {
  const stored = await services.blobs.get(job.r2Key);
  if (!stored) throw new PermanentJobError(`archived Flow body ${job.r2Key} is missing`);
  const raw = await stored.text();
  const parsed = FlowBodySchema.safeParse(JSON.parse(raw));
  if (!parsed.success) throw new PermanentJobError("archived Flow body is malformed");
  const body = parsed.data;
  const { organizationId } = job;
  const engagementId = body.engagement_id ?? `flow-${(await sha256Hex(raw)).slice(0, 24)}`;
  const event = and(eq(webhookEvents.organizationId, organizationId), eq(webhookEvents.id, job.webhookEventId));
  if ((await deletedEngagements(services.db, organizationId, [engagementId])).has(engagementId)) {
    await services.db.update(webhookEvents).set({ status: "ignored", reason: ENGAGEMENT_DELETED }).where(event);
    services.log.info("flow event skipped: its engagement was deleted by an admin", { engagementId });
    return;
  }

  let synced = false;
  if (body.engagement_id) {
    try {
      await syncEngagement(services, organizationId, engagementId, {});
      synced = true;
    } catch (err) {
      // No connection, or Zoom does not know it yet: the Flow's own data still counts.
      services.log.info("flow event: engagement not read back", { engagementId, err });
    }
  }
  const disposition = flowDisposition(body.disposition);
  if (disposition)
    await upsertDispositions(services, organizationId, engagementId, [
      { dispositionId: disposition.id, userId: null, name: disposition.name, userDisplayName: null, queueName: null },
    ]);

  const transcript = body.transcript ? readZccJson(body.transcript, undefined) : null;
  const engagement: ZccEngagement = {
    engagement_id: engagementId,
    channels: [{ channel: "messaging" }],
    consumers: [],
    agents: [],
  };
  // Read back from Zoom, the conversation already has the engagement's details: the Flow's bare
  // engagement must not overwrite them.
  const conversation =
    (synced ? await findEngagementConversation(services, organizationId, engagementId) : null) ??
    (await upsertEngagementConversation(services, organizationId, engagement, undefined));
  if (transcript?.ok && !conversation.transcriptKey) {
    const transcriptKey = `orgs/${organizationId}/transcripts/zcc/flow/${job.webhookEventId}.json`;
    await services.blobs.put(transcriptKey, JSON.stringify(body.transcript), {
      httpMetadata: { contentType: "application/json" },
    });
    await storeEngagementTranscript(services, {
      organizationId,
      conversationId: conversation.id,
      startedAt: conversation.startedAt,
      engagement,
      transcript: transcript.transcript,
      transcriptKey,
    });
  }
  await services.db
    .update(webhookEvents)
    .set({
      status: "processed",
      reason: transcript && !transcript.ok ? `transcript not read: ${transcript.error}` : null,
    })
    .where(event);
}
