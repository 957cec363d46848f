// Prints per-kind precision and recall on the labelled sentences, the errors, and the closing
// probability of every demo and test call:
//   node test/quality/findings-report.ts [--errors] [--write-baseline]
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../scripts/lib/local-stack.ts";
import { analyzeBuiltin } from "../../worker/src/analysis/builtin/builtin-analyzer.ts";
import { writeBaseline } from "./findings-baseline.ts";
import { callContext, evaluateFindings, loadCall, loadLabelled } from "./findings-eval.ts";

const r = evaluateFindings();
const heldout = evaluateFindings(loadLabelled("heldout"));
const heldout2 = evaluateFindings(loadLabelled("heldout2"));
if (process.argv.includes("--write-baseline")) writeBaseline({ labelled: r, heldout, heldout2 });
const out = [
  `${r.n} labelled sentences (held out: ${heldout.n}; held out 2: ${heldout2.n})`,
  "",
  "| kind | expected | precision | recall | tp / fp / fn | held out: precision | recall | tp / fp / fn | held out 2: precision | recall | tp / fp / fn |",
  "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
];
r.scores.forEach((s, i) => {
  const h = heldout.scores[i] as (typeof heldout.scores)[number];
  const h2 = heldout2.scores[i] as (typeof heldout2.scores)[number];
  out.push(
    `| ${s.kind} | ${s.tp + s.fn} | ${s.precision.toFixed(2)} | ${s.recall.toFixed(2)} | ${s.tp} / ${s.fp} / ${s.fn} | ${h.precision.toFixed(2)} | ${h.recall.toFixed(2)} | ${h.tp} / ${h.fp} / ${h.fn} | ${h2.precision.toFixed(2)} | ${h2.recall.toFixed(2)} | ${h2.tp} / ${h2.fp} / ${h2.fn} |`,
  );
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
