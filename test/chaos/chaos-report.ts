import { readFileSync, writeFileSync } from "node:fs";
import type { ChaosFigures } from "./chaos-check.ts";
import type { ChaosSettings } from "./chaos-plan.ts";

const BEGIN = "<!-- chaos:begin (written by `pnpm chaos`; do not edit by hand) -->";
const END = "<!-- chaos:end -->";

/** The guarantees a run must keep; each broken one is a line of the answer (empty: the run passed). */
export function chaosVerdict(f: ChaosFigures): string[] {
  const broken: string[] = [];
  if (f.lost !== 0) broken.push(`lost ${f.lost} recording(s)`);
  if (f.doubled !== 0) broken.push(`doubled ${f.doubled} recording(s)`);
  if (f.incomplete !== 0) broken.push(`${f.incomplete} recording(s) stored incompletely`);
  if (f.ingestedExactlyOnce !== f.recordingsExpected)
    broken.push(`ingested exactly once ${f.ingestedExactlyOnce} of ${f.recordingsExpected}`);
  if (f.engagementsIngestedOnce !== f.engagementsExpected)
    broken.push(`Contact Center: ingested exactly once ${f.engagementsIngestedOnce} of ${f.engagementsExpected}`);
  if (f.failedPermanently !== f.expectedPermanentFailures)
    broken.push(
      `failed permanently ${f.failedPermanently}, expected ${f.expectedPermanentFailures} (deleted recordings)`,
    );
  if (f.recoveredByReconciliation !== f.toRecover)
    broken.push(
      `reconciliation recovered ${f.recoveredByReconciliation} of ${f.toRecover} never-announced transcripts`,
    );
  if (f.unexpectedFailures !== 0) broken.push(`${f.unexpectedFailures} failure(s) of recordings that exist`);
  if (f.eventsLeftWaiting !== 0) broken.push(`${f.eventsLeftWaiting} webhook event(s) left waiting`);
  if (f.duplicateInsights !== 0) broken.push(`${f.duplicateInsights} duplicated insight(s)`);
  if (f.rollupMismatches !== 0) broken.push(`${f.rollupMismatches} account(s) with a wrong conversation count`);
  if (f.gongIngestedOnce !== f.gongCallsExpected)
    broken.push(`Gong: ingested exactly once ${f.gongIngestedOnce} of ${f.gongCallsExpected}`);
  if (f.gongRecoveredByPull !== f.gongNeverAnnounced)
    broken.push(`Gong: the pull recovered ${f.gongRecoveredByPull} of ${f.gongNeverAnnounced} calls never announced`);
  if (f.orphanArchives !== 0)
    broken.push(`${f.orphanArchives} archived body(ies) without an index row left after the sweep`);
  return broken;
}

const faults = (f: ChaosFigures, which: Record<string, number> = f.faultsInjected) =>
  Object.entries(which)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, n]) => `${kind.replace("_", " ")} ${n}`)
    .join(", ");

