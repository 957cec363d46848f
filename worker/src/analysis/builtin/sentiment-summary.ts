import type { ConversationSentiment, Side } from "../insights-schema.ts";
import { quoteOf, type Sentence } from "./sentences.ts";
import { isSmallTalk } from "./small-talk.ts";

type Label = "positive" | "neutral" | "negative";

/** Share of a group's sentences that, when negative and outnumbering the positive ones, make it negative. */
const NEGATIVE_SHARE = 0.15;

/**
 * Polarity of a group. Greetings, thanks, goodbyes and weekend talk are left out when anything else
 * was said: they are polite by habit ("Thanks so much, have a great week!") and told nothing about
 * the account, yet they used to outvote a customer's complaints. Score: (positive - negative
 * sentences) / sentences, in -1..1. Label: negative when negative sentences are at least 15 % of
 * the group and outnumber the positive ones (a customer rarely says something negative in passing,
 * while courtesy is constant), positive from a net 0.1, else neutral (most sentences are neutral).
 */
function summarize(
  all: Sentence[],
  smallTalk: ReadonlySet<Sentence>,
): { label: Label; score: number; quote: Sentence } | null {
  if (all.length === 0) return null;
  const substantive = all.filter((s) => !smallTalk.has(s));
  const group = substantive.length > 0 ? substantive : all;
  let positives = 0;
  let negatives = 0;
  for (const s of group) {
    if (s.sentiment.label === "positive") positives++;
    else if (s.sentiment.label === "negative") negatives++;
  }
  const score = Math.round(((positives - negatives) / group.length) * 1000) / 1000;
  const label: Label =
    negatives >= NEGATIVE_SHARE * group.length && negatives > positives
      ? "negative"
      : score >= 0.1
        ? "positive"
        : score <= -0.1
          ? "negative"
          : "neutral";
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

/** The customer's side when it said enough (at least 5 sentences), else everyone. */
const MIN_CUSTOMER_SENTENCES = 5;

/**
 * Overall, per-speaker and over-time sentiment (time buckets of 5 minutes, at most 12). The overall
 * label is the customer's: our side is upbeat by role, and the account's mood is what a rep needs.
 */
export function summarizeSentiment(sentences: Sentence[], durationMs: number): ConversationSentiment {
  // Tested once per sentence: every group below reads the same answer.
  const smallTalk = new Set(sentences.filter(isSmallTalk));
  const customer = sentences.filter((s) => s.side === "theirs");
  const overall = summarize(customer.length >= MIN_CUSTOMER_SENTENCES ? customer : sentences, smallTalk);
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
      const r = summarize(e.group, smallTalk) as NonNullable<ReturnType<typeof summarize>>;
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
      const r = summarize(group, smallTalk);
      return r
        ? [{ startMs: i * width, endMs: (i + 1) * width, label: r.label, score: r.score, quote: quoteOf(r.quote) }]
        : [];
    }),
  };
}
