import { scoreSentiment } from "../../worker/src/analysis/builtin/sentiment.ts";
import { classificationScores, loadMeld, loadUci } from "./data.ts";

/** MELD split -> 3-class macro-F1 and accuracy of the built-in sentiment scorer. */
export function evaluateMeld(split: "dev" | "test") {
  const rows = loadMeld(split);
  return {
    n: rows.length,
    ...classificationScores(
      rows.map((r) => r.label),
      rows.map((r) => scoreSentiment(r.text).label),
    ),
  };
}

/**
 * UCI binary accuracy: positive when score >= 0 (P(positive) >= P(negative)). The shipped model was
 * trained on the even-numbered lines, so the figure that counts is `heldOutAccuracy`, over the
 * odd-numbered lines (never trained on, never inspected); `trainedLinesAccuracy` is shown only to
 * make the difference visible.
 */
export function evaluateUci(set: "amazon_cells" | "yelp" | "imdb") {
  const rows = loadUci(set);
  const correct = rows.map((r) => scoreSentiment(r.text).score >= 0 === r.positive);
  const share = (parity: number) => {
    const part = correct.filter((_, i) => i % 2 === parity);
    return part.filter(Boolean).length / part.length;
  };
  return { n: rows.length, heldOutAccuracy: share(1), trainedLinesAccuracy: share(0) };
}
