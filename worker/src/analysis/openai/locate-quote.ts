import type { Transcript } from "@sightline/shared";
import type { Side } from "../insights-schema.ts";

/** A quote found verbatim in the transcript: `text` is exactly a substring of the segment's text. */
export interface LocatedQuote {
  text: string;
  segmentIndex: number;
  startMs: number;
  speaker: string | null;
  side: Side;
}

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Trims white space and quotation marks the model may wrap a quote in. */
function cleanQuote(raw: string): string {
  return raw
    .trim()
    .replace(/^["“”'‘’]+|["“”'‘’]+$/g, "")
    .trim();
}

/**
 * Finds `rawQuote` verbatim in the transcript: first in the segment the model pointed at, then in the
 * rest. Only white-space runs may differ (the model sees lines with white space collapsed); case,
 * punctuation and words must match exactly. The returned text is the segment's own substring, so it
 * is verbatim by construction. Null (the quote is dropped) when it is not in the transcript.
 */
export function locateQuote(
  transcript: Transcript,
  rawQuote: string,
  hintIndex: number,
  sideOf: (speaker: string | null) => Side,
): LocatedQuote | null {
  const quote = cleanQuote(rawQuote);
  if (quote.length < 3) return null;
  const pattern = new RegExp(quote.split(/\s+/).map(escapeRegExp).join("\\s+"));
  const { segments } = transcript;
  const order = [hintIndex, ...segments.keys()].filter(
    (i, position) => i >= 0 && i < segments.length && (position === 0 || i !== hintIndex),
  );
  for (const index of order) {
    const segment = segments[index];
    if (!segment) continue;
    const match = pattern.exec(segment.text);
    if (match) {
      return {
        text: match[0],
        segmentIndex: index,
        startMs: segment.startMs,
        speaker: segment.speaker,
        side: sideOf(segment.speaker),
      };
    }
  }
  return null;
}
