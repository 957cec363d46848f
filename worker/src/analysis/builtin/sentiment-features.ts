import { lexiconSum } from "./sentiment-lexicon-sum.ts";
import { words } from "./text.ts";

/**
 * The features of the trained sentiment model (`sentiment-model.ts`), shared by the training script
 * (`test/quality/train-sentiment.ts`) and the analyzer so both see exactly the same numbers. Words and
 * word pairs are hashed into a fixed number of buckets: the shipped weights then hold no vocabulary,
 * and an unseen word simply hits a bucket with little weight.
 */

/** Class order of the model's outputs and of the stored weights. */
export const CLASSES = ["positive", "neutral", "negative"] as const;

/** log2 of the number of hash buckets. */
export const HASH_BITS = 18;
const MASK = (1 << HASH_BITS) - 1;

/** FNV-1a over UTF-16 code units, continued from state `h`: tiny, deterministic, no dependency. */
function fnv(h: number, text: string): number {
  let state = h;
  for (let i = 0; i < text.length; i++) {
    state ^= text.charCodeAt(i);
    state = Math.imul(state, 0x01000193);
  }
  return state;
}
const FNV_OFFSET = 0x811c9dc5;
const bucket = (h: number) => (h >>> 0) & MASK;

/** The bucket of a feature name. */
export function hashFeature(feature: string): number {
  return bucket(fnv(FNV_OFFSET, feature));
}

// Hash states after the "w " and "b " prefixes: word and pair features hash as if their names were
// built ("w export", "b the export") without building a string per word.
const WORD = fnv(FNV_OFFSET, "w ");
const PAIR = fnv(FNV_OFFSET, "b ");

/** A sparse feature vector: bucket indices with their values (a bucket may repeat; values add). */
export interface Features {
  index: number[];
  value: number[];
  /** The hand-written lexicon's sum for the text (also used beside the model, see `sentiment-model.ts`). */
  lexicon: number;
}

/**
 * Unigrams and bigrams (with sentence start and end marks), punctuation cues that carry much of
 * spoken sentiment ("What?!", "Ohh!"), and the hand-written lexicon's score as dense features, so
 * the model can lean on the lexicon for words the training data never saw. No length feature: it
 * did not help on MELD dev, and review sentences (all polar) would teach that long means polar.
 */
export function sentimentFeatures(text: string, tokens: readonly string[] = words(text)): Features {
  const index: number[] = [];
  const value: number[] = [];
  const add = (name: string, v = 1) => {
    index.push(hashFeature(name));
    value.push(v);
  };
  const addHashed = (h: number) => {
    index.push(bucket(h));
    value.push(1);
  };
  add("bias");
  let prev = "<s>";
  for (const t of tokens) {
    addHashed(fnv(WORD, t));
    addHashed(fnv(fnv(fnv(PAIR, prev), " "), t));
    prev = t;
  }
  addHashed(fnv(fnv(PAIR, prev), " </s>"));
  const exclaims = Math.min(3, (text.match(/!/g) ?? []).length);
  if (exclaims > 0) add(`!${exclaims}`);
  if (text.includes("?")) add("?");
  if (exclaims > 0 && text.includes("?")) add("?!");
  if (/\.\.\.|\u2026/.test(text)) add("...");
  if (/\b[A-Z]{3,}\b/.test(text)) add("CAPS");
  const lex = lexiconSum(text, tokens);
  if (lex.sum > 0) add("lex+", Math.min(lex.sum, 6) / 2);
  if (lex.sum < 0) add("lex-", Math.min(-lex.sum, 6) / 2);
  if (lex.negations > 0) add(`neg ${Math.min(lex.negations, 2)}`);
  return { index, value, lexicon: lex.sum };
}
