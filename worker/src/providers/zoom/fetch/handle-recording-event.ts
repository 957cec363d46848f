import type { Services } from "../../../platform/services.ts";
import { PermanentJobError } from "../../../queue/jobs.ts";
import { readZoomVtt } from "../../../transcripts/read-zoom-vtt.ts";
import { requireActiveZoomConnection } from "../connections/require-active-connection.ts";
import {
  meetingFacts,
  participantRows,
  storeMeetingTranscript,
  type ZoomEventJob,
} from "../store/store-meeting-transcript.ts";
import { upsertZoomConversation } from "../store/store-zoom-conversation.ts";
import type { ZoomEnvelope } from "../webhook/zoom-event-schema.ts";
import { scheduleTranscriptFallback } from "../whisper/transcript-fallback-schedule.ts";
import { downloadTranscript } from "./download-transcript.ts";
import { findTranscriptFile, RecordingObjectSchema } from "./recording-event.ts";

export type { ZoomEventJob } from "../store/store-meeting-transcript.ts";

/**
 * The original file, kept in R2 before anything else can fail. A retry of the same job reuses it
 * (no second download, and no dependence on a download token that may have expired meanwhile); a new
 * event for the same file downloads again, since Zoom may have re-transcribed it.
 */
async function fetchVtt(
  services: Services,
  job: ZoomEventJob,
  envelope: ZoomEnvelope,
  key: string,
  downloadUrl: string,
  hostId: string | undefined,
): Promise<string> {
  const kept = await services.blobs.get(key);
  if (kept && kept.customMetadata?.webhookEventId === job.webhookEventId) return kept.text();
  const vtt = await downloadTranscript(services, {
    organizationId: job.organizationId,
    zoomAccountId: envelope.payload.account_id,
    zoomUserId: hostId,
    downloadUrl,
    downloadToken: envelope.download_token,
    eventTimeMs: envelope.event_ts,
  });
  await services.blobs.put(key, vtt, {
    httpMetadata: { contentType: "text/vtt; charset=utf-8" },
    customMetadata: { webhookEventId: job.webhookEventId },
  });
  return vtt;
}

/**
 * `recording.completed` and `recording.transcript_completed`. Without a transcript file the meeting
 * is recorded as a pending conversation waiting for `transcript_completed`, and a delayed fallback
 * job is queued (Whisper, when Zoom never makes one: transcript-fallback.ts). With one: download,
 * keep the original in R2, read it, learn who took part, route it to an account, store it all, and
 * queue the analysis.
 */
export async function handleRecordingEvent(
  services: Services,
  job: ZoomEventJob & { r2Key: string },
  envelope: ZoomEnvelope,
): Promise<"pending" | "stored"> {
  const { db, clock, log } = services;
  const parsed = RecordingObjectSchema.safeParse(envelope.payload.object);
  if (!parsed.success) throw new PermanentJobError(`${envelope.event}: payload.object has no meeting uuid`);
  const object = parsed.data;
  const owner = {
    organizationId: job.organizationId,
    zoomAccountId: envelope.payload.account_id,
    zoomUserId: object.host_id,
  };
  // A job queued before a disconnect still holds a download_token: it must not use it.
  await requireActiveZoomConnection(services, owner, envelope.event);
  const facts = await meetingFacts(services, job.organizationId, object);
  const file = findTranscriptFile(object);
  if (!file) {
    if (envelope.event === "recording.transcript_completed")
      throw new PermanentJobError(`${envelope.event}: no TRANSCRIPT (VTT) file among the recording files`);
    await upsertZoomConversation(db, job.organizationId, facts, clock.now());
    await scheduleTranscriptFallback(services, job, object.uuid);
    return "pending";
  }

  const key = `orgs/${job.organizationId}/transcripts/zoom/${encodeURIComponent(object.uuid)}/${encodeURIComponent(file.id)}.vtt`;
  const vtt = await fetchVtt(services, job, envelope, key, file.download_url, object.host_id);
  const rows = await participantRows(services, job, envelope, object);
  const read = readZoomVtt(vtt, { participants: rows.map((r) => r.name) });
  if (!read.ok) throw new PermanentJobError(`transcript ${key} is not readable WebVTT: ${read.error.message}`);
  await requireActiveZoomConnection(services, owner, "storing the transcript");
  const stored = await storeMeetingTranscript(services, job, {
    facts,
    rows,
    segments: read.transcript.segments,
    speakers: read.stats.speakers,
    transcriptKey: key,
  });
  log.info("zoom transcript stored", {
    conversation: stored.conversationId,
    segments: read.transcript.segments.length,
    participants: stored.participants,
    routing: stored.routing,
  });
  return "stored";
}
