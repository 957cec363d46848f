import type { Transcript } from "@sightline/shared";
import { type AnalysisContext, sideResolver } from "../analyzer.ts";
import type { Quote, Side } from "../insights-schema.ts";
import { type SentimentResult, scoreSentiment } from "./sentiment.ts";
import { normalizeForMatch, splitSentences, words } from "./text.ts";

/** One sentence of the transcript with everything the classifiers need, computed once. */
export interface Sentence {
  /** Position in the whole transcript. */
  index: number;
  segmentIndex: number;
  /** Position of the sentence within its segment. */
  inSegment: number;
  /** Verbatim text (substring of the segment text). */
  text: string;
  /** Lower case, straight apostrophes: for pattern matching. */
  lower: string;
  words: string[];
  speaker: string | null;
  side: Side;
  startMs: number;
  isQuestion: boolean;
  sentiment: SentimentResult;
}

export function quoteOf(s: Sentence): Quote {
  return { text: s.text, segmentIndex: s.segmentIndex, startMs: s.startMs, speaker: s.speaker, side: s.side };
}

/** Splits every segment into sentences and scores them. */
export function buildSentences(transcript: Transcript, context: AnalysisContext): Sentence[] {
  const sideOf = sideResolver(context);
  const out: Sentence[] = [];
  transcript.segments.forEach((segment, segmentIndex) => {
    const side = sideOf(segment.speaker);
    splitSentences(segment.text).forEach((text, inSegment) => {
      const w = words(text);
      if (w.length === 0) return;
      out.push({
        index: out.length,
        segmentIndex,
        inSegment,
        text,
        lower: normalizeForMatch(text).toLowerCase(),
        words: w,
        speaker: segment.speaker,
        side,
        startMs: segment.startMs,
        isQuestion: text.trimEnd().endsWith("?"),
        sentiment: scoreSentiment(text, w),
      });
    });
  });
  return out;
}
