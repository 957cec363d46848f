import { z } from "zod";

/**
 * Retention periods of an organization, in days (null: kept until deleted by hand). The nightly
 * cron deletes conversations that started longer ago than `transcriptRetentionDays` (completely:
 * transcript, insights, archives, files) and the raw bodies of webhook events received longer ago
 * than `archiveRetentionDays` (the event list keeps the row); each run is in the deletions audit log.
 */
export const RetentionSettingsSchema = z.object({
  transcriptRetentionDays: z.number().int().min(1).max(36_500).nullable(),
  archiveRetentionDays: z.number().int().min(1).max(36_500).nullable(),
});
export type RetentionSettings = z.infer<typeof RetentionSettingsSchema>;
