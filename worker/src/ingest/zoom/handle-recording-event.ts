import { and, eq, sql } from "drizzle-orm";
import { users } from "../../db/schema/index.ts";
import type { Services } from "../../platform/services.ts";
import { loadRoutingEvidence } from "../../routing/load-routing-evidence.ts";
import { participantSide } from "../../routing/participant-side.ts";
import { scoreRouting } from "../../routing/score-routing.ts";
import { readZoomVtt } from "../../transcripts/read-zoom-vtt.ts";
import type { ZoomEnvelope } from "../../webhooks/zoom/zoom-event-schema.ts";
import { PermanentJobError } from "../jobs.ts";
import { downloadTranscript } from "./download-transcript.ts";
import { fetchPastParticipants, type ZoomParticipantRow } from "./fetch-past-participants.ts";
import { mergeParticipants } from "./merge-participants.ts";
import { findTranscriptFile, type RecordingObject, RecordingObjectSchema } from "./recording-event.ts";
import { replaceZoomTranscript, upsertZoomConversation, type ZoomMeetingFacts } from "./store-zoom-conversation.ts";
import { hashTranscript } from "./transcript-hash.ts";
import { upsertMeetingContacts } from "./upsert-meeting-contacts.ts";

export interface ZoomEventJob {
  organizationId: string;
  webhookEventId: string;
}

async function meetingFacts(
  services: Services,
  organizationId: string,
  object: RecordingObject,
): Promise<ZoomMeetingFacts> {
  const hostEmail = object.host_email?.trim().toLowerCase() || null;
  const host = hostEmail
    ? await services.db.query.users.findFirst({
        columns: { id: true },
        where: and(eq(users.organizationId, organizationId), eq(sql`lower(${users.email})`, hostEmail)),
      })
    : undefined;
  const started = object.start_time ? Date.parse(object.start_time) : Number.NaN;
  return {
    uuid: object.uuid,
    title: object.topic?.trim() || "Zoom meeting",
    startedAt: Number.isNaN(started) ? services.clock.now() : new Date(started),
    durationSeconds: object.duration === undefined ? null : Math.round(object.duration * 60),
    hostEmail,
    hostUserId: host?.id ?? null,
  };
}

/**
 * The original file, kept in R2 before anything else can fail. A retry of the same job reuses it
 * (no second download, and no dependence on a download token that may have expired meanwhile); a new
 * event for the same file downloads again, since Zoom may have re-transcribed it.
 */
async function fetchVtt(
  services: Services,
  env: Env,
  job: ZoomEventJob,
  envelope: ZoomEnvelope,
  key: string,
  downloadUrl: string,
): Promise<string> {
  const kept = await services.blobs.get(key);
  if (kept && kept.customMetadata?.webhookEventId === job.webhookEventId) return kept.text();
  const vtt = await downloadTranscript(services, env, {
    organizationId: job.organizationId,
    zoomAccountId: envelope.payload.account_id,
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

/** Zoom's participant report; when Zoom will not give it (permanently), the speakers stand in for it. */
async function participantRows(
  services: Services,
  env: Env,
  job: ZoomEventJob,
  envelope: ZoomEnvelope,
  uuid: string,
): Promise<ZoomParticipantRow[]> {
  if (!envelope.payload.account_id) return [];
  try {
    return await fetchPastParticipants(services, env, job.organizationId, envelope.payload.account_id, uuid);
  } catch (err) {
    if (!(err instanceof PermanentJobError)) throw err;
    services.log.warn("participants unavailable: using transcript speakers", { meeting: uuid, err });
    return [];
  }
}

/**
 * `recording.completed` and `recording.transcript_completed`. Without a transcript file the meeting
 * is recorded as a pending conversation, waiting for `transcript_completed`. With one: download,
 * keep the original in R2, read it, learn who took part, route it to an account, store it all, and
 * queue the analysis.
 */
export async function handleRecordingEvent(
  services: Services,
  env: Env,
  job: ZoomEventJob,
  envelope: ZoomEnvelope,
): Promise<"pending" | "stored"> {
  const { db, clock, log } = services;
  const parsed = RecordingObjectSchema.safeParse(envelope.payload.object);
  if (!parsed.success) throw new PermanentJobError(`${envelope.event}: payload.object has no meeting uuid`);
  const object = parsed.data;
  const facts = await meetingFacts(services, job.organizationId, object);
  const file = findTranscriptFile(object);
  if (!file) {
    if (envelope.event === "recording.transcript_completed")
      throw new PermanentJobError(`${envelope.event}: no TRANSCRIPT (VTT) file among the recording files`);
    await upsertZoomConversation(db, job.organizationId, facts, clock.now());
    return "pending";
  }

  const key = `orgs/${job.organizationId}/transcripts/zoom/${encodeURIComponent(object.uuid)}/${encodeURIComponent(file.id)}.vtt`;
  const vtt = await fetchVtt(services, env, job, envelope, key, file.download_url);
  const rows = await participantRows(services, env, job, envelope, object.uuid);
  const read = readZoomVtt(vtt, { participants: rows.map((r) => r.name) });
  if (!read.ok) throw new PermanentJobError(`transcript ${key} is not readable WebVTT: ${read.error.message}`);
  const people = mergeParticipants(rows, read.stats.speakers);

  const emails = [
    ...new Set([...people.flatMap((p) => (p.email ? [p.email] : [])), ...(facts.hostEmail ? [facts.hostEmail] : [])]),
  ];
  const evidence = await loadRoutingEvidence(db, job.organizationId, emails, [
    ...new Set([...read.stats.speakers, ...people.map((p) => p.name)]),
  ]);
  const decision = scoreRouting(evidence);
  const sides = people.map((p) => participantSide(p.email, evidence));
  const now = clock.now();
  const contactIds = await upsertMeetingContacts(
    db,
    job.organizationId,
    people.flatMap((p, i) => {
      const side = sides[i];
      if (!p.email || !side || side.side === "unknown") return [];
      const accountId = side.accountId ?? (decision.routing === "auto" ? decision.accountId : null);
      return [{ name: p.name, email: p.email, side: side.side, accountId }];
    }),
    facts.startedAt,
    now,
  );
  const conversation = await upsertZoomConversation(db, job.organizationId, facts, now);
  await replaceZoomTranscript(db, {
    organizationId: job.organizationId,
    conversationId: conversation.id,
    webhookEventId: job.webhookEventId,
    segments: read.transcript.segments,
    people: people.map((p, i) => ({
      ...p,
      side: sides[i]?.side ?? "unknown",
      contactId: p.email ? (contactIds.get(p.email) ?? null) : null,
    })),
    decision,
    transcriptKey: key,
    transcriptHash: await hashTranscript(read.transcript.segments),
    now,
  });
  await services.ingestQueue.send({
    kind: "analyze_conversation",
    organizationId: job.organizationId,
    conversationId: conversation.id,
  });
  log.info("zoom transcript stored", {
    conversation: conversation.id,
    segments: read.transcript.segments.length,
    participants: people.length,
    routing: decision.routing,
  });
  return "stored";
}
