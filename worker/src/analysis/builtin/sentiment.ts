import { BOOSTERS, CONTRASTS, LEXICON, NEGATORS, PHRASES } from "./sentiment-lexicon.ts";
import { words } from "./text.ts";

export type SentimentLabel = "positive" | "neutral" | "negative";

export interface SentimentResult {
  /** -1..1 (0 is neutral). */
  score: number;
  label: SentimentLabel;
}

/**
 * Decision parameters. The defaults were chosen on MELD dev (never on test), see docs/quality.md;
 * they are exported so the quality tooling can show how they were picked.
 */
export interface SentimentParams {
  /** Lexicon sum at or above which a sentence is positive. */
  positiveAt: number;
  /** Lexicon sum at or below which a sentence is negative (a negative number). */
  negativeAt: number;
  /** Added per negation word (spoken negation leans negative even without a sentiment word). */
  negationLean: number;
  /** Added per "!" (max 3) in the direction of the lexicon sum. */
  exclaimBoost: number;
  /** Lean of an exclamation with no sentiment word: positive when short, negative when asked ("what?!"). */
  exclaimShortLean: number;
  exclaimQuestionLean: number;
  exclaimLongLean: number;
  /** Lean of a question with no sentiment word ("why would you do that?"). */
  questionLean: number;
}

export const DEFAULT_SENTIMENT_PARAMS: SentimentParams = {
  positiveAt: 0.7,
  negativeAt: -0.4,
  negationLean: -0.8,
  exclaimBoost: 0.4,
  exclaimShortLean: 2,
  exclaimQuestionLean: -1,
  exclaimLongLean: 1,
  questionLean: 0,
};

interface PhraseEntry {
  tokens: string[];
  valence: number;
}
const PHRASE_INDEX = new Map<string, PhraseEntry[]>();
for (const [phrase, valence] of PHRASES) {
  const tokens = words(phrase);
  const first = tokens[0];
  if (!first) continue;
  const list = PHRASE_INDEX.get(first) ?? [];
  list.push({ tokens, valence });
  list.sort((a, b) => b.tokens.length - a.tokens.length);
  PHRASE_INDEX.set(first, list);
}

function matchPhrase(tokens: string[], at: number): PhraseEntry | undefined {
  const candidates = PHRASE_INDEX.get(tokens[at] ?? "");
  if (!candidates) return undefined;
  outer: for (const entry of candidates) {
    for (let k = 1; k < entry.tokens.length; k++) {
      if (tokens[at + k] !== entry.tokens[k]) continue outer;
    }
    return entry;
  }
  return undefined;
}

function valenceOf(token: string): number | undefined {
  const direct = LEXICON.get(token);
  if (direct !== undefined) return direct;
  // Light inflection fallback: plural / third person "-s" only (safer than stemming).
  if (token.length > 4 && token.endsWith("s")) return LEXICON.get(token.slice(0, -1));
  return undefined;
}

const NEGATION_WINDOW = 3;

/** Lexicon sum with negation, boosters, contrast and phrases; plus the counts the decision uses. */
export function lexiconSum(text: string): { sum: number; negations: number; tokens: number } {
  const tokens = words(text);
  let before = 0;
  let after = 0;
  let contrasted = false;
  let negateLeft = 0;
  let boost = 1;
  let negations = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    const phrase = matchPhrase(tokens, i);
    let v: number | undefined;
    if (phrase) {
      v = phrase.valence;
      i += phrase.tokens.length - 1;
    } else if (NEGATORS.has(token)) {
      negations++;
      negateLeft = NEGATION_WINDOW;
      continue;
    } else if (CONTRASTS.has(token) && i > 0) {
      contrasted = true;
      negateLeft = 0;
      continue;
    } else {
      const b = BOOSTERS.get(token);
      if (b !== undefined && i + 1 < tokens.length) {
        boost *= b;
        continue;
      }
      v = valenceOf(token);
    }
    if (v !== undefined && v !== 0) {
      let value = v * boost;
      // A negated positive flips ("not good"); a negated negative only fades ("don't worry" is not praise).
      if (negateLeft > 0 && !phrase) value *= v > 0 ? -0.75 : -0.25;
      if (contrasted) after += value;
      else before += value;
      boost = 1;
    } else if (v === undefined) {
      // Boosters apply to the next word only when it carries sentiment; any other word resets them.
      boost = 1;
    }
    if (negateLeft > 0) negateLeft--;
  }
  const sum = contrasted ? before * 0.5 + after * 1.5 : before + after;
  return { sum, negations, tokens: tokens.length };
}

/** Sentiment of one sentence or utterance. */
export function scoreSentiment(text: string, params: SentimentParams = DEFAULT_SENTIMENT_PARAMS): SentimentResult {
  const { sum, negations, tokens } = lexiconSum(text);
  const exclaims = Math.min(3, (text.match(/!/g) ?? []).length);
  const asks = text.includes("?");
  let s = sum + negations * params.negationLean;
  if (exclaims > 0) {
    if (sum !== 0) s += Math.sign(sum) * exclaims * params.exclaimBoost;
    else if (asks) s += params.exclaimQuestionLean;
    else if (tokens <= 3) s += params.exclaimShortLean;
    else s += params.exclaimLongLean;
  } else if (asks && sum === 0) {
    s += params.questionLean;
  }
  const label: SentimentLabel = s >= params.positiveAt ? "positive" : s <= params.negativeAt ? "negative" : "neutral";
  return { score: Math.round((s / Math.sqrt(s * s + 15)) * 1000) / 1000, label };
}
