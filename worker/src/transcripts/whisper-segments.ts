import type { TranscriptSegment } from "@sightline/shared";
import { z } from "zod";

/**
 * OpenAI's `verbose_json` transcription answer (`audio.transcriptions.create` with
 * `response_format: "verbose_json"`): the text, the audio's duration and language, and segments
 * with start/end in seconds. Only what is read here is required; compatible servers add fields.
 */
export const WhisperVerboseSchema = z.looseObject({
  text: z.string().default(""),
  duration: z.number().nonnegative().optional(),
  language: z.string().optional(),
  segments: z
    .array(
      z.looseObject({
        start: z.number().nonnegative(),
        end: z.number().nonnegative(),
        text: z.string(),
        avg_logprob: z.number().optional(),
        no_speech_prob: z.number().optional(),
      }),
    )
    .default([]),
});
export type WhisperVerbose = z.infer<typeof WhisperVerboseSchema>;

/**
 * Whisper's own rule for silence (openai/whisper transcribe.py: no_speech_threshold 0.6 with
 * logprob_threshold -1.0): such a segment is most likely text made up over silence or music.
 */
const isSilence = (s: { avg_logprob?: number; no_speech_prob?: number }) =>
  (s.no_speech_prob ?? 0) > 0.6 && (s.avg_logprob ?? 0) < -1;

/**
 * Whisper's segments as the project's transcript segments: milliseconds, text trimmed, no speaker
 * (Whisper does not say who spoke, and segments with no speaker are never merged, so each keeps its
 * own moment for quotes). Empty and silent segments are dropped; an answer with text but no segments
 * (some compatible servers) becomes one segment over the whole audio.
 */
export function whisperSegments(answer: WhisperVerbose): TranscriptSegment[] {
  const segments: TranscriptSegment[] = [];
  for (const s of answer.segments) {
    const text = s.text.replace(/\s+/g, " ").trim();
    if (!text || isSilence(s)) continue;
    const startMs = Math.round(s.start * 1000);
    segments.push({ speaker: null, startMs, endMs: Math.max(startMs, Math.round(s.end * 1000)), text });
  }
  const text = answer.text.replace(/\s+/g, " ").trim();
  if (answer.segments.length === 0 && text)
    segments.push({ speaker: null, startMs: 0, endMs: Math.round((answer.duration ?? 0) * 1000), text });
  return segments;
}
