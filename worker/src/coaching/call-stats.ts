import type { TranscriptSegment } from "@sightline/shared";
import type { ConversationInsights, Side } from "../analysis/insights-schema.ts";

/** One conversation's coaching figures, as stored in `conversation_coaching_stats`. */
export interface CallCoachingStats {
  durationMs: number;
  ourTalkMs: number;
  theirTalkMs: number;
  unknownTalkMs: number;
  longestMonologueMs: number;
  longestMonologueStartMs: number | null;
  longestMonologueSpeaker: string | null;
  questionsAsked: number;
  customerQuestions: number;
  unansweredQuestions: number;
  nextSteps: number;
  nextStepsWithDate: number;
}

/** Pauses shorter than this keep a monologue going (the analyzer's talk stats use the same rule). */
const MONOLOGUE_PAUSE_MS = 5000;

/**
 * Our side's longest monologue: consecutive segments of one of our speakers, pauses under 5 s
 * included. The analyzer reports only the call's longest monologue, whoever spoke it; coaching
 * needs ours even when the customer spoke longer.
 */
export function longestOurMonologue(
  segments: readonly Pick<TranscriptSegment, "speaker" | "startMs" | "endMs">[],
  sideOf: (speaker: string | null) => Side,
): { durationMs: number; startMs: number; speaker: string } | null {
  let best: { durationMs: number; startMs: number; speaker: string } | null = null;
  let run: { speaker: string; startMs: number; endMs: number } | null = null;
  const close = () => {
    if (run && (!best || run.endMs - run.startMs > best.durationMs))
      best = { durationMs: Math.max(0, run.endMs - run.startMs), startMs: run.startMs, speaker: run.speaker };
    run = null;
  };
  for (const s of segments) {
    const ours = s.speaker !== null && sideOf(s.speaker) === "ours";
    if (run && ours && s.speaker === run.speaker && s.startMs - run.endMs < MONOLOGUE_PAUSE_MS) {
      run.endMs = Math.max(run.endMs, s.endMs);
      continue;
    }
    close();
    if (ours && s.speaker !== null) run = { speaker: s.speaker, startMs: s.startMs, endMs: s.endMs };
  }
  close();
  return best;
}

/** The figures of one analyzed conversation, from the analyzer's result and the transcript it read. */
export function callCoachingStats(
  insights: ConversationInsights,
  segments: readonly Pick<TranscriptSegment, "speaker" | "startMs" | "endMs">[],
  sideOf: (speaker: string | null) => Side,
): CallCoachingStats {
  const mono = longestOurMonologue(segments, sideOf);
  return {
    durationMs: segments.reduce((max, s) => Math.max(max, s.endMs), 0),
    ourTalkMs: insights.talk.bySide.ours.ms,
    theirTalkMs: insights.talk.bySide.theirs.ms,
    unknownTalkMs: insights.talk.bySide.unknown.ms,
    longestMonologueMs: mono?.durationMs ?? 0,
    longestMonologueStartMs: mono?.startMs ?? null,
    longestMonologueSpeaker: mono?.speaker ?? null,
    questionsAsked: insights.talk.questionsAsked.ours,
    customerQuestions: insights.customerQuestions.length,
    unansweredQuestions: insights.customerQuestions.filter((q) => !q.answered).length,
    nextSteps: insights.nextSteps.length,
    nextStepsWithDate: insights.nextSteps.filter((n) => n.due !== null).length,
  };
}

/** Our side's share of the talk both sides had; null when either side said nothing we could place. */
export function talkRatio(stats: Pick<CallCoachingStats, "ourTalkMs" | "theirTalkMs">): number | null {
  if (stats.ourTalkMs <= 0 || stats.theirTalkMs <= 0) return null;
  return Math.round((stats.ourTalkMs / (stats.ourTalkMs + stats.theirTalkMs)) * 1000) / 1000;
}
