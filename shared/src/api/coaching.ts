import { z } from "zod";
import { IdSchema, IsoDateTimeSchema } from "./common.ts";
import { RoleSchema } from "./orgs.ts";
import { OverviewQuerySchema, SourceKindSchema } from "./overview.ts";

/** Same period parameters as the account overview: `period=7d|30d|90d|365d|all`, or `from`/`to`. */
export const RepCoachingQuerySchema = OverviewQuerySchema;
export type RepCoachingQuery = z.infer<typeof RepCoachingQuerySchema>;

/**
 * The analyzer's tip kinds today ("talk_ratio", "long_monologue", "unanswered_question", "no_next_step",
 * "few_questions", "objection_unhandled", "next_step_without_date"); a plain string, so a newer
 * analyzer's kind does not break older clients.
 */
export const CoachingTipKindSchema = z.string().min(1).max(64);

/**
 * One figure over the period's calls that have coaching stats: mean and median per call, total
 * (null for ratios), the largest, the mean over the previous period of the same length, and the
 * change (mean minus previous mean). Null when no call (or no previous call) has the figure.
 */
export const CoachingMetricSchema = z.object({
  average: z.number().nullable(),
  median: z.number().nullable(),
  total: z.number().nullable(),
  max: z.number().nullable(),
  previousAverage: z.number().nullable(),
  change: z.number().nullable(),
});
export type CoachingMetric = z.infer<typeof CoachingMetricSchema>;

export const COACHING_METRICS = [
  "talkRatio",
  "longestMonologueMs",
  "questionsAsked",
  "unansweredQuestions",
  "nextSteps",
] as const;
export type CoachingMetricName = (typeof COACHING_METRICS)[number];

/** A call's own figures; null where the call has no coaching stats yet (analyzed before they existed). */
export const CoachingCallSchema = z.object({
  conversationId: IdSchema,
  title: z.string(),
  kind: SourceKindSchema,
  startedAt: IsoDateTimeSchema,
  accountId: IdSchema.nullable(),
  accountName: z.string().nullable(),
  /** How the call was attributed to the rep. */
  role: z.enum(["host", "participant"]),
  hasStats: z.boolean(),
  durationMs: z.number().int().nullable(),
  /** Our side's share of the talk time both sides had (0..1); null when a side is unknown. */
  talkRatio: z.number().nullable(),
  longestMonologueMs: z.number().int().nullable(),
  /** Where our side's longest monologue starts (ms into the call). */
  longestMonologueStartMs: z.number().int().nullable(),
  questionsAsked: z.number().int().nullable(),
  customerQuestions: z.number().int().nullable(),
  unansweredQuestions: z.number().int().nullable(),
  nextSteps: z.number().int().nullable(),
  nextStepsWithDate: z.number().int().nullable(),
  tips: z.number().int(),
});
export type CoachingCall = z.infer<typeof CoachingCallSchema>;

export const CoachingTipExampleSchema = z.object({
  conversationId: IdSchema,
  conversationTitle: z.string(),
  startedAt: IsoDateTimeSchema,
  tip: z.string(),
  quote: z.string().nullable(),
  startMs: z.number().int().nullable(),
});
export type CoachingTipExample = z.infer<typeof CoachingTipExampleSchema>;

export const CoachingTipSummarySchema = z.object({
  kind: CoachingTipKindSchema,
  /** Tips of this kind in the period, and in how many calls. */
  count: z.number().int(),
  calls: z.number().int(),
  /** The same over the previous period of the same length (null for `all`). */
  previousCount: z.number().int().nullable(),
  /** The newest few, each with its quote and moment. */
  examples: z.array(CoachingTipExampleSchema),
});
export type CoachingTipSummary = z.infer<typeof CoachingTipSummarySchema>;

/** One week (Monday 00:00 UTC) of the period: calls and the per-call means of that week. */
export const CoachingWeekSchema = z.object({
  weekStart: IsoDateTimeSchema,
  calls: z.number().int(),
  talkRatio: z.number().nullable(),
  longestMonologueMs: z.number().nullable(),
  questionsAsked: z.number().nullable(),
  unansweredQuestions: z.number().nullable(),
  nextSteps: z.number().nullable(),
});
export type CoachingWeek = z.infer<typeof CoachingWeekSchema>;

export const RepCoachingSchema = z.object({
  rep: z.object({ id: IdSchema, name: z.string(), email: z.string(), role: RoleSchema }),
  period: z.object({ from: IsoDateTimeSchema.nullable(), to: IsoDateTimeSchema }),
  /** The period of the same length just before (null for `all`): what `change` compares with. */
  previousPeriod: z.object({ from: IsoDateTimeSchema, to: IsoDateTimeSchema }).nullable(),
  /** Calls in the period, those with coaching stats, and calls in the previous period. */
  callCount: z.number().int(),
  callsWithStats: z.number().int(),
  previousCallCount: z.number().int().nullable(),
  metrics: z.object({
    talkRatio: CoachingMetricSchema,
    longestMonologueMs: CoachingMetricSchema,
    questionsAsked: CoachingMetricSchema,
    unansweredQuestions: CoachingMetricSchema,
    nextSteps: CoachingMetricSchema,
  }),
  weeks: z.array(CoachingWeekSchema),
  tips: z.array(CoachingTipSummarySchema),
  /** Newest first, at most 100 (callCount says how many there are). */
  calls: z.array(CoachingCallSchema),
});
export type RepCoaching = z.infer<typeof RepCoachingSchema>;
