import type { TranscriptSegment } from "@sightline/shared";
import { and, eq, sql } from "drizzle-orm";
import { upsertMeetingContacts } from "../../../accounts/upsert-meeting-contacts.ts";
import { users } from "../../../db/schema/index.ts";
import type { Services } from "../../../platform/services.ts";
import { PermanentJobError } from "../../../queue/jobs.ts";
import { loadRoutingEvidence } from "../../../routing/load-routing-evidence.ts";
import { participantSide } from "../../../routing/participant-side.ts";
import { scoreRouting } from "../../../routing/score-routing.ts";
import { hashTranscript } from "../../../transcripts/transcript-hash.ts";
import { fetchPastParticipants, type ZoomParticipantRow } from "../fetch/fetch-past-participants.ts";
import { mergeParticipants } from "../fetch/merge-participants.ts";
import type { RecordingObject } from "../fetch/recording-event.ts";
import type { ZoomEnvelope } from "../webhook/zoom-event-schema.ts";
import { replaceZoomTranscript, upsertZoomConversation, type ZoomMeetingFacts } from "./store-zoom-conversation.ts";

export interface ZoomEventJob {
  organizationId: string;
  webhookEventId: string;
}

/** What the conversation row says about a meeting: title, times, and the host (a Sightline user or not). */
export async function meetingFacts(
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

/** Zoom's participant report; when Zoom will not give it (permanently), the speakers stand in for it. */
export async function participantRows(
  services: Services,
  job: ZoomEventJob,
  envelope: ZoomEnvelope,
  object: RecordingObject,
): Promise<ZoomParticipantRow[]> {
  if (!envelope.payload.account_id) return [];
  try {
    return await fetchPastParticipants(
      services,
      { organizationId: job.organizationId, zoomAccountId: envelope.payload.account_id, zoomUserId: object.host_id },
      object.uuid,
    );
  } catch (err) {
    if (!(err instanceof PermanentJobError)) throw err;
    services.log.warn("participants unavailable: using transcript speakers", { meeting: object.uuid, err });
    return [];
  }
}

/**
 * Stores a meeting's transcript, whoever made it (Zoom's VTT, or Whisper when Zoom made none): who
 * took part (Zoom's report merged with the transcript's speakers), routing to an account, contacts,
 * then conversation, segments (FTS follows by trigger) and participants swapped in one transaction,
 * and the analysis queued. A transcript stored earlier is replaced whole, so a later, better one
 * (Zoom's, with speakers, after Whisper's) re-runs the analysis, which replaces the insights.
 */
export async function storeMeetingTranscript(
  services: Services,
  job: ZoomEventJob,
  input: {
    facts: ZoomMeetingFacts;
    rows: readonly ZoomParticipantRow[];
    segments: readonly TranscriptSegment[];
    /** Names the transcript attributes speech to, in order of first appearance (none for Whisper). */
    speakers: readonly string[];
    /** R2 key of the original (the VTT, or Whisper's answer). */
    transcriptKey: string;
  },
): Promise<{ conversationId: string; participants: number; routing: string }> {
  const { db, clock } = services;
  const { facts, speakers } = input;
  const people = mergeParticipants(input.rows, speakers);
  const emails = [
    ...new Set([...people.flatMap((p) => (p.email ? [p.email] : [])), ...(facts.hostEmail ? [facts.hostEmail] : [])]),
  ];
  const evidence = await loadRoutingEvidence(db, job.organizationId, emails, [
    ...new Set([...speakers, ...people.map((p) => p.name)]),
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
    segments: input.segments,
    people: people.map((p, i) => ({
      ...p,
      side: sides[i]?.side ?? "unknown",
      contactId: p.email ? (contactIds.get(p.email) ?? null) : null,
    })),
    decision,
    transcriptKey: input.transcriptKey,
    transcriptHash: await hashTranscript(input.segments),
    now,
  });
  await services.ingestQueue.send({
    kind: "analyze_conversation",
    organizationId: job.organizationId,
    conversationId: conversation.id,
  });
  return { conversationId: conversation.id, participants: people.length, routing: decision.routing };
}
