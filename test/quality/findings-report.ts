// Prints per-kind precision and recall on the labelled sentences, the errors, and the closing
// probability of every demo and test call:
//   node test/quality/findings-report.ts [--errors] [--write-baseline]
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../scripts/lib/local-stack.ts";
import { analyzeBuiltin } from "../../worker/src/analysis/builtin/builtin-analyzer.ts";
import { writeBaseline } from "./findings-baseline.ts";
import {
  callContext,
  evaluateFindings,
  type FindingsEvaluation,
  LABELLED_SETS,
  type LabelledSet,
  loadCall,
  loadLabelled,
} from "./findings-eval.ts";

const sets = Object.fromEntries(LABELLED_SETS.map((set) => [set, evaluateFindings(loadLabelled(set))])) as Record<
  LabelledSet,
  FindingsEvaluation
>;
const r = sets.labelled;
if (process.argv.includes("--write-baseline")) writeBaseline(sets);
const out = [
  LABELLED_SETS.map((set) => `${set}: ${sets[set].n} sentences`).join(", "),
  "",
  `| kind | ${LABELLED_SETS.map((set) => `${set}: precision / recall (tp / fp / fn)`).join(" | ")} |`,
  `| --- | ${LABELLED_SETS.map(() => "---").join(" | ")} |`,
];
r.scores.forEach((s, i) => {
  const cells = LABELLED_SETS.map((set) => {
    const h = sets[set].scores[i] as (typeof r.scores)[number];
    return `${h.precision.toFixed(2)} / ${h.recall.toFixed(2)} (${h.tp} / ${h.fp} / ${h.fn})`;
  });
  out.push(`| ${s.kind} | ${cells.join(" | ")} |`);
});
if (process.argv.includes("--errors")) {
  out.push("");
  for (const { item, predicted } of r.rows) {
    const want = [...item.kinds].sort().join(",");
    const got = [...predicted].sort().join(",");
    if (want !== got) out.push(`#${item.id} [${item.source}] want {${want}} got {${got}}: ${item.text}`);
  }
}
out.push("", "| call | closing | signals |", "| --- | --- | --- |");
const sources = [
  ...readdirSync(join(REPO_ROOT, "scripts/demo/data/conversations")).map((f) => `demo:${f.replace(/\.json$/, "")}`),
  ...readdirSync(join(REPO_ROOT, "test/quality/calls")).map((f) => `call:${f.replace(/\.json$/, "")}`),
];
for (const source of sources) {
  const call = loadCall(source);
  const c = analyzeBuiltin({ segments: call.segments }, callContext(call)).closing as {
    probability: number;
    reasons?: string[];
    signals: Array<{ signal: string; effect: number }>;
  };
  const why = c.reasons ? c.reasons.join(", ") : c.signals.map((s) => `${s.signal} ${s.effect}`).join("; ");
  out.push(`| ${source} | ${c.probability}% | ${why} |`);
}
process.stdout.write(`${out.join("\n")}\n`);
