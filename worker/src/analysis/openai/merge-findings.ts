import type { Transcript } from "@sightline/shared";
import { type AnalysisContext, sideResolver } from "../analyzer.ts";
import type {
  ConversationInsights,
  CustomerQuestion,
  Finding,
  NextStep,
  Objection,
  Quote,
  Topic,
} from "../insights-schema.ts";
import type { LlmChunkOutput } from "./llm-output.ts";
import { renderLine } from "./llm-output.ts";
import { locateQuote } from "./locate-quote.ts";

/** Segments [start, end) of a transcript sent in one request. */
export interface ChunkRange {
  start: number;
  end: number;
}

/**
 * Splits a transcript into consecutive, non-overlapping runs of whole segments whose rendered lines
 * stay within `maxChars` (a single longer segment is a chunk of its own). Every segment is in
 * exactly one chunk, in order.
 */
export function chunkTranscript(transcript: Transcript, maxChars: number): ChunkRange[] {
  const chunks: ChunkRange[] = [];
  let start = 0;
  let size = 0;
  transcript.segments.forEach((segment, i) => {
    // Side is unknown here; "(theirs)" is the longest side label, so sizes are never underestimated.
    const length = renderLine(i, segment, "theirs").length + 1;
    if (i > start && size + length > maxChars) {
      chunks.push({ start, end: i });
      start = i;
      size = 0;
    }
    size += length;
  });
  if (start < transcript.segments.length) chunks.push({ start, end: transcript.segments.length });
  return chunks;
}

/** What the model's findings, located and merged over all chunks, contribute to the insights. */
export type LlmFindings = Pick<
  ConversationInsights,
  "topics" | "wins" | "issues" | "objections" | "customerQuestions" | "nextSteps"
>;

const phraseKey = (phrase: string) => phrase.trim().toLowerCase().replace(/\s+/g, " ");
const quoteKey = (quote: Quote) => `${quote.segmentIndex}:${quote.text}`;

/** Keeps the first item per key. */
function dedupe<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Maps the model's per-chunk outputs to insights: each quote is located verbatim in the transcript
 * (findings whose quote is not there are dropped; an optional response/answer quote that is not
 * there becomes null). Topics are merged across chunks by phrase (case and spacing ignored), ranked
 * by the number of chunks naming them, then by first appearance; relevance falls linearly from 1.
 * Wins, issues, objections, questions and next steps from all chunks are kept, minus exact
 * duplicates (same quote in the same segment).
 */
export function mergeLlmFindings(
  transcript: Transcript,
  context: AnalysisContext,
  outputs: readonly LlmChunkOutput[],
  maxTopics = 10,
): LlmFindings {
  const sideOf = sideResolver(context);
  const locate = (quote: string, segment: number) => locateQuote(transcript, quote, segment, sideOf);
  const lowerText = transcript.segments.map((s) => s.text.toLowerCase()).join("\n");

  const topicVotes = new Map<string, { phrase: string; votes: number; order: number; quote: Quote }>();
  const wins: Finding[] = [];
  const issues: Finding[] = [];
  const objections: Objection[] = [];
  const customerQuestions: CustomerQuestion[] = [];
  const nextSteps: NextStep[] = [];

  for (const output of outputs) {
    const namedHere = new Set<string>();
    for (const t of output.topics) {
      const key = phraseKey(t.phrase);
      if (!key || namedHere.has(key)) continue;
      const quote = locate(t.quote, t.segment);
      if (!quote) continue;
      namedHere.add(key);
      const known = topicVotes.get(key);
      if (known) known.votes++;
      else topicVotes.set(key, { phrase: key, votes: 1, order: topicVotes.size, quote });
    }
    for (const [list, target] of [
      [output.wins, wins],
      [output.issues, issues],
    ] as const) {
      for (const f of list) {
        const quote = locate(f.quote, f.segment);
        if (quote) target.push({ summary: f.summary.trim() || quote.text, quote });
      }
    }
    for (const o of output.objections) {
      const quote = locate(o.quote, o.segment);
      if (!quote) continue;
      const response = o.responseQuote ? locate(o.responseQuote, o.segment + 1) : null;
      objections.push({
        category: o.category,
        summary: o.summary.trim() || quote.text,
        quote,
        response,
        answered: o.answered,
      });
    }
    for (const q of output.customerQuestions) {
      const quote = locate(q.quote, q.segment);
      if (!quote) continue;
      const answer = q.answerQuote ? locate(q.answerQuote, q.segment + 1) : null;
      customerQuestions.push({ question: q.question.trim() || quote.text, answered: q.answered, quote, answer });
    }
    for (const n of output.nextSteps) {
      const quote = locate(n.quote, n.segment);
      if (!quote) continue;
      const owner = n.owner?.trim() || null;
      const ownerSide = owner && sideOf(owner) !== "unknown" ? sideOf(owner) : quote.side;
      nextSteps.push({ owner, ownerSide, action: n.action.trim() || quote.text, due: n.due?.trim() || null, quote });
    }
  }

  const ranked = [...topicVotes.values()].sort((a, b) => b.votes - a.votes || a.order - b.order).slice(0, maxTopics);
  const topics: Topic[] = ranked.map((t, i) => ({
    phrase: t.phrase,
    relevance: ranked.length <= 1 ? 1 : Math.round((1 - i / ranked.length) * 1000) / 1000,
    mentions: Math.max(1, countOccurrences(lowerText, t.phrase)),
    quote: t.quote,
  }));

  return {
    topics,
    wins: dedupe(wins, (f) => quoteKey(f.quote)),
    issues: dedupe(issues, (f) => quoteKey(f.quote)),
    // Two categories of one sentence ("Gong quoted us lower": competitor and price) are both kept.
    objections: dedupe(objections, (o) => `${quoteKey(o.quote)}|${o.category}`),
    customerQuestions: dedupe(customerQuestions, (q) => quoteKey(q.quote)),
    nextSteps: dedupe(nextSteps, (n) => quoteKey(n.quote)),
  };
}

function countOccurrences(haystack: string, needle: string): number {
  if (!needle) return 0;
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}
