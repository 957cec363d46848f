import type { TranscriptSegment } from "@sightline/shared";
import { and, eq, inArray, sql } from "drizzle-orm";
import { contacts, conversations, participants, transcriptSegments } from "../../../db/schema/index.ts";
import { storeConversationFacts } from "../../../insights/insight-writer.ts";
import { newId } from "../../../platform/ids.ts";
import type { Services } from "../../../platform/services.ts";
import { loadRoutingEvidence } from "../../../routing/load-routing-evidence.ts";
import { personNamesMatch } from "../../../routing/person-name.ts";
import { normalizePhone } from "../../../routing/phone-number.ts";
import { scoreRouting } from "../../../routing/score-routing.ts";
import { searchKeyOf } from "../../../search/search-key.ts";
import { hashTranscript } from "../../../transcripts/transcript-hash.ts";
import type { ZccTranscript } from "../fetch/read-zcc-transcript.ts";
import type { ZccEngagement } from "../fetch/zcc-api.ts";

/** D1's 100 bound parameters: segments bind 8 (12 rows = 96, the search key's organization id included), participants 10 (9 rows = 90). */
const SEGMENTS_PER_INSERT = 12;
const PARTICIPANTS_PER_INSERT = 9;

interface Person {
  name: string;
  email: string | null;
  phone: string | null;
  side: "ours" | "theirs";
}

/** Agents are ours, consumers theirs; speakers the file names and nobody else are added on their side. */
export function engagementPeople(engagement: ZccEngagement, transcript: ZccTranscript): Person[] {
  const people: Person[] = [];
  for (const a of engagement.agents ?? [])
    people.push({
      name: a.display_name?.trim() || "Agent",
      email: a.user_email?.trim().toLowerCase() || null,
      phone: null,
      side: "ours",
    });
  for (const c of engagement.consumers ?? []) {
    const phone = normalizePhone(c.consumer_number);
    const email = c.consumer_email?.trim().toLowerCase() || null;
    people.push({
      name: c.consumer_display_name?.trim() || c.consumer_number?.trim() || email || "Customer",
      email,
      phone,
      side: "theirs",
    });
  }
  for (const [speaker, side] of transcript.sides) {
    const generic = speaker === "Agent" || speaker === "Customer";
    const known = people.some((p) => p.side === side && (generic || personNamesMatch(p.name, speaker)));
    if (!known) people.push({ name: speaker, email: null, phone: null, side });
  }
  return people;
}

/**
 * Stores an engagement's transcript like a meeting's: who took part (agents ours, consumers theirs),
 * routing to an account (consumer e-mail, then E.164 phone number against contacts' numbers, then
 * names), consumers become contacts of the routed account carrying their number, and segments and
 * participants are swapped in one batch with the rollups; then the analysis is queued.
 */
export async function storeEngagementTranscript(
  services: Services,
  input: {
    organizationId: string;
    conversationId: string;
    startedAt: Date;
    engagement: ZccEngagement;
    transcript: ZccTranscript;
    transcriptKey: string;
  },
): Promise<{ routing: string }> {
  const { db, clock } = services;
  const { organizationId, conversationId, transcript } = input;
  const now = clock.now();
  const people = engagementPeople(input.engagement, transcript);
  const theirs = people.filter((p) => p.side === "theirs");
  const evidence = await loadRoutingEvidence(
    db,
    organizationId,
    [...new Set(people.flatMap((p) => (p.email ? [p.email] : [])))],
    [...new Set(theirs.map((p) => p.name))],
    [...new Set(theirs.flatMap((p) => (p.phone ? [p.phone] : [])))],
  );
  const decision = scoreRouting(evidence);
  const accountId = decision.routing === "auto" ? decision.accountId : null;

  // Consumers as contacts: an existing one (same address or number) is linked, a new one is made
  // when the engagement found its account.
  const contactIds = new Map<Person, string>();
  const emails = theirs.flatMap((p) => (p.email ? [p.email] : []));
  const byEmail = emails.length
    ? await db
        .select({ id: contacts.id, email: sql<string>`lower(${contacts.email})` })
        .from(contacts)
        .where(and(eq(contacts.organizationId, organizationId), inArray(sql`lower(${contacts.email})`, emails)))
    : [];
  const phoned = theirs.some((p) => p.phone)
    ? await db
        .select({ id: contacts.id, phone: contacts.phone })
        .from(contacts)
        .where(and(eq(contacts.organizationId, organizationId), sql`${contacts.phone} IS NOT NULL`))
    : [];
  for (const p of theirs) {
    const found =
      byEmail.find((c) => p.email && c.email === p.email) ??
      phoned.find((c) => p.phone && normalizePhone(c.phone) === p.phone);
    if (found) {
      contactIds.set(p, found.id);
      await db
        .update(contacts)
        .set({ lastInteractionAt: input.startedAt })
        .where(and(eq(contacts.organizationId, organizationId), eq(contacts.id, found.id)));
    } else if (accountId && (p.email || p.phone)) {
      const id = newId("ctc");
      await db
        .insert(contacts)
        .values({
          id,
          organizationId,
          accountId,
          name: p.name,
          email: p.email,
          phone: p.phone,
          side: "theirs",
          lastInteractionAt: input.startedAt,
          createdAt: now,
        })
        .onConflictDoNothing();
      contactIds.set(p, id);
    }
  }

  const ofConversation = (table: typeof transcriptSegments | typeof participants) =>
    and(eq(table.organizationId, organizationId), eq(table.conversationId, conversationId));
  const segmentRows = transcript.segments.map((s: TranscriptSegment, seq) => ({
    organizationId,
    conversationId,
    seq,
    speaker: s.speaker,
    startMs: s.startMs,
    endMs: s.endMs,
    text: s.text,
  }));
  const participantRows = people.map((p) => ({
    id: newId("prt"),
    organizationId,
    conversationId,
    name: p.name,
    email: p.email,
    side: p.side,
    contactId: contactIds.get(p) ?? null,
    userId: null,
    joinedAt: null,
    leftAt: null,
  }));
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
  const route = accountId
    ? { accountId, routing: "auto" as const }
    : { accountId: null, routing: "unassigned" as const };
  await storeConversationFacts(db, { organizationId, conversation: conversationId, route }, [
    db.delete(transcriptSegments).where(ofConversation(transcriptSegments)),
    db.delete(participants).where(ofConversation(participants)),
    ...statements,
    db
      .update(conversations)
      .set({
        status: "stored",
        transcriptKey: input.transcriptKey,
        transcriptHash: await hashTranscript(transcript.segments),
        updatedAt: now,
      })
      .where(and(eq(conversations.organizationId, organizationId), eq(conversations.id, conversationId))),
  ]);
  await services.ingestQueue.send({ kind: "analyze_conversation", organizationId, conversationId });
  return { routing: decision.routing };
}
