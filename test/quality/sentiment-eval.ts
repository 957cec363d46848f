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
 * UCI binary accuracy: positive when score >= 0. Also reported on the odd-numbered lines alone,
 * because lexicon words were added while reading errors on the even-numbered lines only.
 */
export function evaluateUci(set: "amazon_cells" | "yelp" | "imdb") {
  const rows = loadUci(set);
  const correct = rows.map((r) => scoreSentiment(r.text).score >= 0 === r.positive);
  const held = correct.filter((_, i) => i % 2 === 1);
  return {
    n: rows.length,
    accuracy: correct.filter(Boolean).length / rows.length,
    heldOutAccuracy: held.filter(Boolean).length / held.length,
  };
}
