import { expect, it } from "vitest";
import type { ChaosFigures } from "../chaos/chaos-check.ts";
import { BOUNDED_CHAOS } from "../chaos/chaos-plan.ts";
import { chaosVerdict, formatChaosFigures } from "../chaos/chaos-report.ts";
import { runChaos } from "../chaos/chaos-run.ts";

/**
 * The bounded chaos run of the test command (`pnpm chaos` is the full one, issue 14): 200 signed
 * deliveries over 50 recordings against wrangler dev and the fake Zoom, 20% duplicates, shuffled,
 * download faults (500/503, 429 with Retry-After, timeouts, truncated bodies), deleted recordings
 * (404), events never delivered, and one SIGKILL of wrangler dev midway. Afterwards nothing is lost
 * or doubled, only the deleted recordings failed, and reconciliation found the ones never announced.
 */
it("200 deliveries under chaos: nothing lost, nothing doubled", async () => {
  let figures: ChaosFigures | undefined;
  try {
    figures = await runChaos(BOUNDED_CHAOS, () => {});
  } finally {
    if (figures) process.stdout.write(`\nbounded chaos run\n${formatChaosFigures(figures)}\n`);
  }
  if (!figures) throw new Error("the chaos run returned nothing");
  expect(figures.problems).toEqual([]);
  expect(chaosVerdict(figures)).toEqual([]);
  expect(figures.lost).toBe(0);
  expect(figures.doubled).toBe(0);
  // The chaos really happened: a restart, faults of every kind, duplicates answered as such, and
  // transcripts that only reconciliation could find.
  expect(figures.restarts).toBe(1);
  expect(Object.keys(figures.faultsInjected).sort()).toEqual(["rate_limited", "server_error", "timeout", "truncated"]);
  expect(figures.answeredDuplicate).toBeGreaterThan(0);
  expect(figures.toRecover).toBeGreaterThan(0);
  expect(figures.recoveredByReconciliation).toBe(figures.toRecover);
  expect(figures.ingestedExactlyOnce).toBe(figures.recordingsExpected);
}, 300_000);
