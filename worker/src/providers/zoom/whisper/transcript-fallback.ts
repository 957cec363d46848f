import { and, eq, inArray, sql } from "drizzle-orm";
import { conversations, webhookEvents } from "../../../db/schema/index.ts";
import { isTombstoned } from "../../../deletions/tombstones.ts";
import type { Services } from "../../../platform/services.ts";
import { PermanentJobError } from "../../../queue/jobs.ts";
import { whisperSegments } from "../../../transcripts/whisper-segments.ts";
import { transcribeWithWhisper, WHISPER_MAX_AUDIO_BYTES } from "../../../transcripts/whisper-transcribe.ts";
import { requireActiveZoomConnection } from "../connections/require-active-connection.ts";
import { findAudioFile, RecordingObjectSchema } from "../fetch/recording-event.ts";
import { meetingFacts, participantRows, storeMeetingTranscript } from "../store/store-meeting-transcript.ts";
import { ZoomEnvelopeSchema } from "../webhook/zoom-event-schema.ts";
import { audioTooLarge, stageAudio } from "./stage-audio.ts";
import { whisperStagingKey } from "./sweep-staged-audio.ts";
import { whisperFailure } from "./whisper-failure.ts";

export interface TranscriptFallbackJob {
  organizationId: string;
  /** The `recording.completed` event that had no transcript; its archived body is at r2Key. */
  webhookEventId: string;
  r2Key: string;
}

export type FallbackOutcome = "zoom_transcript" | "zoom_transcript_in_flight" | "no_transcript" | "whisper" | "deleted";

const hours = (seconds: number) =>
  seconds >= 3600
    ? `${+(seconds / 3600).toFixed(1)} h`
    : seconds >= 60
      ? `${Math.round(seconds / 60)} min`
      : `${seconds} s`;

/**
 * The delayed job a `recording.completed` without a transcript queued. By now Zoom's transcript has
 * usually arrived (nothing to do). If not: without OPENAI_API_KEY, or without an audio file, the
 * conversation is marked as having no transcript (status "failed", reason on the event: visible to
 * admins, never retried); else the audio is downloaded into R2, transcribed by Whisper and deleted
 * (always, also on failure), and the transcript stored exactly like Zoom's (R2 original, D1 segments
 * and FTS, routing, analysis). A Zoom transcript arriving later replaces it (it has speakers).
 */
