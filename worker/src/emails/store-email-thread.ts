import {
  type AddEmailThreadRequest,
  type AddEmailThreadResponse,
  EMAIL_LIMITS,
  stripReplyText,
} from "@sightline/shared";
import { and, eq, sql } from "drizzle-orm";
import { upsertMeetingContacts } from "../accounts/upsert-meeting-contacts.ts";
import {
  conversations,
  conversationTombstones,
  emailMessages,
  participants,
  type StoredRecipient,
  transcriptSegments,
} from "../db/schema/index.ts";
import { isTombstoned } from "../deletions/tombstones.ts";
import { storeConversationFacts } from "../insights/insight-writer.ts";
import { ApiError } from "../platform/api-error.ts";
import type { Principal } from "../platform/app-env.ts";
import { sha256Hex } from "../platform/crypto.ts";
import { newId } from "../platform/ids.ts";
import type { Services } from "../platform/services.ts";
import { loadRoutingEvidence } from "../routing/load-routing-evidence.ts";
import { participantSide } from "../routing/participant-side.ts";
import { scoreRouting } from "../routing/score-routing.ts";
import { searchKeyOf } from "../search/search-key.ts";
import { hashTranscript } from "../transcripts/transcript-hash.ts";
import { emailSegmentTexts } from "./email-segments.ts";

/** D1's 100 bound parameters: segments bind 8 (12 rows), messages 11 (9 rows), participants 10 (9 rows). */
const SEGMENTS_PER_INSERT = 12;
const MESSAGES_PER_INSERT = 9;
const PARTICIPANTS_PER_INSERT = 9;

interface ThreadMessage {
  messageId: string;
  sentAt: Date;
  senderName: string | null;
  senderEmail: string;
  recipients: StoredRecipient[];
  body: string;
  createdAt: Date;
}

/** R2 folder of a thread's archived request bodies: its own, so a deletion takes all of them. */
async function threadFolder(organizationId: string, threadId: string): Promise<string> {
  return `orgs/${organizationId}/transcripts/email/${(await sha256Hex(threadId)).slice(0, 32)}/`;
}

/**
 * Adds an e-mail thread, or the messages of it that are new: one conversation (source `email`) per
 * organization and thread id, one `email_messages` row per message id, so adding the same thread
 * again changes nothing and a longer version appends. The request body is archived in R2 first
 * (like a webhook's), then the whole thread's segments, messages and participants are written again
 * in order of date in one D1 batch with its routing (participants' addresses, as for meetings), and
 * the analysis is queued (it replaces the thread's insights, so appended messages are analyzed with
 * the rest).
 *
 * A thread an admin deleted stays deleted: adding it again is a 409, unless an admin asks for it
 * with `restoreDeleted` (the tombstone is lifted in the same batch that stores the thread).
 */
export async function storeEmailThread(
  services: Services,
  principal: Pick<Principal, "organizationId" | "userId" | "role">,
  input: AddEmailThreadRequest,
  rawBody: string,
): Promise<AddEmailThreadResponse> {
  // Two adds of one thread at once (the sidebar's auto-capture and a click): the later batch finds
  // the messages changed since it read them and fails whole; it then reads them again and merges.
  for (let attempt = 1; ; attempt++) {
    try {
      return await storeOnce(services, principal, input, rawBody);
    } catch (err) {
      if (!String((err as Error)?.message).includes(CONCURRENT_WRITE)) throw err;
      if (attempt >= 5) throw new ApiError("conflict", "the thread changed while it was being added; add it again");
      // A short random wait, so adds that collided do not collide again in step.
      await new Promise((resolve) => setTimeout(resolve, attempt * (10 + Math.random() * 40)));
    }
  }
}

/** What the guard of the final batch fails with (a NOT NULL violation it provokes on purpose). */
const CONCURRENT_WRITE = "NOT NULL constraint failed: email_messages.organization_id";

