import { z } from "zod";
import { IdSchema, IsoDateTimeSchema } from "./common.ts";
import { SourceKindSchema } from "./overview.ts";

/**
 * GET /api/v1/search: full-text search over the organization's transcripts. `q` is the search box's
 * own small language (words, "phrases", prefix*, -exclusions), never raw FTS5.
 */
export const SearchQuerySchema = z.object({
  q: z.string().trim().min(1).max(500),
  accountId: IdSchema.optional(),
  /** Only conversations of this kind (meeting, call, chat, email). */
  source: SourceKindSchema.optional(),
  from: IsoDateTimeSchema.optional(),
  to: IsoDateTimeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  /** The `nextCursor` of the previous page. */
  cursor: z
    .string()
    .regex(/^[0-9]{1,6}$/, "must be the nextCursor of a previous page")
    .optional(),
});
export type SearchQuery = z.infer<typeof SearchQuerySchema>;

/** Text with the matched words marked by character ranges (never markup: the client styles the ranges). */
export const MarkedTextSchema = z.object({
  text: z.string(),
  highlights: z.array(z.object({ start: z.number().int(), end: z.number().int() })),
});
export type MarkedText = z.infer<typeof MarkedTextSchema>;

export const SearchHitSchema = z.object({
  conversation: z.object({
    id: IdSchema,
    title: z.string(),
    source: z.string(),
    kind: SourceKindSchema,
    startedAt: IsoDateTimeSchema,
    accountId: IdSchema.nullable(),
    accountName: z.string().nullable(),
  }),
  segment: z.object({
    id: z.number().int(),
    seq: z.number().int(),
    speaker: z.string().nullable(),
    startMs: z.number().int(),
    /** E-mail threads: the message this text is in (GET /emails/{conversationId}/messages/{messageId}). */
    messageId: z.string().optional(),
  }),
  snippet: MarkedTextSchema,
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

export const SearchResponseSchema = z.object({
  hits: z.array(SearchHitSchema),
  nextCursor: z.string().nullable(),
});
export type SearchResponse = z.infer<typeof SearchResponseSchema>;
