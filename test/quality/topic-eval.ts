import type { Transcript } from "@sightline/shared";
import { buildSentences } from "../../worker/src/analysis/builtin/sentences.ts";
import { stem } from "../../worker/src/analysis/builtin/stem.ts";
import { STOPWORDS } from "../../worker/src/analysis/builtin/stopwords.ts";
import { words } from "../../worker/src/analysis/builtin/text.ts";
import { extractTopics } from "../../worker/src/analysis/builtin/topics.ts";
import { loadQmsum, type QmsumMeeting } from "./data.ts";

/**
 * Topic quality on the QMSum product meetings.
 *
 * Match rule (same for both methods): a gold topic is matched when at least one of the top-k
 * extracted phrases shares a content-word stem with it. Content words: tokens that are not in
 * STOPWORDS (function words and filler), not numbers, at least 3 letters; stems from `stem()`.
 */
export const contentStems = (text: string) =>
  new Set(
    words(text)
      .filter((w) => !STOPWORDS.has(w) && !/^\d/.test(w) && w.length >= 3)
      .map(stem),
  );

/** Baseline: the k most frequent content words (same tokenizer and stop list), nothing else. */
export function keywordFrequencyBaseline(transcript: Transcript, k: number): string[] {
  const counts = new Map<string, number>();
  for (const segment of transcript.segments)
    for (const w of words(segment.text))
      if (!STOPWORDS.has(w) && !/^\d/.test(w) && w.length >= 3 && !w.includes("'"))
        counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, k)
    .map(([w]) => w);
}

/** The meeting as a Transcript; AMI annotation marks ({vocalsound}, {disfmarker}, ...) removed for both methods. */
export function qmsumTranscript(meeting: QmsumMeeting): Transcript {
  return {
    segments: meeting.turns.map((t, i) => ({
      speaker: t.speaker,
      startMs: i * 1000,
      endMs: i * 1000 + 999,
      text: t.content
        .replace(/\{[a-z_]+\}/gi, " ")
        .replace(/\s+/g, " ")
        .trim(),
    })),
  };
}

export function builtinTopics(transcript: Transcript, k: number): string[] {
  return extractTopics(buildSentences(transcript, { participants: [] }), { limit: k }).map((t) => t.phrase);
}

export function matchedGold(gold: string[], phrases: string[]) {
  const phraseStems = new Set(phrases.flatMap((p) => [...contentStems(p)]));
  return gold.filter((g) => [...contentStems(g)].some((s) => phraseStems.has(s)));
}

export interface TopicScore {
  k: number;
  gold: number;
  builtin: number;
  baseline: number;
}

export function evaluateTopics(ks: number[] = [5, 10]) {
  const meetings = loadQmsum();
  const scores: TopicScore[] = ks.map((k) => ({ k, gold: 0, builtin: 0, baseline: 0 }));
  const perMeeting: { name: string; k: number; builtin: string[]; baseline: string[]; gold: string[] }[] = [];
  for (const meeting of meetings) {
    const transcript = qmsumTranscript(meeting);
    for (const score of scores) {
      const ours = builtinTopics(transcript, score.k);
      const base = keywordFrequencyBaseline(transcript, score.k);
      score.gold += meeting.topics.length;
      score.builtin += matchedGold(meeting.topics, ours).length;
      score.baseline += matchedGold(meeting.topics, base).length;
      perMeeting.push({ name: meeting.name, k: score.k, builtin: ours, baseline: base, gold: meeting.topics });
    }
  }
  return { meetings: meetings.length, scores, perMeeting };
}
