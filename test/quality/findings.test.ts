import { describe, expect, it } from "vitest";
import { readBaseline } from "./findings-baseline.ts";
import { evaluateFindings, type FindingsEvaluation, KINDS, LABELLED_SETS, loadLabelled } from "./findings-eval.ts";

// Goals of the insight-quality issue, per kind, on the labelled set.
const MIN_PRECISION = 0.8;
const MIN_RECALL = 0.7;
const MAX_REGRESSION = 0.02;

describe("wins and objection kinds on the labelled sentences (test/quality/findings-*.jsonl)", () => {
  const labelled = evaluateFindings(loadLabelled("labelled"));
  const sets = Object.fromEntries(LABELLED_SETS.map((set) => [set, evaluateFindings(loadLabelled(set))]));
  const baseline = readBaseline();

  it("has at least 150 labelled sentences with positives and hard negatives of every kind", () => {
    expect(labelled.n).toBeGreaterThanOrEqual(150);
    for (const kind of KINDS)
      expect(labelled.rows.filter((r) => r.item.kinds.includes(kind)).length).toBeGreaterThan(8);
    expect(labelled.rows.filter((r) => r.item.kinds.length === 0).length).toBeGreaterThan(80);
  });

  it.each(KINDS)(`%s: precision >= ${MIN_PRECISION} and recall >= ${MIN_RECALL}`, (kind) => {
    const s = labelled.scores.find((x) => x.kind === kind);
    process.stdout.write(
      `${kind}: precision ${s?.precision.toFixed(2)} recall ${s?.recall.toFixed(2)} (tp ${s?.tp} fp ${s?.fp} fn ${s?.fn})\n`,
    );
    expect(s?.precision).toBeGreaterThanOrEqual(MIN_PRECISION);
    expect(s?.recall).toBeGreaterThanOrEqual(MIN_RECALL);
  });

  it.each(LABELLED_SETS)(`%s: no figure more than ${MAX_REGRESSION} below the recorded baseline`, (set) => {
    const scores = (sets[set] as FindingsEvaluation).scores;
    for (const s of scores) {
      const was = baseline[set][s.kind];
      expect(s.precision, `${set} ${s.kind} precision`).toBeGreaterThanOrEqual(was.precision - MAX_REGRESSION);
      expect(s.recall, `${set} ${s.kind} recall`).toBeGreaterThanOrEqual(was.recall - MAX_REGRESSION);
    }
  });
});
