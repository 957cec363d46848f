import { expect, it } from "vitest";
import type { ChaosFigures } from "../chaos/chaos-check.ts";
import { BOUNDED_CHAOS } from "../chaos/chaos-plan.ts";
import { chaosVerdict, formatChaosFigures } from "../chaos/chaos-report.ts";
import { runChaos } from "../chaos/chaos-run.ts";

/**
 * The bounded chaos run of the test command (`pnpm chaos` is the full one, issue 14): 200 signed
 * deliveries over 50 recordings against wrangler dev and the fake Zoom, 20% duplicates, shuffled,
 * download faults (500/503, 429 with Retry-After, timeouts, truncated bodies), deleted recordings
 * (404), events never delivered, and one SIGKILL of wrangler dev midway; among them signed Gong
 * webhooks for 8 calls of the fake Gong (duplicated, shuffled; 429, 5xx and timeouts on its API; some
 * calls never announced). Afterwards nothing is lost or doubled, only the deleted recordings failed,
 * reconciliation and Gong's pull found the ones never announced, and the archive body the run left
 * without an index row (as a kill between the two leaves it) was swept.
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
  // Gong: every call once, the unannounced ones by the pull, through every kind of API fault.
  expect(figures.gongCallsExpected).toBe(BOUNDED_CHAOS.gongCalls);
  expect(figures.gongIngestedOnce).toBe(figures.gongCallsExpected);
  expect(figures.gongNeverAnnounced).toBeGreaterThan(0);
  expect(figures.gongRecoveredByPull).toBe(figures.gongNeverAnnounced);
  expect(Object.keys(figures.gongFaultsInjected).sort()).toEqual(["rate_limited", "server_error", "timeout"]);
  expect(figures.gongDuplicatesSent).toBeGreaterThan(0);
  // Orphan archives: at least the planted one was there, and the 15-minute sweep left none.
  expect(figures.orphanArchivesFound).toBeGreaterThanOrEqual(figures.orphanArchivesPlanted);
  expect(figures.orphanArchivesPlanted).toBe(1);
  expect(figures.orphanArchives).toBe(0);
}, 420_000);
