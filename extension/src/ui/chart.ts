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