export async function runTranscriptFallback(services: Services, job: TranscriptFallbackJob): Promise<FallbackOutcome> {
  const { db, blobs, log } = services;
  const eventScope = and(
    eq(webhookEvents.organizationId, job.organizationId),
    eq(webhookEvents.id, job.webhookEventId),
  );
  const note = (reason: string) =>
    db
      .update(webhookEvents)
      .set({ reason: reason.slice(0, 500) })
      .where(eventScope);
  let uuid: string | null = null;
  try {
    const archived = await blobs.get(job.r2Key);
    if (!archived) throw new PermanentJobError(`archived body missing at ${job.r2Key}`);
    const envelope = ZoomEnvelopeSchema.safeParse(await archived.json().catch(() => null));
    const object = envelope.success ? RecordingObjectSchema.safeParse(envelope.data.payload.object) : null;
    if (!envelope.success || !object?.success)
      throw new PermanentJobError(`archived body at ${job.r2Key} is not a Zoom recording event`);
    const meeting = object.data;
    uuid = meeting.uuid;
    const waited = hours(services.config.zoom.transcriptWaitSeconds);
    const owner = {
      organizationId: job.organizationId,
      zoomAccountId: envelope.data.payload.account_id,
      zoomUserId: meeting.host_id,
    };

    if (await isTombstoned(db, job.organizationId, "zoom_meeting", meeting.uuid)) {
      await note("transcript fallback: the meeting's conversation was deleted by an admin; nothing transcribed");
      return "deleted";
    }
    if (await hasTranscript(services, job.organizationId, meeting.uuid)) {
      await note(`transcript fallback: Zoom's transcript arrived within ${waited}; no Whisper transcription needed`);
      return "zoom_transcript";
    }
    if (await zoomTranscriptInFlight(services, job.organizationId, meeting.uuid)) {
      await note("transcript fallback: Zoom's transcript is being fetched; no Whisper transcription needed");
      return "zoom_transcript_in_flight";
    }
    if (!services.config.openai.apiKey) {
      await markNoTranscript(
        services,
        job,
        meeting.uuid,
        `no transcript: Zoom made none within ${waited}, and Whisper is off (OPENAI_API_KEY is not set)`,
      );
      return "no_transcript";
    }
    const audio = findAudioFile(meeting);
    if (!audio) {
      await markNoTranscript(
        services,
        job,
        meeting.uuid,
        `no transcript: Zoom made none within ${waited}, and the recording has no audio file to transcribe`,
      );
      return "no_transcript";
    }
    if (audio.file_size !== undefined && audio.file_size > WHISPER_MAX_AUDIO_BYTES)
      throw audioTooLarge(audio.id, audio.file_size);

    // Hours may have passed since the event: a disconnect meanwhile stops the job before Zoom is asked.
    await requireActiveZoomConnection(services, owner, "audio download");
    const staging = whisperStagingKey(job.organizationId, meeting.uuid, audio.id);
    let transcribed: Awaited<ReturnType<typeof transcribeWithWhisper>>;
    try {
      const bytes = await stageAudio(
        services,
        {
          fileId: audio.id,
          organizationId: job.organizationId,
          zoomAccountId: envelope.data.payload.account_id,
          zoomUserId: meeting.host_id,
          downloadUrl: audio.download_url,
          downloadToken: envelope.data.download_token,
          eventTimeMs: envelope.data.event_ts,
        },
        staging,
      );
      const staged = await blobs.get(staging);
      if (!staged) throw new Error(`staged audio vanished from ${staging}`);
      const extension = (audio.file_extension ?? audio.file_type ?? "m4a").toLowerCase();
      log.info("transcribing with whisper", { meeting: meeting.uuid, file: audio.id, bytes });
      await requireActiveZoomConnection(services, owner, "Whisper transcription");
      try {
        transcribed = await transcribeWithWhisper(services.config.openai, {
          data: await staged.blob(),
          filename: `${audio.id}.${extension}`,
        });
      } catch (err) {
        throw whisperFailure(err, services.clock.now());
      }
    } finally {
      // Only the transcript and its analysis are kept: the audio goes whatever happened.
      await blobs.delete(staging);
    }

    const segments = whisperSegments(transcribed.answer);
    if (segments.length === 0) {
      await markNoTranscript(services, job, meeting.uuid, "no transcript: Whisper heard no speech in the recording");
      return "no_transcript";
    }
    // Zoom's transcript may have landed while Whisper worked: it wins (it names the speakers).
    if (await isTombstoned(db, job.organizationId, "zoom_meeting", meeting.uuid)) {
      await note("transcript fallback: the meeting's conversation was deleted by an admin; nothing transcribed");
      return "deleted";
    }
    if (await hasTranscript(services, job.organizationId, meeting.uuid)) {
      await note("transcript fallback: Zoom's transcript arrived during transcription; Whisper's was not used");
      return "zoom_transcript";
    }
    await requireActiveZoomConnection(services, owner, "storing the Whisper transcript");
    const transcriptKey = `orgs/${job.organizationId}/transcripts/zoom/${encodeURIComponent(meeting.uuid)}/whisper-${encodeURIComponent(audio.id)}.json`;
    await blobs.put(transcriptKey, JSON.stringify(transcribed.answer), {
      httpMetadata: { contentType: "application/json" },
      customMetadata: { webhookEventId: job.webhookEventId, model: transcribed.model },
    });
    const rows = await participantRows(services, job, envelope.data, meeting);
    const stored = await storeMeetingTranscript(services, job, {
      facts: await meetingFacts(services, job.organizationId, meeting),
      rows,
      segments,
      speakers: [],
      transcriptKey,
    });
    await note(`no Zoom transcript within ${waited}: transcribed by Whisper (${transcribed.model})`);
    log.info("whisper transcript stored", {
      conversation: stored.conversationId,
      segments: segments.length,
      participants: stored.participants,
      routing: stored.routing,
    });
    return "whisper";
  } catch (err) {
    if (err instanceof PermanentJobError) {
      await db
        .update(webhookEvents)
        .set({ status: "failed", reason: `transcript fallback: ${err.message}`.slice(0, 500) })
        .where(eventScope);
      if (uuid) await markConversationWithoutTranscript(services, job.organizationId, uuid);
    }
    throw err;
  }
}

const meetingScope = (organizationId: string, uuid: string) =>
  and(
    eq(conversations.organizationId, organizationId),
    eq(conversations.source, "zoom_meeting"),
    eq(conversations.externalId, uuid),
  );

async function hasTranscript(services: Services, organizationId: string, uuid: string): Promise<boolean> {
  const row = await services.db.query.conversations.findFirst({
    columns: { transcriptKey: true },
    where: meetingScope(organizationId, uuid),
  });
  return !!row?.transcriptKey;
}

/**
 * A `recording.transcript_completed` for the meeting (webhook or reconciliation) that is queued and
 * not yet through, e.g. retrying a failing download: it will store Zoom's transcript or become a
 * failed job of its own, so Whisper is not needed. Both dedupe keys end in or contain ":<uuid>".
 */
async function zoomTranscriptInFlight(services: Services, organizationId: string, uuid: string): Promise<boolean> {
  const row = await services.db.query.webhookEvents.findFirst({
    columns: { id: true },
    where: and(
      eq(webhookEvents.organizationId, organizationId),
      eq(webhookEvents.provider, "zoom"),
      eq(webhookEvents.eventType, "recording.transcript_completed"),
      inArray(webhookEvents.status, ["received", "queued"]),
      sql`instr(${webhookEvents.dedupeKey}, ${`:${uuid}`}) > 0`,
    ),
  });
  return !!row;
}

/** "No transcript" on the conversation: status failed while it has none (a later transcript still lands). */
async function markConversationWithoutTranscript(services: Services, organizationId: string, uuid: string) {
  await services.db
    .update(conversations)
    .set({ status: "failed", updatedAt: services.clock.now() })
    .where(and(meetingScope(organizationId, uuid), eq(conversations.status, "pending")));
}

async function markNoTranscript(services: Services, job: TranscriptFallbackJob, uuid: string, reason: string) {
  await markConversationWithoutTranscript(services, job.organizationId, uuid);
  await services.db
    .update(webhookEvents)
    .set({ reason })
    .where(and(eq(webhookEvents.organizationId, job.organizationId), eq(webhookEvents.id, job.webhookEventId)));
  services.log.info("no transcript for the meeting", { meeting: uuid, reason });
}
