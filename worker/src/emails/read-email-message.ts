import type { EmailMessageResponse } from "@sightline/shared";
import { and, eq, sql } from "drizzle-orm";
import { conversations, emailMessages } from "../db/schema/index.ts";
import { ApiError } from "../platform/api-error.ts";
import type { Db } from "../platform/services.ts";
import { locateQuote } from "./email-segments.ts";

/**
 * One message of an e-mail thread of the organization, for "open source": its text, where the
 * given quote is in it, and the insights quoting it (those whose segment lies in the message's
 * range), each with its quote located.
 */
export async function readEmailMessage(
  db: Db,
  organizationId: string,
  conversationId: string,
  messageId: string,
  quote: string | undefined,
): Promise<EmailMessageResponse> {
  const [conversation, message] = await Promise.all([
    db.query.conversations.findFirst({
      columns: { id: true, externalId: true, title: true, accountId: true, source: true },
      where: and(eq(conversations.organizationId, organizationId), eq(conversations.id, conversationId)),
    }),
    db.query.emailMessages.findFirst({
      where: and(
        eq(emailMessages.organizationId, organizationId),
        eq(emailMessages.conversationId, conversationId),
        eq(emailMessages.messageId, messageId),
      ),
    }),
  ]);
  if (conversation?.source !== "email") throw ApiError.notFound("e-mail thread");
  if (!message) throw ApiError.notFound("message");
  const quoting = await db.all<{ id: string; kind: string; text: string; quote: string | null }>(sql`
    SELECT i.id, i.kind, i.text, i.quote FROM insights i
    JOIN transcript_segments s ON s.organization_id = i.organization_id AND s.id = i.segment_id
    WHERE i.organization_id = ${organizationId} AND i.conversation_id = ${conversationId}
      AND s.conversation_id = ${conversationId} AND s.seq BETWEEN ${message.firstSeq} AND ${message.lastSeq}
    ORDER BY s.seq, i.kind, i.id`);
  const person = (p: { email: string; name: string | null }) => ({ email: p.email, name: p.name });
  return {
    conversationId,
    threadId: conversation.externalId,
    subject: conversation.title,
    accountId: conversation.accountId,
    message: {
      messageId: message.messageId,
      sentAt: message.sentAt.toISOString(),
      from: { email: message.senderEmail, name: message.senderName },
      to: message.recipients.filter((r) => r.kind === "to").map(person),
      cc: message.recipients.filter((r) => r.kind === "cc").map(person),
      body: message.body,
    },
    located: quote ? locateQuote(message.body, quote) : null,
    insights: quoting.map((i) => ({ ...i, at: i.quote ? locateQuote(message.body, i.quote) : null })),
  };
}
