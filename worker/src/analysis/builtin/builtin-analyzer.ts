import type { Transcript } from "@sightline/shared";
import { type AnalysisContext, type Analyzer, sideResolver } from "../analyzer.ts";
import type { ConversationInsights, Side } from "../insights-schema.ts";
import { estimateClosing } from "./closing.ts";
import { coachingTips } from "./coaching.ts";
import { findFindings } from "./findings.ts";
import { findNextSteps } from "./next-steps.ts";
import { findCustomerQuestions } from "./questions.ts";
import { buildSentences } from "./sentences.ts";
import { summarizeSentiment } from "./sentiment-summary.ts";
import { computeTalkStats } from "./talk-stats.ts";
import { extractTopics } from "./topics.ts";
import { vendorMatcher } from "./vendors.ts";

export const BUILTIN_ANALYZER_ID = "builtin";
/** Bump when the output for the same transcript can change (re-analysis replaces older results). */
export const BUILTIN_ANALYZER_VERSION = "1.4.1";

/** Synchronous core of the built-in analyzer (deterministic, no network, no clock, no randomness). */
export function analyzeBuiltin(transcript: Transcript, context: AnalysisContext): ConversationInsights {
  const analyzer = { id: BUILTIN_ANALYZER_ID, version: BUILTIN_ANALYZER_VERSION };
  const sideOf = sideResolver(context);
  const sentences = buildSentences(transcript, context);
  const durationMs = transcript.segments.reduce((max, s) => Math.max(max, s.endMs), 0);
  const talk = computeTalkStats(transcript, sentences, sideOf);
  if (sentences.length === 0) {
    return {
      analyzer,
      topics: [],
      wins: [],
      issues: [],
      objections: [],
      customerQuestions: [],
      nextSteps: [],
      sentiment: { overall: null, bySpeaker: [], overTime: [] },
      talk,
      closing: { probability: 50, reasons: [], signals: [] },
      coaching: [],
    };
  }
  const speakers = new Map<string, Side>();
  for (const p of context.participants) speakers.set(p.name, p.side);
  for (const s of transcript.segments)
    if (s.speaker && !speakers.has(s.speaker)) speakers.set(s.speaker, sideOf(s.speaker));

  const topics = extractTopics(sentences, {
    limit: 10,
    exclude: [
      ...speakers.keys(),
      ...(context.accountName ? [context.accountName] : []),
      ...(context.repName ? [context.repName] : []),
    ],
  });
  const { wins, issues, objections } = findFindings(sentences, vendorMatcher(context.competitors));
  const customerQuestions = findCustomerQuestions(sentences);
  const nextSteps = findNextSteps(sentences, speakers);
  const sentiment = summarizeSentiment(sentences, durationMs);
  const closing = estimateClosing({
    sentences,
    nextSteps,
    wins,
    issues,
    objections,
    questions: customerQuestions,
    sentiment,
  });
  const coaching = coachingTips({ sentences, talk, questions: customerQuestions, objections, nextSteps, durationMs });
  return {
    analyzer,
    topics,
    wins,
    issues,
    objections,
    customerQuestions,
    nextSteps,
    sentiment,
    talk,
    closing,
    coaching,
  };
}

/**
 * The closing probability and its reasons for findings another analyzer made (the OpenAI one):
 * the same deterministic score, over that analyzer's wins, issues, objections, questions and next
 * steps, with this analyzer's sentences and sentiment.
 */
export function closingForFindings(
  transcript: Transcript,
  context: AnalysisContext,
  findings: Pick<ConversationInsights, "wins" | "issues" | "objections" | "customerQuestions" | "nextSteps">,
  sentiment: ConversationInsights["sentiment"],
): ConversationInsights["closing"] {
  const sentences = buildSentences(transcript, context);
  if (sentences.length === 0) return { probability: 50, reasons: [], signals: [] };
  return estimateClosing({ sentences, ...findings, questions: findings.customerQuestions, sentiment });
}

/** The default analyzer: works with no LLM and no network. */
export const builtinAnalyzer: Analyzer = {
  id: BUILTIN_ANALYZER_ID,
  version: BUILTIN_ANALYZER_VERSION,
  analyze: async (transcript, context) => analyzeBuiltin(transcript, context),
};
