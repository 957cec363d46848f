/** A stretch of text, marked (a match) or not; `current` is the match the user is on. */
export type TextPart = { text: string; marked: boolean; current?: boolean };

export type Range = { start: number; end: number; current?: boolean };

/**
 * Cuts `text` at the highlight ranges (character offsets, as GET /search and find-in-transcript give
 * them). Ranges out of bounds are clipped, overlaps given to the range that starts first, empty ones dropped, so whatever a
 * backend sends the parts always add up to the text.
 */
export function markedParts(text: string, ranges: readonly Range[]): TextPart[] {
  const sorted = ranges
    .map((r) => ({
      start: Math.max(0, Math.min(r.start, text.length)),
      end: Math.max(0, Math.min(r.end, text.length)),
      current: r.current,
    }))
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.start - b.start);
  const parts: TextPart[] = [];
  let at = 0;
  for (const range of sorted) {
    const start = Math.max(range.start, at);
    if (range.end <= start) continue;
    if (start > at) parts.push({ text: text.slice(at, start), marked: false });
    parts.push(
      range.current
        ? { text: text.slice(start, range.end), marked: true, current: true }
        : { text: text.slice(start, range.end), marked: true },
    );
    at = range.end;
  }
  if (at < text.length || parts.length === 0) parts.push({ text: text.slice(at), marked: false });
  return parts;
}
