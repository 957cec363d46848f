/**
 * Text primitives shared by the built-in analyzer: normalizing apostrophes, word tokens, and
 * splitting a segment into sentences whose text is an exact substring of the segment (so every
 * quote stays verbatim).
 */

/** Curly apostrophes and quotes become straight ones; used for matching, never for quoting. */
export function normalizeForMatch(text: string): string {
  return text.replace(/[\u2018\u2019\u02bc`]/g, "'").replace(/[\u201c\u201d]/g, '"');
}

const WORD = /[a-z0-9]+(?:'[a-z]+)?/g;

/** Lower-case word tokens ("don't", "we'll", "30" are single tokens). */
export function words(text: string): string[] {
  return normalizeForMatch(text).toLowerCase().match(WORD) ?? [];
}

// Abbreviations after which a period does not end a sentence.
const ABBREVIATIONS = new Set([
  "mr",
  "mrs",
  "ms",
  "dr",
  "prof",
  "sr",
  "jr",
  "st",
  "vs",
  "etc",
  "inc",
  "ltd",
  "co",
  "corp",
  "approx",
  "dept",
  "e.g",
  "i.e",
  "jan",
  "feb",
  "mar",
  "apr",
  "jun",
  "jul",
  "aug",
  "sep",
  "sept",
  "oct",
  "nov",
  "dec",
]);

/**
 * Sentences of one segment, in order. Each returned string is a verbatim substring of `text`
 * (trimmed). Splits after `.`, `!`, `?` (and runs of them, closing quotes/brackets) followed by
 * white space, except after common abbreviations, single initials and decimal numbers.
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const ch = text[i];
    if (ch !== "." && ch !== "!" && ch !== "?" && ch !== "\u2026") continue;
    let end = i + 1;
    while (end < n && /[.!?\u2026"'\u201d\u2019)\]]/.test(text[end] ?? "")) end++;
    if (end < n && !/\s/.test(text[end] ?? "")) {
      i = end - 1;
      continue;
    }
    if (ch === ".") {
      const before = text.slice(start, i);
      const m = /([A-Za-z.']+)$/.exec(before);
      const last = m?.[1]?.toLowerCase() ?? "";
      if (ABBREVIATIONS.has(last) || /^[a-z]$/.test(last)) {
        i = end - 1;
        continue;
      }
    }
    const sentence = text.slice(start, end).trim();
    if (sentence) out.push(sentence);
    start = end;
    i = end - 1;
  }
  const rest = text.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}
