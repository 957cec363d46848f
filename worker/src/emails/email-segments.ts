/** Longest segment text: a paragraph over this is split at sentence ends (analysis and search read segments). */
const MAX_SEGMENT_CHARS = 1_000;

/**
 * A message body as transcript segment texts: one per paragraph (blank-line separated), its
 * hard-wrapped lines joined with spaces (plain-text mail wraps at ~72 columns), long paragraphs
 * split at sentence ends. Quotes the analyzers take from these are located back in the body by
 * locateQuote, which allows for the changed whitespace.
 */
export function emailSegmentTexts(body: string): string[] {
  const out: string[] = [];
  for (const paragraph of body.split(/\n\s*\n/)) {
    const text = paragraph.replace(/\s+/g, " ").trim();
    if (text) out.push(...splitLong(text));
  }
  return out;
}

function splitLong(text: string): string[] {
  if (text.length <= MAX_SEGMENT_CHARS) return [text];
  const sentences = text.match(/[^.!?]+(?:[.!?]+|$)\s*/g) ?? [text];
  const out: string[] = [];
  let current = "";
  for (const sentence of sentences) {
    if (current && current.length + sentence.length > MAX_SEGMENT_CHARS) {
      out.push(current.trim());
      current = "";
    }
    // A single "sentence" longer than the limit (no punctuation at all) is cut at the limit.
    for (let rest = sentence; rest; rest = rest.slice(MAX_SEGMENT_CHARS)) {
      if (rest.length <= MAX_SEGMENT_CHARS) {
        current += rest;
        break;
      }
      if (current) out.push(current.trim());
      out.push(rest.slice(0, MAX_SEGMENT_CHARS).trim());
      current = "";
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/**
 * Where `quote` is in `body` (character offsets, end exclusive), whatever whitespace separates its
 * words there (segments joined wrapped lines); case-sensitive first, then case-insensitive. Null
 * when it is not there.
 */
export function locateQuote(body: string, quote: string): { start: number; end: number } | null {
  const words = quote.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  const pattern = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("\\s+");
  for (const flags of ["", "i"]) {
    const match = new RegExp(pattern, flags).exec(body);
    if (match) return { start: match.index, end: match.index + match[0].length };
  }
  return null;
}
