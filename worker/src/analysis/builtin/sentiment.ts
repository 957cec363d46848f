import { predictSentiment } from "./sentiment-model.ts";
import { words } from "./text.ts";

export type SentimentLabel = "positive" | "neutral" | "negative";

export interface SentimentResult {
  /** -1..1 (0 is neutral): P(positive) - P(negative) under the trained model. */
  score: number;
  label: SentimentLabel;
}

/**
 * Sentiment of one sentence or utterance: the most probable class of the trained model
 * (`sentiment-model.ts`; logistic regression over words, word pairs, punctuation and the
 * hand-written lexicon, see docs/quality.md).
 */
export function scoreSentiment(text: string, tokens: readonly string[] = words(text)): SentimentResult {
  const [positive, neutral, negative] = predictSentiment(text, tokens);
  const label: SentimentLabel =
    positive >= neutral && positive >= negative ? "positive" : negative >= neutral ? "negative" : "neutral";
  return { score: Math.round((positive - negative) * 1000) / 1000, label };
}
