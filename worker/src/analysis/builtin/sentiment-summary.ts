import type { ConversationSentiment, Side } from "../insights-schema.ts";
import { quoteOf, type Sentence } from "./sentences.ts";

type Label = "positive" | "neutral" | "negative";

/**
 * Net polarity of a group: (positive sentences - negative sentences) / sentences, in -1..1;
 * positive from 0.1, negative from -0.1 (most sentences of a call are neutral).
 */
function summarize(group: Sentence[]): { label: Label; score: number; quote: Sentence } | null {
  if (group.length === 0) return null;
  let net = 0;
  for (const s of group) net += s.sentiment.label === "positive" ? 1 : s.sentiment.label === "negative" ? -1 : 0;
  const score = Math.round((net / group.length) * 1000) / 1000;
  const label: Label = score >= 0.1 ? "positive" : score <= -0.1 ? "negative" : "neutral";
  // The quote is the sentence that best shows the label: most extreme in its direction, else the
  // sentence closest to the mean.
  let quote = group[0] as Sentence;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (const s of group) {
    const v =
      label === "positive"
        ? s.sentiment.score
        : label === "negative"
          ? -s.sentiment.score
          : -Math.abs(s.sentiment.score - score) + (s.words.length >= 5 ? 1 : 0);
    if (v > bestValue) {
      bestValue = v;
      quote = s;
    }
  }
  return { label, score, quote };
}

/** Overall, per-speaker and over-time sentiment (time buckets of 5 minutes, at most 12). */
export function summarizeSentiment(sentences: Sentence[], durationMs: number): ConversationSentiment {
  const overall = summarize(sentences);
  const bySpeaker = new Map<string, { speaker: string | null; side: Side; group: Sentence[] }>();
  for (const s of sentences) {
    const key = s.speaker ?? "\u0000";
    const entry = bySpeaker.get(key) ?? { speaker: s.speaker, side: s.side, group: [] };
    entry.group.push(s);
    bySpeaker.set(key, entry);
  }
  const buckets = Math.min(12, Math.max(1, Math.ceil(durationMs / 300_000)));
  const width = Math.max(1, Math.ceil((durationMs + 1) / buckets));
  const groups: Sentence[][] = Array.from({ length: buckets }, () => []);
  for (const s of sentences) groups[Math.min(buckets - 1, Math.floor(s.startMs / width))]?.push(s);
  return {
    overall: overall ? { label: overall.label, score: overall.score, quote: quoteOf(overall.quote) } : null,
    bySpeaker: [...bySpeaker.values()].map((e) => {
      const r = summarize(e.group) as NonNullable<ReturnType<typeof summarize>>;
      return {
        speaker: e.speaker,
        side: e.side,
        label: r.label,
        score: r.score,
        sentences: e.group.length,
        quote: quoteOf(r.quote),
      };
    }),
    overTime: groups.flatMap((group, i) => {
      const r = summarize(group);
      return r
        ? [{ startMs: i * width, endMs: (i + 1) * width, label: r.label, score: r.score, quote: quoteOf(r.quote) }]
        : [];
    }),
  };
}