async function storeOnce(
  services: Services,
  principal: Pick<Principal, "organizationId" | "userId" | "role">,
  input: AddEmailThreadRequest,
  rawBody: string,
): Promise<AddEmailThreadResponse> {
  const { db, clock, blobs } = services;
  const { organizationId } = principal;
  const now = clock.now();
  const incoming = normalizeMessages(input, now);

  const restoring = await isTombstoned(db, organizationId, "email", input.threadId);
  if (restoring) {
    if (!input.restoreDeleted)
      throw new ApiError(
        "conflict",
        "an admin deleted this thread; an admin can add it again with restoreDeleted: true",
      );
    if (principal.role !== "admin") throw new ApiError("forbidden", "only an admin can restore a deleted thread");
  }

  const existing = await db.query.conversations.findFirst({
    columns: { id: true, accountId: true },
    where: and(
      eq(conversations.organizationId, organizationId),
      eq(conversations.source, "email"),
      eq(conversations.externalId, input.threadId),
    ),
  });
  const stored: ThreadMessage[] = existing
    ? (
        await db
          .select()
          .from(emailMessages)
          .where(and(eq(emailMessages.organizationId, organizationId), eq(emailMessages.conversationId, existing.id)))
      ).map((m) => ({ ...m, recipients: m.recipients }))
    : [];
  const known = new Map(stored.map((m) => [m.messageId, m]));
  const added = incoming.filter((m) => !known.has(m.messageId));
  // A message stored without its text (the client saw it collapsed) takes the text of a later add;
  // one stored with text keeps it (a message never changes; re-adding never overwrites).
  const completed = incoming.filter((m) => m.body !== "" && known.get(m.messageId)?.body === "");
  if (existing && added.length === 0 && completed.length === 0)
    return {
      conversationId: existing.id,
      threadId: input.threadId,
      status: "unchanged",
      messagesAdded: 0,
      messagesCompleted: 0,
      messageCount: stored.length,
      accountId: existing.accountId,
    };
  const completions = new Map(completed.map((m) => [m.messageId, m]));
  const kept = stored.map((m) => {
    const full = completions.get(m.messageId);
    return full ? { ...m, body: full.body, recipients: m.recipients.length > 0 ? m.recipients : full.recipients } : m;
  });
  const storedWithText = stored.filter((m) => m.body !== "").length;
  const thread = [...kept, ...added].sort(
    (a, b) => a.sentAt.getTime() - b.sentAt.getTime() || a.messageId.localeCompare(b.messageId),
  );
  if (thread.length > EMAIL_LIMITS.messagesPerThread)
    throw new ApiError(
      "bad_request",
      `messages: a thread holds at most ${EMAIL_LIMITS.messagesPerThread} messages (this one would hold ${thread.length})`,
    );

  // The request as received, before anything is written (kept beside the thread; deleted with it).
  const transcriptKey = `${await threadFolder(organizationId, input.threadId)}${now.getTime()}-${crypto.randomUUID()}.json`;
  await blobs.put(transcriptKey, rawBody, { httpMetadata: { contentType: "application/json" } });

  // People: the request's participants, then every sender and recipient; the first name given wins.
  const people = new Map<string, string | null>();
  const meet = (email: string, name: string | null) => {
    if (!people.has(email) || (people.get(email) === null && name)) people.set(email, name);
  };
  for (const p of input.participants) meet(p.email, p.name);
  for (const m of thread) {
    meet(m.senderEmail, m.senderName);
    for (const r of m.recipients) meet(r.email, r.name);
  }
  const label = (email: string) => people.get(email) || email;
  const emails = [...people.keys()];
  const evidence = await loadRoutingEvidence(
    db,
    organizationId,
    emails,
    emails.map((e) => label(e)),
  );
  const decision = scoreRouting(evidence);
  const route =
    decision.routing === "auto"
      ? { accountId: decision.accountId, routing: "auto" as const }
      : { accountId: null, routing: "unassigned" as const };
  const sides = new Map(emails.map((e) => [e, participantSide(e, evidence).side]));

  const first = thread[0] as ThreadMessage;
  const startedAt = first.sentAt;
  const segmentRows: Array<typeof transcriptSegments.$inferInsert> = [];
  const messageRows: Array<typeof emailMessages.$inferInsert> = [];
  for (const m of thread) {
    const firstSeq = segmentRows.length;
    const offset = m.sentAt.getTime() - startedAt.getTime();
    for (const text of emailSegmentTexts(m.body))
      segmentRows.push({
        organizationId,
        conversationId: "",
        seq: segmentRows.length,
        speaker: label(m.senderEmail),
        startMs: offset,
        endMs: offset,
        text,
      });
    messageRows.push({ organizationId, conversationId: "", ...m, firstSeq, lastSeq: segmentRows.length - 1 });
  }

  const host = await db.query.users.findFirst({
    columns: { id: true },
    where: (u, { and: both, eq: is }) =>
      both(is(u.organizationId, organizationId), is(sql`lower(${u.email})`, first.senderEmail)),
  });
  const details = {
    title: input.subject || first.body.split("\n")[0]?.slice(0, 120) || "(no subject)",
    startedAt,
    durationSeconds: null,
    hostEmail: first.senderEmail,
    hostUserId: host?.id ?? null,
    updatedAt: now,
  };
  const contactIds = await upsertMeetingContacts(
    db,
    organizationId,
    emails.flatMap((email) => {
      const side = sides.get(email);
      if (!side || side === "unknown") return [];
      return [{ name: label(email), email, side, accountId: route.accountId }];
    }),
    thread.at(-1)?.sentAt ?? startedAt,
    now,
  );

  const thisThread = sql`(SELECT id FROM conversations WHERE organization_id = ${organizationId}
    AND source = 'email' AND external_id = ${input.threadId})`;
  const [, [row]] = await storeConversationFacts(db, { organizationId, conversation: thisThread }, [
    db.delete(conversationTombstones).where(
      and(
        eq(conversationTombstones.organizationId, organizationId),
        eq(conversationTombstones.source, "email"),
        eq(conversationTombstones.externalId, input.threadId),
        // Only a restore lifts a tombstone (one written since the check above stays).
        sql`${restoring ? 1 : 0} = 1`,
      ),
    ),
    db
      .insert(conversations)
      .values({
        id: newId("conv"),
        organizationId,
        source: "email",
        externalId: input.threadId,
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
  if (!row) throw new Error(`conversation upsert for e-mail thread ${input.threadId} returned nothing`);
  const conversationId = row.id;

  const ofConversation = (table: typeof transcriptSegments | typeof participants | typeof emailMessages) =>
    and(eq(table.organizationId, organizationId), eq(table.conversationId, conversationId));
  const participantRows = emails.map((email) => ({
    id: newId("prt"),
    organizationId,
    conversationId,
    name: label(email),
    email,
    side: sides.get(email) ?? ("unknown" as const),
    contactId: contactIds.get(email) ?? null,
    userId: null,
    joinedAt: null,
    leftAt: null,
  }));
  const inserts = [
    ...chunked(segmentRows, SEGMENTS_PER_INSERT).map((rows) =>
      db
        .insert(transcriptSegments)
        .values(rows.map((r) => ({ ...r, conversationId, searchKey: searchKeyOf(organizationId) }))),
    ),
    ...chunked(messageRows, MESSAGES_PER_INSERT).map((rows) =>
      db.insert(emailMessages).values(rows.map((r) => ({ ...r, conversationId }))),
    ),
    ...chunked(participantRows, PARTICIPANTS_PER_INSERT).map((rows) => db.insert(participants).values(rows)),
  ];
  await storeConversationFacts(db, { organizationId, conversation: conversationId, route }, [
    // The guard: when the thread's stored messages are no longer the ones read above (another add of
    // the same thread wrote in between: more messages, or texts filled in), this inserts a row without an
    // organization, which D1 refuses, and the whole batch is rolled back (storeEmailThread reads again
    // and retries).
    db.insert(emailMessages).select(
      sql`SELECT NULL, ${conversationId}, '', 0, NULL, '', '[]', '', 0, 0, 0
        WHERE (SELECT count(*) FROM email_messages WHERE organization_id = ${organizationId}
          AND conversation_id = ${conversationId}) <> ${stored.length}
        OR (SELECT count(*) FROM email_messages WHERE organization_id = ${organizationId}
          AND conversation_id = ${conversationId} AND body <> '') <> ${storedWithText}`,
    ),
    db.delete(transcriptSegments).where(ofConversation(transcriptSegments)),
    db.delete(emailMessages).where(ofConversation(emailMessages)),
    db.delete(participants).where(ofConversation(participants)),
    ...inserts,
    db
      .update(conversations)
      .set({
        status: "stored",
        transcriptKey,
        transcriptHash: await hashTranscript(
          segmentRows.map((s) => ({ speaker: s.speaker ?? null, startMs: s.startMs, endMs: s.endMs, text: s.text })),
        ),
        updatedAt: now,
      })
      .where(and(eq(conversations.organizationId, organizationId), eq(conversations.id, conversationId))),
  ]);
  await services.ingestQueue.send({ kind: "analyze_conversation", organizationId, conversationId });
  const routed = await db.query.conversations.findFirst({
    columns: { accountId: true },
    where: and(eq(conversations.organizationId, organizationId), eq(conversations.id, conversationId)),
  });
  return {
    conversationId,
    threadId: input.threadId,
    status: existing ? "updated" : "created",
    messagesAdded: added.length,
    messagesCompleted: completed.length,
    messageCount: thread.length,
    accountId: routed?.accountId ?? null,
  };
}

/** The request's messages as stored: bodies stripped again, addresses lower-cased, ids unique. */
function normalizeMessages(input: AddEmailThreadRequest, now: Date): ThreadMessage[] {
  const seen = new Set<string>();
  return input.messages.map((m, i) => {
    if (seen.has(m.messageId))
      throw new ApiError("bad_request", `messages.${i}.messageId: ${m.messageId} appears twice in the thread`);
    seen.add(m.messageId);
    return {
      messageId: m.messageId,
      sentAt: new Date(m.sentAt),
      senderName: m.from.name || null,
      senderEmail: m.from.email,
      recipients: [
        ...m.to.map((r) => ({ name: r.name || null, email: r.email, kind: "to" as const })),
        ...m.cc.map((r) => ({ name: r.name || null, email: r.email, kind: "cc" as const })),
      ],
      body: stripReplyText(m.body),
      createdAt: now,
    };
  });
}

function chunked<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
