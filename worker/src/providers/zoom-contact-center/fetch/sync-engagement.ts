import { and, eq } from "drizzle-orm";
import { webhookEvents } from "../../../db/schema/index.ts";
import type { Services } from "../../../platform/services.ts";
import { MAX_TRANSCRIPT_BYTES, readTextAtMost, zoomFailure } from "../../../platform/zoom-api/zoom-client.ts";
import { PermanentJobError } from "../../../queue/jobs.ts";
import { requireActiveZcc } from "../connections/zcc-connection.ts";
import { deletedEngagements, ENGAGEMENT_DELETED } from "../store/deleted-engagements.ts";
import { upsertEngagementConversation } from "../store/engagement-conversation.ts";
import { upsertDispositions, upsertNotes } from "../store/engagement-items.ts";
import { storeEngagementTranscript } from "../store/store-engagement-transcript.ts";
import { TRANSCRIPT_EVENTS, type ZccEventObject } from "../webhook/zcc-event-schema.ts";
import { keepRecordings } from "./keep-recording.ts";
import { readZccTranscript } from "./read-zcc-transcript.ts";
import { ZccApi, type ZccEngagement } from "./zcc-api.ts";

/** Zoom answers these for a transcript that is not processed yet: read again later (the queue's backoff). */
const NOT_READY = new Set([202, 204, 404, 409, 425]);

export interface SyncHint {
  /** The event that asked (none: reconciliation). */
  event?: string;
  object?: ZccEventObject;
  /** The archived event, marked processed once everything is stored. */
  webhookEventId?: string;
}

export type SyncOutcome = "stored" | "no_transcript_yet" | "already_stored" | "skipped_deleted";

/** The transcript file of the engagement: Zoom's REST answer first, the event's own URL only when REST has none. */
function transcriptUrl(engagement: ZccEngagement, hint: SyncHint): string | null {
  if (hint.event === "contact_center.voicemail_transcript_completed") {
    const voicemail = engagement.callback_voice_messages?.find((m) => m.callback_voice_message_transcript_url);
    if (voicemail?.callback_voice_message_transcript_url) return voicemail.callback_voice_message_transcript_url;
  }
  return engagement.transcript_url || (hint.object?.transcript_url ?? null) || null;
}

/**
 * Everything about one engagement, read back through the REST API (webhook payload fields are
 * unverified, so they are never trusted alone): its conversation (one per engagement, created on
 * first sight whatever event comes first), notes and dispositions upserted by id (the REST lists and
 * the event's own item), and its transcript once there is one. A transcript event whose file is not
 * there yet fails the job with an ordinary error, so the queue reads again with backoff; other events
 * store what there is and leave the transcript to its own event or the nightly reconciliation.
 * Idempotent: any number of deliveries, in any order, give the same rows. An engagement an admin
 * deleted is skipped before anything is read or written (its event marked ignored with the reason).
 */
