import { z } from "zod";

/**
 * The one transcript shape every source is normalized to (Zoom VTT, Gong JSON, Zoom Contact Center
 * chat, demo data) and that every analyzer reads. Times are milliseconds from the start of the
 * conversation; `speaker` is null when the source did not say who spoke.
 */
export const TranscriptSegmentSchema = z.object({
  speaker: z.string().nullable(),
  startMs: z.number().int().min(0),
  endMs: z.number().int().min(0),
  text: z.string(),
});
export type TranscriptSegment = z.infer<typeof TranscriptSegmentSchema>;

export const TranscriptSchema = z.object({
  segments: z.array(TranscriptSegmentSchema),
});
export type Transcript = z.infer<typeof TranscriptSchema>;
