import { expect, it } from "vitest";
import { describeWithSharedData } from "../support/shared-data.ts";
import { evaluateMeld, evaluateUci } from "./sentiment-eval.ts";

describeWithSharedData("built-in sentiment quality", () => {
  it("MELD test, 3 classes: macro-F1 >= 0.50 (AFINN 0.426, VADER 0.399)", () => {
    const r = evaluateMeld("test");
    process.stdout.write(
      `MELD test (n=${r.n}): macro-F1 ${r.macroF1.toFixed(3)}, accuracy ${(r.accuracy * 100).toFixed(1)}%\n`,
    );
    expect(r.macroF1).toBeGreaterThanOrEqual(0.5);
  });

  it.each(["amazon_cells", "yelp", "imdb"] as const)("UCI %s, binary: accuracy >= 80%%", (set) => {
    const r = evaluateUci(set);
    process.stdout.write(
      `UCI ${set} (n=${r.n}): ${(r.accuracy * 100).toFixed(1)}% (odd lines, never inspected: ${(r.heldOutAccuracy * 100).toFixed(1)}%)\n`,
    );
    expect(r.accuracy).toBeGreaterThanOrEqual(0.8);
  });
});
