import { lexiconSum } from "./sentiment-lexicon-sum.ts";
import { words } from "./text.ts";

/**
 * The features of the trained sentiment model (`sentiment-model.ts`), shared by the training script
 * (`scripts/train-sentiment.ts`) and the analyzer so both see exactly the same numbers. Words and
 * word pairs are hashed into a fixed number of buckets: the shipped weights then hold no vocabulary,
 * and an unseen word simply hits a bucket with little weight.
 */

/** Class order of the model's outputs and of the stored weights. */
export const CLASSES = ["positive", "neutral", "negative"] as const;

/** log2 of the number of hash buckets. */
export const HASH_BITS = 18;
const MASK = (1 << HASH_BITS) - 1;

/** FNV-1a over UTF-16 code units: tiny, deterministic, no dependency. */
export function hashFeature(feature: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < feature.length; i++) {
    h ^= feature.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & MASK;
}

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
export function sentimentFeatures(text: string): Features {
  const tokens = words(text);
  const index: number[] = [];
  const value: number[] = [];
  const add = (name: string, v = 1) => {
    index.push(hashFeature(name));
    value.push(v);
  };
  add("bias");
  let prev = "<s>";
  for (const t of tokens) {
    add(`w ${t}`);
    add(`b ${prev} ${t}`);
    prev = t;
  }
  add(`b ${prev} </s>`);
  const exclaims = Math.min(3, (text.match(/!/g) ?? []).length);
  if (exclaims > 0) add(`!${exclaims}`);
  if (text.includes("?")) add("?");
  if (exclaims > 0 && text.includes("?")) add("?!");
  if (/\.\.\.|\u2026/.test(text)) add("...");
  if (/\b[A-Z]{3,}\b/.test(text)) add("CAPS");
  const lex = lexiconSum(text);
  if (lex.sum > 0) add("lex+", Math.min(lex.sum, 6) / 2);
  if (lex.sum < 0) add("lex-", Math.min(-lex.sum, 6) / 2);
  if (lex.negations > 0) add(`neg ${Math.min(lex.negations, 2)}`);
  return { index, value, lexicon: lex.sum };
}
