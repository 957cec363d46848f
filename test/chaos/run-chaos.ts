// `pnpm chaos`: 2,000 signed Zoom deliveries over 500 recordings against wrangler dev and the fake
// Zoom, with duplicates, shuffled order, download faults, deleted recordings, events never sent and
// two kills of wrangler dev (test/chaos/chaos-run.ts). Prints the figures, writes them to
// docs/reliability.md, and exits 1 when anything was lost, doubled or failed that should not have.
//   --bounded  the test command's size (200 deliveries, 50 recordings, one restart); no doc written
//   --seed N   another plan (the default seed is the one the doc's figures come from)
import { join } from "node:path";
import { REPO_ROOT } from "../../scripts/lib/local-stack.ts";
import { BOUNDED_CHAOS, FULL_CHAOS } from "./chaos-plan.ts";
import { chaosVerdict, formatChaosFigures, writeChaosSection } from "./chaos-report.ts";
import { runChaos } from "./chaos-run.ts";

const args = process.argv.slice(2);
const bounded = args.includes("--bounded");
const seedAt = args.indexOf("--seed");
const settings = { ...(bounded ? BOUNDED_CHAOS : FULL_CHAOS) };
if (seedAt >= 0) settings.seed = Number(args[seedAt + 1]);
if (!Number.isInteger(settings.seed)) throw new Error("--seed takes a whole number");

const figures = await runChaos(settings, (line) => process.stdout.write(`${line}\n`));
process.stdout.write(`\n${formatChaosFigures(figures)}\n`);
for (const note of figures.notes) process.stdout.write(`note: ${note}\n`);
const verdict = chaosVerdict(figures);
if (!bounded) {
  const doc = join(REPO_ROOT, "docs/reliability.md");
  writeChaosSection(doc, settings, figures);
  process.stdout.write(`\nwrote the figures to ${doc}\n`);
}
if (verdict.length > 0) {
  process.stderr.write(`\n✖ chaos run failed:\n  ${verdict.join("\n  ")}\n`);
  for (const p of figures.problems.slice(0, 30)) process.stderr.write(`  - ${p}\n`);
  process.exit(1);
}
process.stdout.write("\n✔ nothing lost, nothing doubled, only the deleted recordings failed\n");
