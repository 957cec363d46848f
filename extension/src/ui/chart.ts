/** Points of an SVG polyline for scores in [-1, 1], oldest first, in a width x height box. */
export function sparklinePoints(scores: number[], width: number, height: number): string {
  if (scores.length === 0) return "";
  // One week draws a level line across the box rather than an invisible single point.
  if (scores.length === 1) scores = [scores[0] ?? 0, scores[0] ?? 0];
  const pad = 2;
  const step = (width - 2 * pad) / (scores.length - 1);
  return scores
    .map((score, i) => {
      const clamped = Math.max(-1, Math.min(1, score));
      const x = pad + i * step;
      const y = pad + ((1 - clamped) / 2) * (height - 2 * pad);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(" ");
}

/** One bar of a horizontal bar chart, as BarChart draws it. */
export interface Bar {
  key: string;
  label: string;
  value: number;
  /** The value as the chart writes it beside the bar ("42", "63%"). */
  valueText: string;
}

/**
 * Bar lengths in pixels for non-negative values, the largest filling `width`; a zero stays zero and a
 * non-zero value gets at least one pixel so it is not mistaken for zero. Negative values count as zero.
 */
export function barLengths(values: number[], width: number): number[] {
  const max = Math.max(0, ...values);
  if (max === 0) return values.map(() => 0);
  return values.map((v) => (v > 0 ? Math.max(1, Math.round((v / max) * width)) : 0));
}
