// Every QMSum gold topic the top-10 misses, with the best ranks at which the analyzer's own ranked
// candidates would have matched it (blank: no candidate shares a stem with it). The input of the
// topic analysis in docs/quality.md.
//   node test/quality/topic-misses.ts [k=10]
import { hasSharedData, SHARED_DATA_DIR } from "../support/shared-data.ts";
import { loadQmsum } from "./data.ts";
import { builtinTopics, contentStems, matchedGold, qmsumTranscript } from "./topic-eval.ts";

if (!hasSharedData) {
  process.stdout.write(`[skipped] no reference data at ${SHARED_DATA_DIR}\n`);
  process.exit(0);
}
const k = Number(process.argv[2] ?? 10);
let missed = 0;
let gold = 0;
for (const meeting of loadQmsum()) {
  const ranked = builtinTopics(qmsumTranscript(meeting), 200);
  const hit = new Set(matchedGold(meeting.topics, ranked.slice(0, k)));
  gold += meeting.topics.length;
  for (const topic of meeting.topics) {
    if (hit.has(topic)) continue;
    missed++;
    const stems = contentStems(topic);
    const near = ranked
      .map((phrase, i) => ({ phrase, rank: i + 1 }))
      .filter(({ phrase }) => [...contentStems(phrase)].some((s) => stems.has(s)))
      .slice(0, 3)
      .map(({ phrase, rank }) => `${phrase} @${rank}`);
    process.stdout.write(`${meeting.name} | ${topic} | ${near.join(", ")}\n`);
  }
}
process.stdout.write(`missed ${missed} of ${gold} gold topics at top-${k}\n`);
