import type { TranscriptSegment } from "@sightline/shared";
import { and, eq, sql } from "drizzle-orm";
import { conversations, participants, transcriptSegments, webhookEvents } from "../../../db/schema/index.ts";
import { storeConversationFacts } from "../../../insights/insight-writer.ts";
import { newId } from "../../../platform/ids.ts";
import type { Db } from "../../../platform/services.ts";
import type { RoutingDecision } from "../../../routing/score-routing.ts";
import { searchKeyOf } from "../../../search/search-key.ts";

export interface ZoomMeetingFacts {
  uuid: string;
  title: string;
  startedAt: Date;
  durationSeconds: number | null;
  hostEmail: string | null;
  hostUserId: string | null;
}

export interface StoredParticipant {
  name: string;
  email: string | null;
  side: "ours" | "theirs" | "unknown";
  contactId: string | null;
  joinedAt: Date | null;
  leftAt: Date | null;
}

/** D1's 100 bound parameters: segments bind 8 (12 rows = 96, the search key's organization id included), participants 10 (9 rows = 90). */
const SEGMENTS_PER_INSERT = 12;
const PARTICIPANTS_PER_INSERT = 9;

/**
 * The conversation of a Zoom meeting, created on first sight (status pending) or refreshed with the
 * meeting's details. Unique per (organization, source, meeting UUID), so any number of deliveries,
 * in any order, make one conversation; its status and routing are never touched here. A routed
 * conversation's start may move, so its account's rollups are rebuilt in the same batch.
 */
export async function upsertZoomConversation(
  db: Db,
  organizationId: string,
  facts: ZoomMeetingFacts,
  now: Date,
): Promise<{ id: string }> {
  const details = {
    title: facts.title,
    startedAt: facts.startedAt,
    durationSeconds: facts.durationSeconds,
    hostEmail: facts.hostEmail,
    hostUserId: facts.hostUserId,
    updatedAt: now,
  };
  const thisMeeting = sql`(SELECT id FROM conversations WHERE organization_id = ${organizationId}
    AND source = 'zoom_meeting' AND external_id = ${facts.uuid})`;
  const upsert = db
    .insert(conversations)
    .values({
      id: newId("conv"),
      organizationId,
      source: "zoom_meeting",
      externalId: facts.uuid,
      routing: "unassigned",
      status: "pending",
      createdAt: now,
      ...details,
    })
    .onConflictDoUpdate({
      target: [conversations.organizationId, conversations.source, conversations.externalId],
      set: details,
    })
    .returning({ id: conversations.id });
  const [[row]] = await storeConversationFacts(db, { organizationId, conversation: thisMeeting }, [upsert] as const);
  if (!row) throw new Error(`conversation upsert for ${facts.uuid} returned nothing`);
  return row;
}

/**
 * Replaces a conversation's transcript, participants and routing and marks the webhook event
 * processed, in one D1 batch (one transaction): a redelivered or re-transcribed file swaps the rows
 * whole, never duplicating or half-replacing them. A manual routing choice is kept; the insights of
 * an earlier analysis follow the routing. The accounts' rollups (conversation count, contacts)
 * follow in the same batch (insights/insight-writer.ts), before any analysis.
 */
export async function replaceZoomTranscript(
  db: Db,
  input: {
    organizationId: string;
    conversationId: string;
    webhookEventId: string;
    segments: readonly TranscriptSegment[];
    people: readonly StoredParticipant[];
    decision: RoutingDecision;
    transcriptKey: string;
    transcriptHash: string;
    now: Date;
  },
): Promise<void> {
  const { organizationId, conversationId, now } = input;
  const ofConversation = (table: typeof transcriptSegments | typeof participants) =>
    and(eq(table.organizationId, organizationId), eq(table.conversationId, conversationId));
  const segmentRows = input.segments.map((s, seq) => ({
    organizationId,
    conversationId,
    seq,
    speaker: s.speaker,
    startMs: s.startMs,
    endMs: s.endMs,
    text: s.text,
  }));
  const participantRows = input.people.map((p) => ({
    id: newId("prt"),
    organizationId,
    conversationId,
    name: p.name,
    email: p.email,
    side: p.side,
    contactId: p.contactId,
    userId: null,
    joinedAt: p.joinedAt,
    leftAt: p.leftAt,
  }));
  const route =
    input.decision.routing === "auto"
      ? { accountId: input.decision.accountId, routing: "auto" as const }
      : { accountId: null, routing: "unassigned" as const };
  const statements = [];
  for (let i = 0; i < segmentRows.length; i += SEGMENTS_PER_INSERT)
    statements.push(
      db
        .insert(transcriptSegments)
        .values(
          segmentRows.slice(i, i + SEGMENTS_PER_INSERT).map((r) => ({ ...r, searchKey: searchKeyOf(organizationId) })),
        ),
    );
  for (let i = 0; i < participantRows.length; i += PARTICIPANTS_PER_INSERT)
    statements.push(db.insert(participants).values(participantRows.slice(i, i + PARTICIPANTS_PER_INSERT)));
  await storeConversationFacts(db, { organizationId, conversation: conversationId, route }, [
    db.delete(transcriptSegments).where(ofConversation(transcriptSegments)),
    db.delete(participants).where(ofConversation(participants)),
    ...statements,
    db
      .update(conversations)
      .set({
        status: "stored",
        transcriptKey: input.transcriptKey,
        transcriptHash: input.transcriptHash,
        updatedAt: now,
      })
      .where(and(eq(conversations.organizationId, organizationId), eq(conversations.id, conversationId))),
    db
      .update(webhookEvents)
      .set({ status: "processed", reason: null })
      .where(and(eq(webhookEvents.organizationId, organizationId), eq(webhookEvents.id, input.webhookEventId))),
  ]);
}
