import { expect, it } from "vitest";
import { buildSentences } from "../../worker/src/analysis/builtin/sentences.ts";
import { scoreSentiment } from "../../worker/src/analysis/builtin/sentiment.ts";
import { describeWithSharedData } from "../support/shared-data.ts";
import { loadZoomVttRough, realCallContext } from "./data.ts";
import { evaluateMeld, evaluateUci } from "./sentiment-eval.ts";

// Figures recorded in docs/quality.md (2026-12-03, analyzer 1.4.1). A drop of more than 0.02 in
// any of them fails. Goals of the issue: MELD test macro-F1 >= 0.65 (not met: 0.629; 1.3.0 had
// 0.638, within the same noise; every linear model over words tried lands at 0.62-0.63 on dev, and
// the shuffle seed alone moves dev by 0.005-0.013, see docs/quality.md), each UCI set >= 85 % on
// lines never trained on (met for amazon_cells and yelp, not for imdb: 84.8 %), under 50 ms for a
// 75-minute call.
const RECORDED = {
  meldDev: 0.624,
  meldTest: 0.629,
  uci: { amazon_cells: 0.894, yelp: 0.892, imdb: 0.848 },
};
const TOLERANCE = 0.02;

describeWithSharedData("built-in sentiment quality", () => {
  it.each(["dev", "test"] as const)("MELD %s, 3 classes: macro-F1 no more than 0.02 below the record", (split) => {
    const r = evaluateMeld(split);
    process.stdout.write(
      `MELD ${split} (n=${r.n}): macro-F1 ${r.macroF1.toFixed(3)}, accuracy ${(r.accuracy * 100).toFixed(1)}%\n`,
    );
    expect(r.macroF1).toBeGreaterThanOrEqual((split === "dev" ? RECORDED.meldDev : RECORDED.meldTest) - TOLERANCE);
    // Above the plain Naive Bayes of the issue (0.608) and the old lexicon (0.519) either way.
    if (split === "test") expect(r.macroF1).toBeGreaterThan(0.608);
  });

  it.each(["amazon_cells", "yelp", "imdb"] as const)("UCI %s, binary, lines never trained on", (set) => {
    const r = evaluateUci(set);
    process.stdout.write(
      `UCI ${set}: ${(r.heldOutAccuracy * 100).toFixed(1)}% on the odd lines (trained-on even lines: ${(r.trainedLinesAccuracy * 100).toFixed(1)}%)\n`,
    );
    expect(r.heldOutAccuracy).toBeGreaterThanOrEqual(RECORDED.uci[set] - TOLERANCE);
    if (set !== "imdb") expect(r.heldOutAccuracy).toBeGreaterThanOrEqual(0.85);
  });

  it("scores every sentence of the real 75-minute call in under 50 ms", () => {
    const transcript = loadZoomVttRough();
    const texts = buildSentences(transcript, realCallContext(transcript)).map((s) => s.text);
    const times: number[] = [];
    for (let run = 0; run < 7; run++) {
      const t0 = performance.now();
      for (const text of texts) scoreSentiment(text);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const median = times[3] as number;
    process.stdout.write(
      `sentiment of the 75-minute call (${texts.length} sentences): median ${median.toFixed(1)} ms\n`,
    );
    expect(median).toBeLessThan(50);
  });
});