/** The figures as table rows: [figure, value]. */
function rows(f: ChaosFigures): Array<[string, string]> {
  const failedDownloads = Object.values(f.faultsInjected).reduce((a, b) => a + b, 0) + f.notFoundAnswers;
  return [
    ["signed deliveries sent (all answered 200)", String(f.deliveriesSent)],
    ["of which duplicates (same body again) / answered `duplicate`", `${f.duplicatesSent} / ${f.answeredDuplicate}`],
    ["events Zoom had / never delivered", `${f.eventsTotal} / ${f.eventsNeverDelivered}`],
    ["recordings whose `transcript_completed` never arrived", String(f.transcriptsNeverAnnounced)],
    [
      "download attempts / failed by an injected fault or 404",
      `${f.downloadAttempts} / ${failedDownloads} (${((100 * failedDownloads) / Math.max(1, f.downloadAttempts)).toFixed(0)}%)`,
    ],
    ["faults injected, by kind", `${faults(f)}, 404 (deleted recording) ${f.notFoundAnswers}`],
    ["`wrangler dev` killed (SIGKILL) and restarted midway", String(f.restarts)],
    ["delivery attempts refused while it was down, sent again", String(f.deliveriesResent)],
    ["events left waiting by lost queue messages (before recovery)", String(f.waitingBeforeReconcile)],
    [
      "reconciliation events / stuck-event sweeps / events re-enqueued",
      `${f.reconciledEvents} / ${f.stuckSweeps} / ${f.eventsRequeued}`,
    ],
    ["recordings expected (the fake Zoom's list)", String(f.recordingsExpected)],
    ["ingested exactly once (one conversation, every segment, analyzed)", String(f.ingestedExactlyOnce)],
    ["never announced, recovered by reconciliation / to recover", `${f.recoveredByReconciliation} / ${f.toRecover}`],
    [
      "Contact Center engagements expected / ingested exactly once",
      `${f.engagementsExpected} / ${f.engagementsIngestedOnce}`,
    ],
    [
      "Gong calls expected (the fake Gong's list) / ingested exactly once",
      `${f.gongCallsExpected} / ${f.gongIngestedOnce}`,
    ],
    [
      "Gong webhook deliveries sent (signed JWT, all answered 200) / of which duplicates / answered `duplicate`",
      `${f.gongDeliveriesSent} / ${f.gongDuplicatesSent} / ${f.gongAnsweredDuplicate}`,
    ],
    [
      "Gong calls never announced by webhook, recovered by the pull / to recover",
      `${f.gongRecoveredByPull} / ${f.gongNeverAnnounced}`,
    ],
    [
      "Gong API faults injected (`/v2/calls/extensive`, `/v2/calls/transcript`), by kind",
      faults(f, f.gongFaultsInjected),
    ],
    [
      "Gong API requests / most in one second / 429s from Gong's own limit",
      `${f.gongApiRequests} / ${f.gongMaxPerSecond} / ${f.gongOwnRateLimited}`,
    ],
    ["lost (recordings, engagements and Gong calls)", `**${f.lost}**`],
    ["doubled (recordings, engagements and Gong calls)", `**${f.doubled}**`],
    ["incomplete (stored, not analyzed or short of segments)", String(f.incomplete)],
    [
      "failed permanently / expected (deleted in Zoom, 404) / of which with a failed-job row",
      `${f.failedPermanently} / ${f.expectedPermanentFailures} / ${f.failedJobRecordings}`,
    ],
    ["other failed jobs or events", String(f.unexpectedFailures)],
    ["events left received/queued", String(f.eventsLeftWaiting)],
    [
      "duplicated insights / accounts with a wrong conversation count",
      `${f.duplicateInsights} / ${f.rollupMismatches}`,
    ],
    [
      "archived bodies without an index row: after the kills (of which planted while down) / left after the 15-minute sweep",
      `${f.orphanArchivesFound} (${f.orphanArchivesPlanted}) / ${f.orphanArchives}`,
    ],
    ["run time", `${f.seconds} s`],
  ];
}

export function formatChaosFigures(f: ChaosFigures): string {
  return rows(f)
    .map(([name, value]) => `${name.replaceAll("`", "").padEnd(100)} ${value.replaceAll("*", "")}`)
    .join("\n");
}

/** Replaces the generated section of docs/reliability.md (between its markers) with this run's figures. */
export function writeChaosSection(file: string, settings: ChaosSettings, f: ChaosFigures): void {
  const doc = readFileSync(file, "utf8");
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${file} has no chaos section markers`);
  const day = new Date().toISOString().slice(0, 10);
  const section = [
    BEGIN,
    `Last run: ${day}, seed ${settings.seed}, ${settings.recordings} recordings, ${settings.engagements} Contact Center engagements, ${settings.gongCalls} Gong calls, ${settings.restarts} restarts.`,
    "",
    "| figure | last run |",
    "| --- | --- |",
    ...rows(f).map(([name, value]) => `| ${name} | ${value} |`),
    "",
  ].join("\n");
  writeFileSync(file, `${doc.slice(0, start)}${section}${doc.slice(end)}`);
}
