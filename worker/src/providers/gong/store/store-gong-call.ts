import type { TranscriptSegment } from "@sightline/shared";
import { and, eq, sql } from "drizzle-orm";
import { upsertMeetingContacts } from "../../../accounts/upsert-meeting-contacts.ts";
import { conversations, gongCalls, participants, transcriptSegments, webhookEvents } from "../../../db/schema/index.ts";
import { storeConversationFacts } from "../../../insights/insight-writer.ts";
import { newId } from "../../../platform/ids.ts";
import type { Services } from "../../../platform/services.ts";
import { searchKeyOf } from "../../../search/search-key.ts";
import { hashTranscript } from "../../../transcripts/transcript-hash.ts";
import type { NormalizedGongCall } from "../normalize/normalize-gong-call.ts";
import { routeGongCall } from "./route-gong-call.ts";

/** D1's 100 bound parameters: segments bind 8 (12 rows = 96, the search key's organization id included), participants 10 (9 rows = 90). */
const SEGMENTS_PER_INSERT = 12;
const PARTICIPANTS_PER_INSERT = 9;

/**
 * Stores one Gong call as a conversation (source gong_call, unique per organization and call id, so
 * a call seen any number of times is one conversation): the original transcript to R2, then the
 * conversation row, then segments, participants, routing, the call's status and the announcing
 * webhook event in one D1 batch (a second import swaps the rows whole), then queues the analysis.
 */
export async function storeGongCall(
  services: Services,
  input: {
    organizationId: string;
    connectionId: string;
    call: NormalizedGongCall;
    segments: readonly TranscriptSegment[];
    original: unknown;
    webhookEventId?: string;
  },
): Promise<{ conversationId: string; routing: string }> {
  const { db, clock, blobs } = services;
  const { organizationId, call } = input;
  const now = clock.now();
  const { decision, sides } = await routeGongCall(db, organizationId, call);
  const transcriptKey = `orgs/${organizationId}/transcripts/gong/${encodeURIComponent(call.callId)}.json`;
  await blobs.put(transcriptKey, JSON.stringify(input.original), {
    httpMetadata: { contentType: "application/json" },
  });
  const host = call.hostEmail
    ? await db.query.users.findFirst({
        columns: { id: true },
        where: (u, { and: both, eq: is }) =>
          both(is(u.organizationId, organizationId), is(sql`lower(${u.email})`, call.hostEmail)),
      })
    : undefined;
  const details = {
    title: call.title,
    startedAt: call.startedAt ?? now,
    durationSeconds: call.durationSeconds,
    hostEmail: call.hostEmail,
    hostUserId: host?.id ?? null,
    updatedAt: now,
  };
  // Parties with an address and a side become contacts (their last interaction stamped), as Zoom's do.
  const contactIds = await upsertMeetingContacts(
    db,
    organizationId,
    call.people.flatMap((p, i) => {
      const side = sides[i];
      if (!p.email || !side || side === "unknown") return [];
      return [
        { name: p.name, email: p.email, side, accountId: decision.routing === "auto" ? decision.accountId : null },
      ];
    }),
    call.startedAt ?? now,
    now,
  );
  const thisCall = sql`(SELECT id FROM conversations WHERE organization_id = ${organizationId}
    AND source = 'gong_call' AND external_id = ${call.callId})`;
  const [[row]] = await storeConversationFacts(db, { organizationId, conversation: thisCall }, [
    db
      .insert(conversations)
      .values({
        id: newId("conv"),
        organizationId,
        source: "gong_call",
        externalId: call.callId,
        routing: "unassigned",
        status: "pending",
        createdAt: now,
        ...details,
      })
      .onConflictDoUpdate({
        target: [conversations.organizationId, conversations.source, conversations.externalId],
        set: details,
      })
      .returning({ id: conversations.id }),
  ] as const);
  if (!row) throw new Error(`conversation upsert for Gong call ${call.callId} returned nothing`);
  const conversationId = row.id;

  const ofConversation = (table: typeof transcriptSegments | typeof participants) =>
    and(eq(table.organizationId, organizationId), eq(table.conversationId, conversationId));
  const segmentRows = input.segments.map((s, seq) => ({ organizationId, conversationId, seq, ...s }));
  const participantRows = call.people.map((p, i) => ({
    id: newId("prt"),
    organizationId,
    conversationId,
    name: p.name,
    email: p.email,
    side: sides[i] ?? ("unknown" as const),
    contactId: p.email ? (contactIds.get(p.email) ?? null) : null,
    userId: null,
    joinedAt: null,
    leftAt: null,
  }));
  const route =
    decision.routing === "auto"
      ? { accountId: decision.accountId, routing: "auto" as const }
      : { accountId: null, routing: "unassigned" as const };
  const inserts = [];
  for (let i = 0; i < segmentRows.length; i += SEGMENTS_PER_INSERT)
    inserts.push(
      db
        .insert(transcriptSegments)
        .values(
          segmentRows.slice(i, i + SEGMENTS_PER_INSERT).map((r) => ({ ...r, searchKey: searchKeyOf(organizationId) })),
        ),
    );
  for (let i = 0; i < participantRows.length; i += PARTICIPANTS_PER_INSERT)
    inserts.push(db.insert(participants).values(participantRows.slice(i, i + PARTICIPANTS_PER_INSERT)));
  await storeConversationFacts(db, { organizationId, conversation: conversationId, route }, [
    db.delete(transcriptSegments).where(ofConversation(transcriptSegments)),
    db.delete(participants).where(ofConversation(participants)),
    ...inserts,
    db
      .update(conversations)
      .set({
        status: "stored",
        transcriptKey,
        transcriptHash: await hashTranscript(input.segments),
        updatedAt: now,
      })
      .where(and(eq(conversations.organizationId, organizationId), eq(conversations.id, conversationId))),
    db
      .update(gongCalls)
      .set({ status: "imported", reason: null, conversationId, updatedAt: now })
      .where(and(eq(gongCalls.organizationId, organizationId), eq(gongCalls.callId, call.callId))),
    ...(input.webhookEventId
      ? [
          db
            .update(webhookEvents)
            .set({ status: "processed", reason: null })
            .where(and(eq(webhookEvents.organizationId, organizationId), eq(webhookEvents.id, input.webhookEventId))),
        ]
      : []),
  ]);
  await services.ingestQueue.send({ kind: "analyze_conversation", organizationId, conversationId });
  return { conversationId, routing: decision.routing };
}
