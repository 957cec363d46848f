// Prints the quality figures as the markdown tables of docs/quality.md:
//   node test/quality/report.ts
import { analyzeBuiltin } from "../../worker/src/analysis/builtin/builtin-analyzer.ts";
import { hasSharedData, SHARED_DATA_DIR } from "../support/shared-data.ts";
import { loadZoomVttRough } from "./data.ts";
import { evaluateMeld, evaluateUci } from "./sentiment-eval.ts";
import { evaluateTopics } from "./topic-eval.ts";

if (!hasSharedData) {
  process.stdout.write(`[skipped] no reference data at ${SHARED_DATA_DIR}\n`);
  process.exit(0);
}
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const out: string[] = [];
out.push("| set | metric | built-in | AFINN | VADER |", "| --- | --- | --- | --- | --- |");
const dev = evaluateMeld("dev");
const test = evaluateMeld("test");
out.push(`| MELD dev (tuning), 3-class | macro-F1 / accuracy | ${dev.macroF1.toFixed(3)} / ${pct(dev.accuracy)} | | |`);
out.push(
  `| MELD test, 3-class | macro-F1 / accuracy | **${test.macroF1.toFixed(3)}** / ${pct(test.accuracy)} | 0.426 / 46.9 % | 0.399 / 42.1 % |`,
);
const ref: Record<string, string> = { amazon_cells: "72.6 % | 75.1 %", yelp: "69.6 % | 71.5 %", imdb: "n/a | n/a" };
for (const set of ["amazon_cells", "yelp", "imdb"] as const) {
  const r = evaluateUci(set);
  out.push(
    `| UCI ${set}, binary | accuracy on the odd lines, never trained on (trained-on even lines) | **${pct(r.heldOutAccuracy)}** (${pct(r.trainedLinesAccuracy)}) | ${ref[set]} |`,
  );
}
out.push("", `MELD test per class: ${test.perClass.map((c) => `${c.label} F1 ${c.f1.toFixed(3)}`).join(", ")}`, "");
const topics = evaluateTopics([5, 10]);
out.push(
  `| topics, ${topics.meetings} QMSum meetings | gold topics matched | built-in | keyword-frequency baseline |`,
  "| --- | --- | --- | --- |",
);
for (const s of topics.scores)
  out.push(
    `| top-${s.k} | of ${s.gold} | **${s.builtin} (${pct(s.builtin / s.gold)})** | ${s.baseline} (${pct(s.baseline / s.gold)}) |`,
  );
const transcript = loadZoomVttRough();
const context = { participants: [] };
for (let i = 0; i < 10; i++) analyzeBuiltin(transcript, context);
const samples: number[] = [];
for (let i = 0; i < 50; i++) {
  const t0 = performance.now();
  analyzeBuiltin(transcript, context);
  samples.push(performance.now() - t0);
}
samples.sort((a, b) => a - b);
out.push(
  "",
  `Speed: 75-minute Zoom call (${transcript.segments.length} cues), median ${(samples[25] as number).toFixed(1)} ms, p95 ${(samples[47] as number).toFixed(1)} ms (n=50, Node ${process.version}).`,
);
process.stdout.write(`${out.join("\n")}\n`);
