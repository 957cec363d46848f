/**
 * The search box's small query language, turned into an FTS5 expression that is always valid: user
 * input is never passed to FTS5 as syntax. What it understands:
 *   words            all must appear (any order), stemmed: "pricing" finds "price"
 *   "a phrase"       those words next to each other, in that order
 *   word*            a prefix ("integr*" finds "integration")
 *   -word, -"a b"    must not appear
 * Everything else is text: FTS5 operators (OR, NEAR, AND, NOT), column filters (`speaker:`), `^`,
 * parentheses and stray or unbalanced quotes are split into plain words like any punctuation.
 */
export interface ParsedSearch {
  /** The FTS5 expression over the text and speaker columns, or null when nothing is searchable. */
  match: string | null;
  /** The plain words in order (for ranking an exact phrase first); empty when there are fewer than two. */
  phrase: string | null;
}

const MAX_PARTS = 16;
const MAX_WORD = 64;
/** A word is a run of letters and digits (the tokenizer's own idea of a token, unicode61). */
const WORD = /[\p{L}\p{N}]+/gu;

const words = (text: string) => (text.match(WORD) ?? []).map((w) => w.slice(0, MAX_WORD));
/** One FTS5 string: the word(s) in double quotes; only letters, digits and spaces remain, so nothing needs escaping. */
const quoted = (ws: readonly string[]) => `"${ws.join(" ")}"`;

interface Part {
  text: string;
  negated: boolean;
}

export function parseSearchQuery(input: string): ParsedSearch {
  const positive: string[] = [];
  const negative: string[] = [];
  const plain: string[] = [];
  for (const part of splitParts(input)) {
    if (positive.length + negative.length >= MAX_PARTS) break;
    const target = part.negated ? negative : positive;
    if (part.text.startsWith('"')) {
      const ws = words(part.text);
      if (ws.length) target.push(quoted(ws));
      continue;
    }
    const prefix = /^[\p{L}\p{N}]{2,}\*$/u.test(part.text);
    const ws = words(part.text);
    if (prefix && ws.length === 1) {
      target.push(`${quoted(ws)}*`);
      continue;
    }
    for (const w of ws) {
      target.push(quoted([w]));
      if (!part.negated) plain.push(w);
    }
  }
  if (positive.length === 0) return { match: null, phrase: null };
  const must = positive.join(" AND ");
  const match = negative.length ? `(${must}) NOT (${negative.join(" OR ")})` : must;
  return { match, phrase: plain.length >= 2 ? plain.join(" ") : null };
}

/** Splits on whitespace, keeping "quoted parts" whole (an unbalanced quote just ends at the end). */
function splitParts(input: string): Part[] {
  const parts: Part[] = [];
  let i = 0;
  const text = input.slice(0, 1000);
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
    if (i >= text.length) break;
    let negated = false;
    if (text[i] === "-" && i + 1 < text.length && !/\s/.test(text[i + 1] as string)) {
      negated = true;
      i++;
    }
    if (text[i] === '"') {
      const end = text.indexOf('"', i + 1);
      const stop = end === -1 ? text.length : end + 1;
      parts.push({ text: `"${text.slice(i + 1, end === -1 ? text.length : end)}`, negated });
      i = stop;
      continue;
    }
    let j = i;
    while (j < text.length && !/\s/.test(text[j] as string)) j++;
    parts.push({ text: text.slice(i, j), negated });
    i = j;
  }
  return parts;
}
