import { BOOSTERS, CONTRASTS, LEXICON, NEGATORS, PHRASES } from "./sentiment-lexicon.ts";
import { words } from "./text.ts";

/** The hand-written lexicon applied to one sentence: used by the rule scorer and as features of the trained model. */

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

function matchPhrase(tokens: readonly string[], at: number): PhraseEntry | undefined {
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
export function lexiconSum(
  text: string,
  tokens: readonly string[] = words(text),
): { sum: number; negations: number; tokens: number } {
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
