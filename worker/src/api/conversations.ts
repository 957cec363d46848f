import { createRoute, z } from "@hono/zod-openapi";
import { ConversationDetailQuerySchema, ConversationDetailSchema, IdSchema } from "@sightline/shared";
import { and, asc, eq, gte } from "drizzle-orm";
import { requireUser } from "../auth/middleware.ts";
import { conversations, emailMessages, insights, participants, transcriptSegments } from "../db/schema/index.ts";
import { messagesOfSegments } from "../emails/messages-of-segments.ts";
import { sourceKind } from "../insights/source-kind.ts";
import { ApiError } from "../platform/api-error.ts";
import { bearerSecurity, createResourceApp, errorResponses, jsonResponse } from "./openapi-helpers.ts";

/** `GET /conversations/{id}`: one conversation with participants, insights and a page of its transcript. */
export const conversationsApp = createResourceApp();
conversationsApp.use("*", requireUser);

conversationsApp.openapi(
  createRoute({
    method: "get",
    path: "/{id}",
    summary: "A conversation: metadata, participants, insights and transcript segments (paginated)",
    tags: ["conversations"],
    security: bearerSecurity,
    request: { params: z.object({ id: IdSchema }), query: ConversationDetailQuerySchema },
    responses: { 200: jsonResponse(ConversationDetailSchema, "The conversation"), ...errorResponses },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { cursor, limit } = c.req.valid("query");
    const { db } = c.var.services;
    const { organizationId } = c.var.principal;
    const conversation = await db.query.conversations.findFirst({
      where: and(eq(conversations.organizationId, organizationId), eq(conversations.id, id)),
    });
    if (!conversation) throw ApiError.notFound("conversation");
    const [people, found, page] = await Promise.all([
      db
        .select({ name: participants.name, email: participants.email, side: participants.side })
        .from(participants)
        .where(and(eq(participants.organizationId, organizationId), eq(participants.conversationId, id))),
      db
        .select()
        .from(insights)
        .where(and(eq(insights.organizationId, organizationId), eq(insights.conversationId, id)))
        .orderBy(asc(insights.startMs)),
      db
        .select({
          seq: transcriptSegments.seq,
          speaker: transcriptSegments.speaker,
          startMs: transcriptSegments.startMs,
          endMs: transcriptSegments.endMs,
          text: transcriptSegments.text,
        })
        .from(transcriptSegments)
        .where(
          and(
            eq(transcriptSegments.organizationId, organizationId),
            eq(transcriptSegments.conversationId, id),
            gte(transcriptSegments.seq, cursor),
          ),
        )
        .orderBy(asc(transcriptSegments.seq))
        .limit(limit + 1),
    ]);
    // E-mail threads: their messages (without bodies) and the message of each insight.
    const isEmail = conversation.source === "email";
    const [messages, messageOfSegment] = isEmail
      ? await Promise.all([
          db
            .select({
              messageId: emailMessages.messageId,
              sentAt: emailMessages.sentAt,
              senderEmail: emailMessages.senderEmail,
              senderName: emailMessages.senderName,
              firstSeq: emailMessages.firstSeq,
              lastSeq: emailMessages.lastSeq,
            })
            .from(emailMessages)
            .where(and(eq(emailMessages.organizationId, organizationId), eq(emailMessages.conversationId, id)))
            .orderBy(asc(emailMessages.firstSeq), asc(emailMessages.sentAt)),
          messagesOfSegments(
            db,
            organizationId,
            found.flatMap((i) => (i.segmentId === null ? [] : [i.segmentId])),
          ),
        ])
      : [[], new Map<number, string>()];
    const more = page.length > limit;
    const items = more ? page.slice(0, limit) : page;
    return c.json(
      {
        conversation: {
          id: conversation.id,
          title: conversation.title,
          source: conversation.source,
          kind: sourceKind(conversation.source),
          startedAt: conversation.startedAt.toISOString(),
          durationSeconds: conversation.durationSeconds,
          hostEmail: conversation.hostEmail,
          accountId: conversation.accountId,
          routing: conversation.routing,
          status: conversation.status,
          analysis: { analyzer: conversation.analyzer, usage: conversation.analysisUsage },
        },
        participants: people,
        insights: found.map((i) => ({
          kind: i.kind,
          text: i.text,
          quote: i.quote,
          startMs: i.startMs,
          confidence: i.confidence,
          data: i.data,
          ...(i.segmentId !== null && messageOfSegment.has(i.segmentId)
            ? { messageId: messageOfSegment.get(i.segmentId) }
            : {}),
        })),
        ...(isEmail
          ? {
              emailMessages: messages.map((m) => ({
                messageId: m.messageId,
                sentAt: m.sentAt.toISOString(),
                from: { email: m.senderEmail, name: m.senderName },
                firstSeq: m.firstSeq,
                lastSeq: m.lastSeq,
              })),
            }
          : {}),
        segments: { items, nextCursor: more ? (items.at(-1)?.seq ?? cursor) + 1 : null },
      },
      200,
    );
  },
);