export async function syncEngagement(
  services: Services,
  organizationId: string,
  engagementId: string,
  hint: SyncHint,
): Promise<SyncOutcome> {
  if ((await deletedEngagements(services.db, organizationId, [engagementId])).has(engagementId)) {
    if (hint.webhookEventId)
      await services.db
        .update(webhookEvents)
        .set({ status: "ignored", reason: ENGAGEMENT_DELETED })
        .where(and(eq(webhookEvents.organizationId, organizationId), eq(webhookEvents.id, hint.webhookEventId)));
    services.log.info("contact center engagement skipped: deleted by an admin", { engagementId });
    return "skipped_deleted";
  }
  const connection = await requireActiveZcc(services, organizationId, `engagement ${engagementId}`);
  const api = new ZccApi(services, connection);
  let engagement: ZccEngagement;
  try {
    engagement = await api.engagement(engagementId);
  } catch (err) {
    // Zoom may not list an engagement the instant its first event fires: retried with backoff.
    if (err instanceof PermanentJobError && err.message.includes("404"))
      throw new Error(`engagement ${engagementId}: not found at Zoom yet`);
    throw err;
  }
  const conversation = await upsertEngagementConversation(services, organizationId, engagement, hint.event);

  const object = hint.object;
  const notes = (engagement.notes ?? []).flatMap((n) =>
    n.note
      ? [{ noteId: n.note_id, userId: n.user_id ?? null, note: n.note, modifiedAt: dateOrNull(n.last_modified_time) }]
      : [],
  );
  if (hint.event === "contact_center.engagement_note_added" && object?.note_id && object.note)
    notes.push({
      noteId: object.note_id,
      userId: object.user_id ?? null,
      note: object.note,
      modifiedAt: dateOrNull(object.last_modified_time),
    });
  await upsertNotes(services, organizationId, engagementId, notes);
  const dispositions = [];
  if (hint.event === "contact_center.engagement_disposition_added" && object?.disposition_id)
    dispositions.push({
      dispositionId: object.disposition_id,
      userId: object.user_id ?? null,
      name: object.disposition_name?.trim() || object.disposition_id,
      userDisplayName: object.user_display_name ?? null,
      queueName: object.queue_name ?? null,
    });
  for (const d of engagement.dispositions ?? [])
    dispositions.push({
      dispositionId: d.disposition_id,
      userId: null,
      name: d.disposition_name?.trim() || d.disposition_id,
      userDisplayName: null,
      queueName: null,
    });
  await upsertDispositions(services, organizationId, engagementId, dispositions);

  if (hint.event === "contact_center.recording_completed")
    await keepRecordings(services, api, {
      organizationId,
      conversationId: conversation.id,
      engagement,
      recordingId: object?.recording_id,
    });
  const outcome = await syncTranscript(services, api, { organizationId, engagement, conversation, hint });
  if (hint.webhookEventId)
    await services.db
      .update(webhookEvents)
      .set({ status: "processed", reason: outcome === "no_transcript_yet" ? "no transcript yet" : null })
      .where(and(eq(webhookEvents.organizationId, organizationId), eq(webhookEvents.id, hint.webhookEventId)));
  return outcome;
}

async function syncTranscript(
  services: Services,
  api: ZccApi,
  input: {
    organizationId: string;
    engagement: ZccEngagement;
    conversation: Awaited<ReturnType<typeof upsertEngagementConversation>>;
    hint: SyncHint;
  },
): Promise<SyncOutcome> {
  const { organizationId, engagement, conversation, hint } = input;
  const asked = hint.event !== undefined && TRANSCRIPT_EVENTS.has(hint.event);
  if (!asked && conversation.transcriptKey) return "already_stored";
  const what = `transcript of engagement ${engagement.engagement_id}`;
  const url = transcriptUrl(engagement, hint);
  if (!url) {
    if (asked) throw new Error(`${what}: Zoom lists no transcript_url yet`);
    return "no_transcript_yet";
  }
  await requireActiveZcc(services, organizationId, what);
  let res = await api.client.download(url, await api.token(false), what);
  if (res.status === 401) {
    await res.body?.cancel();
    res = await api.client.download(url, await api.token(true), what);
  }
  if (NOT_READY.has(res.status)) {
    await res.body?.cancel();
    if (asked) throw new Error(`${what}: not ready at Zoom yet (${res.status})`);
    return "no_transcript_yet";
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw zoomFailure(what, res.status, res.headers.get("retry-after"), services.clock.now());
  }
  const contentType = res.headers.get("content-type");
  const body = await readTextAtMost(res, MAX_TRANSCRIPT_BYTES, what);
  if (!body.trim()) {
    if (asked) throw new Error(`${what}: the file is still empty at Zoom`);
    return "no_transcript_yet";
  }
  const read = readZccTranscript(body, contentType, conversation.startedAt.getTime());
  if (!read.ok) throw new PermanentJobError(`${what}: ${read.error}`);
  const json = /json/i.test(contentType ?? "") || /^\s*[[{]/.test(body);
  const transcriptKey = `orgs/${organizationId}/transcripts/zcc/${encodeURIComponent(engagement.engagement_id)}.${json ? "json" : "vtt"}`;
  await services.blobs.put(transcriptKey, body, { httpMetadata: { contentType: contentType ?? "text/plain" } });
  await requireActiveZcc(services, organizationId, what);
  await storeEngagementTranscript(services, {
    organizationId,
    conversationId: conversation.id,
    startedAt: conversation.startedAt,
    engagement,
    transcript: read.transcript,
    transcriptKey,
  });
  return "stored";
}

function dateOrNull(value: string | null | undefined): Date | null {
  const at = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(at) ? null : new Date(at);
}
