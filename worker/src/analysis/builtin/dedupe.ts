/**
 * Near-duplicate detection for insights of one kind: a recap that repeats a promise, a caption
 * track that says the same sentence twice ("the greenbox problem" / "the green box problem").
 * Two sentences are near-identical when their sets of words longer than three letters overlap by
 * more than `threshold` (Jaccard).
 */
export class NearDuplicates {
  private readonly seen: Set<string>[] = [];
  private readonly threshold: number;
  constructor(threshold = 0.6) {
    this.threshold = threshold;
  }

  /** True when `words` is near-identical to one already added; otherwise adds it and returns false. */
  repeats(words: readonly string[]): boolean {
    const key = new Set(words.filter((w) => w.length > 3));
    if (key.size === 0) return false;
    if (this.seen.some((k) => jaccard(k, key) > this.threshold)) return true;
    this.seen.push(key);
    return false;
  }
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  const union = a.size + b.size - inter;
  return union === 0 ? 0 : inter / union;
}
