import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../scripts/lib/local-stack.ts";
import type { FindingsEvaluation, Kind, LabelledSet } from "./findings-eval.ts";

/**
 * The recorded figures the quality test compares with: a change may not lower any precision or
 * recall by more than 0.02. Rewrite it (`node test/quality/findings-report.ts --write-baseline`)
 * only with a change that is reported in docs/quality.md, figures before and after.
 */
export type FindingsBaseline = Record<LabelledSet, Record<Kind, { precision: number; recall: number }>>;

const PATH = join(REPO_ROOT, "test/quality/findings-baseline.json");

export function readBaseline(): FindingsBaseline {
  return JSON.parse(readFileSync(PATH, "utf8")) as FindingsBaseline;
}

export function writeBaseline(sets: Record<LabelledSet, FindingsEvaluation>): void {
  const figures = (e: FindingsEvaluation) =>
    Object.fromEntries(e.scores.map((s) => [s.kind, { precision: s.precision, recall: s.recall }]));
  const all = Object.fromEntries(Object.entries(sets).map(([set, e]) => [set, figures(e)]));
  writeFileSync(PATH, `${JSON.stringify(all, null, 2)}\n`);
}
