import { z } from "zod";

/**
 * What any analyzer returns for one conversation. Defined with zod so the OpenAI analyzer can send
 * it as a strict JSON schema (`z.toJSONSchema`) and validate what comes back. Every insight carries
 * a `quote`: a sentence that appears verbatim in the transcript, with its segment index and the
 * segment's start time.
 */

export const SideSchema = z.enum(["ours", "theirs", "unknown"]);
export type Side = z.infer<typeof SideSchema>;

export const QuoteSchema = z.object({
  /** Verbatim substring of `segments[segmentIndex].text`. */
  text: z.string().min(1),
  segmentIndex: z.number().int().min(0),
  /** Start of the segment the sentence is in (ms from the start of the conversation). */
  startMs: z.number().int().min(0),
  speaker: z.string().nullable(),
  side: SideSchema,
});
export type Quote = z.infer<typeof QuoteSchema>;

export const SentimentLabelSchema = z.enum(["positive", "neutral", "negative"]);

export const SentimentValueSchema = z.object({
  label: SentimentLabelSchema,
  /** -1 (most negative) .. 1 (most positive). */
  score: z.number().min(-1).max(1),
});

export const TopicSchema = z.object({
  /** Short phrase, lower case ("salesforce sync", "mobile view"). */
  phrase: z.string().min(1),
  /** Relevance 0..1, the first topic is 1. */
  relevance: z.number().min(0).max(1),
  mentions: z.number().int().min(1),
  quote: QuoteSchema,
});

export const FindingSchema = z.object({
  /** One-line statement of the win or issue (the quoted sentence, trimmed). */
  summary: z.string(),
  quote: QuoteSchema,
});

export const ObjectionCategorySchema = z.enum([
  "price",
  "competitor",
  "timing",
  "authority",
  "need",
  "product_gap",
  /** Security, privacy and compliance (SOC 2, HIPAA, SSO, data residency, retention); since 1.3.0. */
  "security",
  /** Other worries ("nervous about the migration"). */
  "risk",
  "other",
]);

export const ObjectionSchema = z.object({
  category: ObjectionCategorySchema,
  summary: z.string(),
  quote: QuoteSchema,
  /** How our side answered it, when it did in the next turns. */
  response: QuoteSchema.nullable(),
  /**
   * Our side addressed it with substance (an explanation, an offer, a fact), not only "I
   * understand" or a question back. Unanswered objections count as open in the closing probability.
   */
  answered: z.boolean(),
});

export const CustomerQuestionSchema = z.object({
  question: z.string(),
  answered: z.boolean(),
  quote: QuoteSchema,
  answer: QuoteSchema.nullable(),
});

export const NextStepSchema = z.object({
  /** Who committed: a person's name when said or when they said "I'll ...", else null. */
  owner: z.string().nullable(),
  ownerSide: SideSchema,
  action: z.string(),
  /** The deadline as said ("by Friday", "next week", "today"), else null. */
  due: z.string().nullable(),
  quote: QuoteSchema,
});

export const SentimentSchema = z.object({
  /** Null only when the transcript has no words. */
  overall: SentimentValueSchema.extend({ quote: QuoteSchema }).nullable(),
  bySpeaker: z.array(
    SentimentValueSchema.extend({
      speaker: z.string().nullable(),
      side: SideSchema,
      sentences: z.number().int().min(0),
      quote: QuoteSchema,
    }),
  ),
  overTime: z.array(
    SentimentValueSchema.extend({
      startMs: z.number().int().min(0),
      endMs: z.number().int().min(0),
      quote: QuoteSchema,
    }),
  ),
});

export const TalkShareSchema = z.object({ ms: z.number().int().min(0), share: z.number().min(0).max(1) });

export const TalkStatsSchema = z.object({
  bySide: z.object({ ours: TalkShareSchema, theirs: TalkShareSchema, unknown: TalkShareSchema }),
  bySpeaker: z.array(
    TalkShareSchema.extend({ speaker: z.string().nullable(), side: SideSchema, segments: z.number().int().min(0) }),
  ),
  longestMonologue: z
    .object({
      speaker: z.string().nullable(),
      side: SideSchema,
      durationMs: z.number().int().min(0),
      quote: QuoteSchema,
    })
    .nullable(),
  questionsAsked: z.object({
    ours: z.number().int().min(0),
    theirs: z.number().int().min(0),
    unknown: z.number().int().min(0),
  }),
});

export const ClosingSignalSchema = z.object({
  signal: z.string(),
  /** Points added to (or, negative, taken from) the probability. */
  effect: z.number(),
  quote: QuoteSchema,
});

export const ClosingSchema = z.object({
  probability: z.number().int().min(0).max(100),
  /** Short reasons beside the number, strongest first ("budget concern open", "next step dated"). */
  reasons: z.array(z.string()),
  signals: z.array(ClosingSignalSchema),
});

export const CoachingTipKindSchema = z.enum([
  "talk_ratio",
  "long_monologue",
  "unanswered_question",
  "no_next_step",
  "few_questions",
  "objection_unhandled",
  "next_step_without_date",
]);

export const CoachingTipSchema = z.object({ kind: CoachingTipKindSchema, tip: z.string(), quote: QuoteSchema });

export const ConversationInsightsSchema = z.object({
  analyzer: z.object({ id: z.string(), version: z.string() }),
  topics: z.array(TopicSchema),
  wins: z.array(FindingSchema),
  issues: z.array(FindingSchema),
  objections: z.array(ObjectionSchema),
  customerQuestions: z.array(CustomerQuestionSchema),
  nextSteps: z.array(NextStepSchema),
  sentiment: SentimentSchema,
  talk: TalkStatsSchema,
  closing: ClosingSchema,
  coaching: z.array(CoachingTipSchema),
});

export type ConversationInsights = z.infer<typeof ConversationInsightsSchema>;
export type Topic = z.infer<typeof TopicSchema>;
export type Finding = z.infer<typeof FindingSchema>;
export type Objection = z.infer<typeof ObjectionSchema>;
export type ObjectionCategory = z.infer<typeof ObjectionCategorySchema>;
export type CustomerQuestion = z.infer<typeof CustomerQuestionSchema>;
export type NextStep = z.infer<typeof NextStepSchema>;
export type ConversationSentiment = z.infer<typeof SentimentSchema>;
export type TalkStats = z.infer<typeof TalkStatsSchema>;
export type Closing = z.infer<typeof ClosingSchema>;
export type ClosingSignal = z.infer<typeof ClosingSignalSchema>;
export type CoachingTip = z.infer<typeof CoachingTipSchema>;
export type CoachingTipKind = z.infer<typeof CoachingTipKindSchema>;
