import type { Transcript } from "@sightline/shared";
import type { Side, TalkStats } from "../insights-schema.ts";
import { isRealQuestion } from "./questions.ts";
import { quoteOf, type Sentence } from "./sentences.ts";

const share = (ms: number, total: number) => (total > 0 ? Math.round((ms / total) * 1000) / 1000 : 0);

/**
 * Talk time per side and speaker (segment durations), the longest monologue (consecutive segments
 * of one speaker, pauses under 5 s included) and questions asked per side.
 */
export function computeTalkStats(
  transcript: Transcript,
  sentences: Sentence[],
  sideOf: (s: string | null) => Side,
): TalkStats {
  const bySide = { ours: 0, theirs: 0, unknown: 0 };
  const speakers = new Map<string, { speaker: string | null; side: Side; ms: number; segments: number }>();
  let total = 0;
  transcript.segments.forEach((segment) => {
    const ms = Math.max(0, segment.endMs - segment.startMs);
    const side = sideOf(segment.speaker);
    bySide[side] += ms;
    total += ms;
    const key = segment.speaker ?? "\u0000";
    const entry = speakers.get(key) ?? { speaker: segment.speaker, side, ms: 0, segments: 0 };
    entry.ms += ms;
    entry.segments++;
    speakers.set(key, entry);
  });

  // Longest monologue.
  let best: { speaker: string | null; startIndex: number; durationMs: number } | null = null;
  let runStart = 0;
  const segs = transcript.segments;
  for (let i = 0; i < segs.length; i++) {
    const cur = segs[i];
    const next = segs[i + 1];
    if (!cur) continue;
    const continues = next && next.speaker === cur.speaker && cur.speaker !== null && next.startMs - cur.endMs < 5000;
    if (continues) continue;
    const first = segs[runStart];
    if (first) {
      const durationMs = Math.max(0, cur.endMs - first.startMs);
      if (!best || durationMs > best.durationMs) best = { speaker: first.speaker, startIndex: runStart, durationMs };
    }
    runStart = i + 1;
  }
  const monologueSentence = best ? sentences.find((s) => s.segmentIndex >= (best?.startIndex ?? 0)) : undefined;

  const questionsAsked = { ours: 0, theirs: 0, unknown: 0 };
  for (const s of sentences) if (isRealQuestion(s)) questionsAsked[s.side]++;

  return {
    bySide: {
      ours: { ms: bySide.ours, share: share(bySide.ours, total) },
      theirs: { ms: bySide.theirs, share: share(bySide.theirs, total) },
      unknown: { ms: bySide.unknown, share: share(bySide.unknown, total) },
    },
    bySpeaker: [...speakers.values()]
      .sort((a, b) => b.ms - a.ms || String(a.speaker).localeCompare(String(b.speaker)))
      .map((e) => ({ speaker: e.speaker, side: e.side, ms: e.ms, share: share(e.ms, total), segments: e.segments })),
    longestMonologue:
      best && monologueSentence
        ? {
            speaker: best.speaker,
            side: sideOf(best.speaker),
            durationMs: best.durationMs,
            quote: quoteOf(monologueSentence),
          }
        : null,
    questionsAsked,
  };
}
