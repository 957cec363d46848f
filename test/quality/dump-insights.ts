// Prints what the built-in analyzer finds on every real transcript, for reading by a person
// (the precision review in docs/quality.md was hand-judged from this output):
//   node test/quality/dump-insights.ts [name filter]
import { analyzeBuiltin } from "../../worker/src/analysis/builtin/builtin-analyzer.ts";
import type { Quote } from "../../worker/src/analysis/insights-schema.ts";
import { hasSharedData, SHARED_DATA_DIR } from "../support/shared-data.ts";
import { loadRealTranscripts } from "./real-transcripts.ts";

if (!hasSharedData) {
  process.stdout.write(`[skipped] no reference data at ${SHARED_DATA_DIR}\n`);
  process.exit(0);
}
const filter = process.argv[2]?.toLowerCase();
const at = (q: Quote) => `[#${q.segmentIndex} ${q.speaker ?? "?"}]`;
const out: string[] = [];
for (const { name, transcript, context } of loadRealTranscripts()) {
  if (filter && !name.toLowerCase().includes(filter)) continue;
  const r = analyzeBuiltin(transcript, context);
  out.push(`\n=== ${name} (${transcript.segments.length} segments)`);
  out.push(`topics: ${r.topics.map((t) => `${t.phrase} (${t.mentions})`).join(" | ")}`);
  for (const w of r.wins) out.push(`  WIN ${at(w.quote)} ${w.quote.text}`);
  for (const w of r.issues) out.push(`  ISSUE ${at(w.quote)} ${w.quote.text}`);
  for (const o of r.objections) out.push(`  OBJECTION/${o.category} ${at(o.quote)} ${o.quote.text}`);
  for (const q of r.customerQuestions)
    out.push(`  QUESTION${q.answered ? "" : " (open)"} ${at(q.quote)} ${q.quote.text}`);
  for (const n of r.nextSteps)
    out.push(`  NEXT owner=${n.owner ?? "-"}/${n.ownerSide} due=${n.due ?? "-"} ${at(n.quote)} ${n.quote.text}`);
  for (const c of r.coaching) out.push(`  COACH/${c.kind} ${c.tip} ${at(c.quote)} ${c.quote.text}`);
  out.push(`  closing ${r.closing.probability}: ${r.closing.signals.map((s) => `${s.signal} ${s.effect}`).join("; ")}`);
}
process.stdout.write(`${out.join("\n")}\n`);
