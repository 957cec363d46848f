import type { FakeGong } from "../fakes/fake-gong.ts";
import type { FakeZoom } from "../fakes/fake-zoom.ts";
import { type ChaosGongShare, checkGongShare, type GongFigures } from "./chaos-gong.ts";
import type { ChaosPlan } from "./chaos-plan.ts";
import type { RestartableWorker } from "./chaos-stack.ts";

/** Everything a chaos run measured; every number is counted from the run (the fake, the plan as sent, D1). */
export interface ChaosFigures extends GongFigures {
  recordings: number;
  deliveriesSent: number;
  /** Deliveries that repeated an event already sent (Zoom's retries), and how many the Worker answered "duplicate". */
  duplicatesSent: number;
  answeredDuplicate: number;
  /** Delivery attempts that got no answer while the Worker was down, sent again. */
  deliveriesResent: number;
  eventsTotal: number;
  eventsNeverDelivered: number;
  /** Recordings whose transcript_completed never arrived (reconciliation's job). */
  transcriptsNeverAnnounced: number;
  downloadAttempts: number;
  faultsInjected: Record<string, number>;
  /** Downloads the fake answered 404 (recordings deleted in Zoom). */
  notFoundAnswers: number;
  restarts: number;
  /** Events left waiting after the deliveries (lost queue messages and the like), before any recovery. */
  waitingBeforeReconcile: number;
  stuckSweeps: number;
  eventsRequeued: number;
  reconciledEvents: number;
  recordingsExpected: number;
  /** Contact Center engagements (the fake's list), and how many became exactly one analyzed conversation. */
  engagementsExpected: number;
  engagementsIngestedOnce: number;
  ingestedExactlyOnce: number;
  lost: number;
  doubled: number;
  /** Stored but short of the transcript or analysis (neither lost nor doubled, but not done). */
  incomplete: number;
  recoveredByReconciliation: number;
  /** Listed recordings whose transcript_completed never arrived: reconciliation must find each. */
  toRecover: number;
  expectedPermanentFailures: number;
  /** Deleted recordings that ended failed: a failed job or a failed event (the admin sees either). */
  failedPermanently: number;
  /** Of those, the ones with a failed-job row. */
  failedJobRecordings: number;
  /** Failed jobs or events of recordings that are not among the deleted ones: must be 0. */
  unexpectedFailures: number;
  eventsLeftWaiting: number;
  duplicateInsights: number;
  /**
   * Archived webhook bodies in R2 that no webhook_events row names: a kill between the archive and
   * its index row leaves them (the redelivery archives again under a new key). Found after the
   * deliveries (the run plants some while the Worker is down, as such a kill leaves them), and left
   * after the 15-minute sweep (webhook-archive/sweep-orphan-archives.ts), which must be 0.
   */
  orphanArchivesFound: number;
  orphanArchivesPlanted: number;
  orphanArchives: number;
  /** Accounts whose rollup conversation count differs from their conversations. */
  rollupMismatches: number;
  seconds: number;
  /** What went wrong, per recording (empty on a clean run). */
  problems: string[];
  /** Worth reading, not a failure (e.g. how each deleted recording's failure was recorded). */
  notes: string[];
}

