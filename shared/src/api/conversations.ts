import { z } from "zod";
import { IdSchema, IsoDateTimeSchema } from "./common.ts";
import { SourceKindSchema } from "./overview.ts";

export const ConversationDetailQuerySchema = z.object({
  /** Segment position to continue from (the previous page's nextCursor). */
  cursor: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

export const ConversationDetailSchema = z.object({
  conversation: z.object({
    id: IdSchema,
    title: z.string(),
    source: z.string(),
    kind: SourceKindSchema,
    startedAt: IsoDateTimeSchema,
    durationSeconds: z.number().int().nullable(),
    hostEmail: z.string().nullable(),
    accountId: IdSchema.nullable(),
    routing: z.enum(["auto", "manual", "unassigned"]),
    status: z.enum(["pending", "stored", "analyzed", "failed"]),
    /**
     * Which analyzer produced the insights, and what the model's answer cost (null when built-in).
     * Always sent; optional so the extension still reads backends deployed before it existed.
     */
    analysis: z
      .object({
        analyzer: z.string().nullable(),
        usage: z
          .object({
            promptTokens: z.number().int(),
            completionTokens: z.number().int(),
            totalTokens: z.number().int(),
            /** Chat-completion requests that succeeded. */
            requests: z.number().int(),
            /** "hit": this analysis reused an earlier answer for the same transcript, at no new cost. */
            cache: z.enum(["hit", "miss"]),
          })
          .nullable(),
      })
      .optional(),
  }),
  participants: z.array(
    z.object({ name: z.string(), email: z.string().nullable(), side: z.enum(["ours", "theirs", "unknown"]) }),
  ),
  insights: z.array(
    z.object({
      kind: z.string(),
      text: z.string(),
      quote: z.string().nullable(),
      startMs: z.number().int().nullable(),
      confidence: z.number().nullable(),
      data: z.unknown(),
      /** E-mail threads: the message the quote is in. */
      messageId: z.string().optional(),
    }),
  ),
  /** E-mail threads: the messages in order, each with the segments (seq range) that hold its text. */
  emailMessages: z
    .array(
      z.object({
        messageId: z.string(),
        sentAt: IsoDateTimeSchema,
        from: z.object({ email: z.string(), name: z.string().nullable() }),
        firstSeq: z.number().int(),
        lastSeq: z.number().int(),
      }),
    )
    .optional(),
  segments: z.object({
    items: z.array(
      z.object({
        seq: z.number().int(),
        speaker: z.string().nullable(),
        startMs: z.number().int(),
        endMs: z.number().int(),
        text: z.string(),
      }),
    ),
    /** Pass as `cursor` for the next page; null on the last page. */
    nextCursor: z.number().int().nullable(),
  }),
});
export type ConversationDetail = z.infer<typeof ConversationDetailSchema>;
