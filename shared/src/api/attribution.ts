import { z } from "zod";
import { IsoDateTimeSchema } from "./common.ts";
import { LeadSourceSchema } from "./lead-source.ts";
import { PeriodSchema } from "./overview.ts";

/** How the attribution report groups: the whole lead source, or one of its parts. */
export const AttributionGroupingSchema = z.enum(["lead_source", "utm_source", "utm_medium", "utm_campaign", "crm"]);

export const AttributionQuerySchema = z.object({
  period: PeriodSchema.default("90d"),
  by: AttributionGroupingSchema.default("lead_source"),
});
export type AttributionQuery = z.infer<typeof AttributionQuerySchema>;

export const AttributionRowSchema = z.object({
  /** The group's lead source (null fields: not set); all null is the "no lead source" group. */
  leadSource: LeadSourceSchema,
  /** "utm: google / cpc / spring-launch", "crm: Webinar", or "(none)". */
  label: z.string(),
  /** Accounts attributed to this lead source (their own, else their first contact's with one). */
  accounts: z.number().int(),
  /** Their conversations that started in the period. */
  conversations: z.number().int(),
  /** Mean of each account's latest closing probability in the period (0-100); null when none was scored. */
  averageClosingProbability: z.number().nullable(),
  wins: z.number().int(),
  issues: z.number().int(),
  /** Of the accounts with an analyzed conversation in the period, the share whose latest one ended positive (0-1). */
  positiveLatestShare: z.number().nullable(),
  /** How many accounts `positiveLatestShare` is over. */
  accountsWithLatestCall: z.number().int(),
});
export type AttributionRow = z.infer<typeof AttributionRowSchema>;

export const AttributionReportSchema = z.object({
  period: z.object({ from: IsoDateTimeSchema.nullable(), to: IsoDateTimeSchema }),
  by: AttributionGroupingSchema,
  rows: z.array(AttributionRowSchema),
});
export type AttributionReport = z.infer<typeof AttributionReportSchema>;