export function checkChaosOutcome(input: {
  plan: ChaosPlan;
  zoom: FakeZoom;
  worker: RestartableWorker;
  delivery: { sent: number; answers: Record<string, number>; retried: number; restarts: number };
  waitingBeforeReconcile: number;
  sweeps: number;
  seconds: number;
  gongShare: ChaosGongShare;
  gong: FakeGong;
  gongDelivery: { sent: number; answers: Record<string, number> };
  orphans: { found: number; planted: number };
}): ChaosFigures {
  const { plan, zoom, worker, delivery } = input;
  const problems: string[] = [];
  const gongFigures = checkGongShare(input.gongShare, input.gong, worker, input.gongDelivery, problems);
  const notes: string[] = [];
  const conversations = worker.sql<{ id: string; external_id: string; status: string }>(
    "SELECT id, external_id, status FROM conversations WHERE source = 'zoom_meeting'",
  );
  const countBy = (query: string) =>
    new Map(worker.sql<{ id: string; n: number }>(query).map((row) => [row.id, Number(row.n)]));
  const segments = countBy(
    "SELECT conversation_id AS id, count(*) AS n FROM transcript_segments GROUP BY conversation_id",
  );
  const people = countBy("SELECT conversation_id AS id, count(*) AS n FROM participants GROUP BY conversation_id");
  const byUuid = new Map<string, typeof conversations>();
  for (const c of conversations) byUuid.set(c.external_id, [...(byUuid.get(c.external_id) ?? []), c]);

  // The fake's own list: every recording it holds and lists is expected, exactly once.
  const listed = new Set(zoom.listedRecordings().map((m) => m.uuid));
  const transcriptAnnounced = new Set(
    plan.events.filter((e) => e.delivered && e.type === "recording.transcript_completed").map((e) => e.recording),
  );
  let ingested = 0;
  let lost = 0;
  let doubled = 0;
  let incomplete = 0;
  let recovered = 0;
  let toRecover = 0;
  for (const r of plan.recordings) {
    if (!listed.has(r.uuid)) continue;
    if (!transcriptAnnounced.has(r.index)) toRecover++;
    const convs = byUuid.get(r.uuid) ?? [];
    const analyzed = convs.filter((c) => c.status === "analyzed");
    const first = convs[0];
    const segs = first ? (segments.get(first.id) ?? 0) : 0;
    const prts = first ? (people.get(first.id) ?? 0) : 0;
    if (convs.length > 1 || segs > r.cues.length || prts > 2) {
      doubled++;
      problems.push(`doubled ${r.uuid}: ${convs.length} conversations, ${segs} segments, ${prts} participants`);
    } else if (analyzed.length === 0) {
      lost++;
      problems.push(`lost ${r.uuid}: ${convs.map((c) => c.status).join(",") || "no conversation"}`);
    } else if (segs !== r.cues.length || prts !== 2) {
      incomplete++;
      problems.push(`incomplete ${r.uuid}: ${segs}/${r.cues.length} segments, ${prts} participants`);
    } else {
      ingested++;
      if (!transcriptAnnounced.has(r.index)) recovered++;
    }
  }

  // Contact Center: one conversation per engagement, analyzed, every cue a segment.
  const zcc = worker.sql<{ id: string; external_id: string; status: string }>(
    "SELECT id, external_id, status FROM conversations WHERE source LIKE 'zcc_%'",
  );
  let engagementsIngested = 0;
  for (const e of plan.engagements) {
    const convs = zcc.filter((c) => c.external_id === e.engagementId);
    const segs = convs[0] ? (segments.get(convs[0].id) ?? 0) : 0;
    if (convs.length > 1 || segs > e.cues.length) {
      doubled++;
      problems.push(`doubled engagement ${e.engagementId}: ${convs.length} conversations, ${segs} segments`);
    } else if (!convs.some((c) => c.status === "analyzed")) {
      lost++;
      problems.push(`lost engagement ${e.engagementId}: ${convs.map((c) => c.status).join(",") || "no conversation"}`);
    } else if (segs !== e.cues.length) {
      incomplete++;
      problems.push(`incomplete engagement ${e.engagementId}: ${segs}/${e.cues.length} segments`);
    } else {
      engagementsIngested++;
    }
  }

  // Failed jobs and failed events, traced back to their recording.
  const eventSubject = new Map(
    worker
      .sql<{ id: string; subject_id: string | null }>("SELECT id, subject_id FROM webhook_events")
      .map((e) => [e.id, e.subject_id]),
  );
  const conversationUuid = new Map(conversations.map((c) => [c.id, c.external_id]));
  const gone = new Set(plan.recordings.filter((r) => r.gone).map((r) => r.uuid));
  const failedUuids = new Set<string>();
  let unexpected = 0;
  for (const job of worker.sql<{ payload: string; reason: string }>("SELECT payload, reason FROM failed_jobs")) {
    const payload = JSON.parse(job.payload) as { webhookEventId?: string; conversationId?: string };
    const uuid =
      (payload.webhookEventId && eventSubject.get(payload.webhookEventId)) ||
      (payload.conversationId && conversationUuid.get(payload.conversationId)) ||
      null;
    if (uuid && gone.has(uuid)) failedUuids.add(uuid);
    else {
      unexpected++;
      problems.push(`unexpected failed job (${uuid ?? "no recording"}): ${job.reason}`);
    }
  }
  const failedEventUuids = new Set<string>();
  for (const event of worker.sql<{ subject_id: string | null; reason: string | null }>(
    "SELECT subject_id, reason FROM webhook_events WHERE status = 'failed'",
  )) {
    if (event.subject_id && gone.has(event.subject_id)) {
      failedEventUuids.add(event.subject_id);
      continue;
    }
    unexpected++;
    problems.push(`unexpected failed event (${event.subject_id}): ${event.reason}`);
  }
  // What each deleted recording whose transcript was announced ended as, when it is not both a
  // failed event and a failed job (a kill between the two leaves one without the other locally).
  const goneAnnounced = plan.recordings.filter((r) => r.gone && transcriptAnnounced.has(r.index));
  for (const r of goneAnnounced) {
    if (failedUuids.has(r.uuid) && failedEventUuids.has(r.uuid)) continue;
    const events = worker.sql<{ event_type: string; status: string; reason: string | null; requeue_count: number }>(
      "SELECT event_type, status, reason, requeue_count FROM webhook_events WHERE subject_id = ? ORDER BY received_at",
      r.uuid,
    );
    notes.push(
      `deleted recording ${r.uuid}: failed job ${failedUuids.has(r.uuid) ? "yes" : "no"}, events ${JSON.stringify(events)}`,
    );
  }
  for (const uuid of gone) {
    if ((byUuid.get(uuid) ?? []).some((c) => c.status === "analyzed")) {
      unexpected++;
      problems.push(`deleted recording ${uuid} was analyzed`);
    }
  }

  const goneFiles = new Set(plan.recordings.filter((r) => r.gone).map((r) => `/rec/download/${r.transcriptFileId}`));
  const downloads = zoom.requests.filter((r) => r.path.startsWith("/rec/download/"));
  const faultsInjected: Record<string, number> = {};
  for (const f of zoom.injectedFaults) faultsInjected[f.kind] = (faultsInjected[f.kind] ?? 0) + 1;
  const eventsLeftWaiting = Number(
    worker.sql<{ n: number }>("SELECT count(*) AS n FROM webhook_events WHERE status IN ('received','queued')")[0]?.n,
  );
  if (eventsLeftWaiting > 0) problems.push(`${eventsLeftWaiting} webhook events still received/queued`);
  const duplicateInsights = Number(
    worker.sql<{ n: number }>(
      "SELECT count(*) AS n FROM (SELECT 1 FROM insights GROUP BY conversation_id, kind, text, coalesce(quote, ''), coalesce(start_ms, -1) HAVING count(*) > 1)",
    )[0]?.n,
  );
  const rollupMismatches = Number(
    worker.sql<{ n: number }>(
      `SELECT count(*) AS n FROM accounts a WHERE
         (SELECT count(*) FROM conversations c WHERE c.organization_id = a.organization_id AND c.account_id = a.id) !=
         (SELECT coalesce(sum(r.conversations), 0) FROM account_day_rollups r WHERE r.organization_id = a.organization_id AND r.account_id = a.id)`,
    )[0]?.n,
  );
  const orphanArchives = orphanArchiveKeys(worker).length;
  const delivered = plan.events.filter((e) => e.delivered);
  return {
    ...gongFigures,
    recordings: plan.recordings.length,
    deliveriesSent: delivery.sent,
    duplicatesSent: plan.deliveries.length - delivered.length,
    answeredDuplicate: delivery.answers.duplicate ?? 0,
    deliveriesResent: delivery.retried,
    eventsTotal: plan.events.length,
    eventsNeverDelivered: plan.events.length - delivered.length,
    transcriptsNeverAnnounced: plan.recordings.length - transcriptAnnounced.size,
    downloadAttempts: downloads.length,
    faultsInjected,
    notFoundAnswers: downloads.filter((d) => goneFiles.has(d.path)).length,
    restarts: delivery.restarts,
    waitingBeforeReconcile: input.waitingBeforeReconcile,
    stuckSweeps: input.sweeps,
    eventsRequeued: Number(
      worker.sql<{ n: number }>("SELECT coalesce(sum(requeue_count), 0) AS n FROM webhook_events")[0]?.n,
    ),
    reconciledEvents: Number(
      worker.sql<{ n: number }>("SELECT count(*) AS n FROM webhook_events WHERE dedupe_key LIKE 'reconcile:%'")[0]?.n,
    ),
    recordingsExpected: listed.size,
    engagementsExpected: plan.engagements.length,
    engagementsIngestedOnce: engagementsIngested,
    ingestedExactlyOnce: ingested,
    lost: lost + gongFigures.gongLost,
    doubled: doubled + gongFigures.gongDoubled,
    incomplete: incomplete + gongFigures.gongIncomplete,
    recoveredByReconciliation: recovered,
    toRecover,
    expectedPermanentFailures: goneAnnounced.length,
    failedPermanently: new Set([...failedUuids, ...failedEventUuids]).size,
    failedJobRecordings: failedUuids.size,
    unexpectedFailures: unexpected,
    eventsLeftWaiting,
    duplicateInsights,
    rollupMismatches,
    orphanArchivesFound: input.orphans.found,
    orphanArchivesPlanted: input.orphans.planted,
    orphanArchives,
    seconds: input.seconds,
    problems,
    notes,
  };
}

/** Archived webhook bodies (`orgs/<organization>/webhooks/...`) that no webhook_events row names. */
export function orphanArchiveKeys(worker: RestartableWorker): string[] {
  const indexed = new Set(worker.sql<{ r2_key: string }>("SELECT r2_key FROM webhook_events").map((e) => e.r2_key));
  return worker.r2Keys("orgs/").filter((key) => key.includes("/webhooks/") && !indexed.has(key));
}
