import { z } from "zod";
import { AccountSchema } from "./accounts.ts";
import { IdSchema, IsoDateTimeSchema } from "./common.ts";

export const PeriodSchema = z.enum(["7d", "30d", "90d", "365d", "all"]);
export type Period = z.infer<typeof PeriodSchema>;

export const OverviewQuerySchema = z
  .object({
    period: PeriodSchema.default("90d"),
    /** An explicit range overrides period: ISO date-times. */
    from: IsoDateTimeSchema.optional(),
    to: IsoDateTimeSchema.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: "from must be before to", path: ["from"] });

export const SourceKindSchema = z.enum(["meeting", "call", "chat", "email"]);

/** Where an insight came from: the conversation, what kind it was, when, the quote and the moment. */
export const InsightSourceSchema = z.object({
  conversationId: IdSchema,
  conversationTitle: z.string(),
  kind: SourceKindSchema,
  occurredAt: IsoDateTimeSchema,
  quote: z.string().nullable(),
  startMs: z.number().int().nullable(),
  speaker: z.string().nullable(),
  /** Zoom Contact Center: the channel (voice, video, chat, e-mail, voicemail) and the engagement's dispositions and notes. */
  channel: z.string().optional(),
  dispositions: z.array(z.string()).optional(),
  notes: z.array(z.string()).optional(),
  /** E-mail threads: the message the quote is in (GET /emails/{conversationId}/messages/{messageId}). */
  messageId: z.string().optional(),
});
export type InsightSource = z.infer<typeof InsightSourceSchema>;

const CountedInsightSchema = z.object({ text: z.string(), source: InsightSourceSchema });

export const AccountOverviewSchema = z.object({
  account: AccountSchema,
  period: z.object({ from: IsoDateTimeSchema.nullable(), to: IsoDateTimeSchema }),
  conversations: z.object({ count: z.number().int(), lastAt: IsoDateTimeSchema.nullable() }),
  topics: z.array(
    z.object({
      phrase: z.string(),
      mentions: z.number().int(),
      conversations: z.number().int(),
      lastAt: IsoDateTimeSchema,
      sources: z.array(InsightSourceSchema),
    }),
  ),
  wins: z.object({ count: z.number().int(), items: z.array(CountedInsightSchema) }),
  issues: z.object({ count: z.number().int(), items: z.array(CountedInsightSchema) }),
  objections: z.array(CountedInsightSchema.extend({ category: z.string() })),
  nextSteps: z.array(CountedInsightSchema.extend({ owner: z.string().nullable(), due: z.string().nullable() })),
  contacts: z.array(
    z.object({
      name: z.string(),
      email: z.string().nullable(),
      title: z.string().nullable(),
      side: z.enum(["ours", "theirs"]),
      conversations: z.number().int(),
      lastInteractionAt: IsoDateTimeSchema.nullable(),
    }),
  ),
  sentimentByWeek: z.array(
    z.object({
      weekStart: IsoDateTimeSchema,
      score: z.number(),
      label: z.enum(["positive", "neutral", "negative"]),
      conversations: z.number().int(),
    }),
  ),
  closingProbability: z
    .object({
      value: z.number().int(),
      /** Why, strongest first ("budget concern open", "next step dated"); empty for older analyses. */
      reasons: z.array(z.string()),
      at: IsoDateTimeSchema,
      conversationId: IdSchema,
    })
    .nullable(),
  /** Zoom Contact Center dispositions of the account's engagements in the period, by name. */
  dispositions: z.array(z.object({ name: z.string(), count: z.number().int() })).optional(),
});
export type AccountOverview = z.infer<typeof AccountOverviewSchema>;
