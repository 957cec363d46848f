import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runWrangler } from "../../scripts/lib/local-stack.ts";
import { type FakeGong, startFakeGong } from "../fakes/fake-gong.ts";
import { type FakeZoom, type FakeZoomRecording, startFakeZoom } from "../fakes/fake-zoom.ts";
import { apiFetch, createOrg } from "../support/api.ts";
import { signZoomBody } from "../support/zoom-webhook.ts";
import { type ChaosFigures, checkChaosOutcome, orphanArchiveKeys } from "./chaos-check.ts";
import {
  type ChaosGongShare,
  type GongWebhookSigner,
  gongWebhookBody,
  gongWebhookSigner,
  makeGongShare,
  stageFakeGong,
} from "./chaos-gong.ts";
import { type ChaosEvent, type ChaosPlan, type ChaosSettings, chaosVtt, makeChaosPlan } from "./chaos-plan.ts";
import { type RestartableWorker, startRestartableWorker } from "./chaos-stack.ts";

/**
 * One chaos run against the local stack: the fake Zoom holds the plan's recordings (with their
 * download faults), `wrangler dev` gets the plan's deliveries signed as Zoom signs them, several
 * at a time in the plan's order, and is killed and started again midway; a delivery that fails
 * because the Worker is down is sent again, as Zoom retries. Then the queue is left to settle, the
 * nightly reconciliation runs (it must find what was never delivered), the 15-minute sweep runs
 * until no event is left waiting (it must make good the queue messages a kill lost), and the state
 * is checked against the fake's own list (chaos-check.ts).
 */
const SECRET = "chaos-zoom-webhook-secret";
// One Server-to-Server app for meetings and Contact Center (one Zoom account, one organization).
const APP = {
  clientId: "chaos-s2s",
  clientSecret: "chaos-s2s-secret",
  accountId: "chaos-zoom-account",
  scope: "recording:read:admin user:read:admin contact_center:read:admin",
};
const NIGHTLY = "15 3 * * *";
const QUARTER_HOUR = "*/15 * * * *";
const HOST = { name: "Sam Seller", email: "sam.seller@chaos-seller.example", id: "chaos-host-1" };
/** Deliveries in flight at once (Zoom sends concurrently too). */
const CONCURRENCY = 6;
/** STUCK_EVENT_MINUTES for the run: the smallest the Worker accepts. */
const STUCK_MINUTES = 1;

export type ChaosLog = (line: string) => void;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function meetingObject(plan: ChaosPlan, zoom: FakeZoom, index: number, withTranscript: boolean): FakeZoomRecording {
  const r = plan.recordings[index];
  if (!r) throw new Error(`no recording ${index}`);
  const end = new Date(Date.parse(r.startTime) + 30 * 60_000).toISOString().replace(/\.\d+Z$/, "Z");
  const file = (id: string, type: string, ext: string, recordingType: string) => ({
    id,
    file_type: type,
    file_extension: ext,
    download_url: `${zoom.url}/rec/download/${encodeURIComponent(id)}`,
    recording_type: recordingType,
    status: "completed",
    recording_start: r.startTime,
    recording_end: end,
  });
  return {
    uuid: r.uuid,
    id: r.meetingId,
    host_id: HOST.id,
    host_email: HOST.email,
    topic: r.topic,
    start_time: r.startTime,
    duration: 30,
    recording_files: [
      file(`${r.transcriptFileId}-mp4`, "MP4", "MP4", "shared_screen_with_speaker_view"),
      ...(withTranscript ? [file(r.transcriptFileId, "TRANSCRIPT", "VTT", "audio_transcript")] : []),
    ],
  };
}

/** The body Zoom sends for an event: the same bytes on every redelivery. */
function eventBody(plan: ChaosPlan, zoom: FakeZoom, event: ChaosEvent): string {
  const r = plan.recordings[event.recording];
  if (!r) throw new Error(`no recording ${event.recording}`);
  const base = { event: event.type, event_ts: event.eventTs };
  if (event.type.startsWith("contact_center.")) {
    const e = plan.engagements[event.recording];
    if (!e) throw new Error(`no engagement ${event.recording}`);
    const object =
      event.type === "contact_center.recording_transcript_completed"
        ? { engagement_id: e.engagementId, recording_id: e.recordingId, channel: "voice" }
        : { engagement_id: e.engagementId };
    return JSON.stringify({ ...base, payload: { account_id: APP.accountId, object } });
  }
  if (event.type === "meeting.started" || event.type === "meeting.ended")
    return JSON.stringify({
      ...base,
      payload: {
        account_id: APP.accountId,
        object: { id: String(r.meetingId), uuid: r.uuid, host_id: HOST.id, topic: r.topic, start_time: r.startTime },
      },
    });
  const object = meetingObject(plan, zoom, event.recording, event.type === "recording.transcript_completed");
  return JSON.stringify({ ...base, download_token: r.downloadToken, payload: { account_id: APP.accountId, object } });
}

function stageFakeZoom(zoom: FakeZoom, plan: ChaosPlan) {
  const cc = zoom.contactCenter;
  for (const e of plan.engagements) {
    const end = new Date(Date.parse(e.startTime) + 10 * 60_000).toISOString().replace(/\.\d+Z$/, "Z");
    const transcriptUrl = cc.addFile(e.transcriptFileId, {
      content: chaosVtt(e),
      contentType: "text/vtt",
      notReadyTimes: e.notReadyTimes,
    });
    cc.addEngagement({
      engagement_id: e.engagementId,
      start_time: e.startTime,
      end_time: end,
      duration: 600,
      direction: "inbound",
      channels: [{ channel: "voice", channel_source: "in_app_voice" }],
      consumers: [
        { consumer_id: `c-${e.index}`, consumer_display_name: e.consumerName, consumer_email: e.consumerEmail },
      ],
      agents: [{ user_id: "agent-sam", display_name: HOST.name, user_email: HOST.email }],
      queues: [{ queue_id: "q1", queue_name: "Support" }],
      transcript_url: transcriptUrl,
    });
    cc.addRecording({
      recording_id: e.recordingId,
      engagement_id: e.engagementId,
      transcript_url: transcriptUrl,
      recording_start_time: e.startTime,
      recording_end_time: end,
      channel: "voice",
    });
  }
  for (const r of plan.recordings) {
    // A recording deleted in Zoom after its webhooks went out: not listed, files answer 404.
    if (r.gone) continue;
    zoom.addFile(r.transcriptFileId, { content: chaosVtt(r), downloadToken: r.downloadToken, faults: [...r.faults] });
    zoom.addRecording(meetingObject(plan, zoom, r.index, true));
    const start = r.startTime;
    zoom.setParticipants(r.uuid, [
      {
        id: "h",
        user_id: "1",
        name: HOST.name,
        user_email: HOST.email,
        join_time: start,
        leave_time: start,
        duration: 1800,
      },
      {
        id: "c",
        user_id: "",
        name: r.cues[1]?.speaker ?? "Customer",
        user_email: r.customerEmail,
        join_time: start,
        leave_time: start,
        duration: 1800,
      },
    ]);
  }
}

interface DeliveryTally {
  sent: number;
  answers: Record<string, number>;
  /** Attempts that got no answer or a 5xx (the Worker was down) and were sent again. */
  retried: number;
}

type Delivery = { provider: "zoom" | "gong"; body: string };

/** Zoom's deliveries in the plan's order, with Gong's spread evenly among them (in their own order). */
function deliveryOrder(plan: ChaosPlan, zoom: FakeZoom, gongShare: ChaosGongShare): Delivery[] {
  const bodies = new Map(plan.events.map((e) => [e.id, eventBody(plan, zoom, e)]));
  const items: Delivery[] = plan.deliveries.map((id) => ({ provider: "zoom", body: bodies.get(id) as string }));
  const zoomCount = items.length;
  gongShare.deliveries.forEach((call, k) => {
    const at = Math.floor(((k + 0.5) * zoomCount) / gongShare.deliveries.length) + k;
    items.splice(at, 0, { provider: "gong", body: gongWebhookBody(gongShare, call) });
  });
  return items;
}

async function deliverAll(
  worker: RestartableWorker,
  items: Delivery[],
  restarts: number,
  gongSigner: GongWebhookSigner,
  /** Runs while the Worker is down (the run plants an orphan archive then). */
  whileDown: () => Promise<void>,
  log: ChaosLog,
): Promise<DeliveryTally & { restarts: number; gong: DeliveryTally; lastKillAt: number }> {
  const tally: DeliveryTally = { sent: 0, answers: {}, retried: 0 };
  const gong: DeliveryTally = { sent: 0, answers: {}, retried: 0 };
  const total = items.length;
  const thresholds = Array.from({ length: restarts }, (_, k) => Math.floor((total * (k + 1)) / (restarts + 1)));
  let restarted = 0;
  let lastKillAt = 0;
  let restarting: Promise<void> = Promise.resolve();
  let next = 0;
  let done = 0;
  const restart = async (at: number) => {
    log(`  kill -9 wrangler dev after ${at} deliveries`);
    await worker.kill();
    await whileDown();
    // Anything a kill left (or the run planted meanwhile) is older than this.
    lastKillAt = Date.now();
    await sleep(500);
    await worker.start();
    restarted++;
    log(`  wrangler dev started again (restart ${restarted})`);
  };
  const sendOne = async (item: Delivery, counts: DeliveryTally) => {
    const url = `${worker.baseUrl}/webhooks/${item.provider}`;
    for (let attempt = 0; ; attempt++) {
      try {
        const signature =
          item.provider === "zoom"
            ? signZoomBody(SECRET, item.body)
            : { authorization: gongSigner.authorization(url, item.body) };
        const res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", ...signature },
          body: item.body,
        });
        const json = (await res.json().catch(() => ({}))) as { status?: string };
        if (res.status === 200) return json.status ?? "?";
        if (res.status < 500) throw new Error(`webhook answered ${res.status}: ${JSON.stringify(json)}`);
      } catch (err) {
        if (err instanceof Error && err.message.startsWith("webhook answered")) throw err;
      }
      counts.retried++;
      if (attempt > 240) throw new Error("a delivery got no answer for two minutes");
      await sleep(500);
    }
  };
  const lane = async () => {
    for (;;) {
      const i = next++;
      if (i >= total) return;
      const item = items[i] as Delivery;
      const counts = item.provider === "zoom" ? tally : gong;
      const status = await sendOne(item, counts);
      counts.answers[status] = (counts.answers[status] ?? 0) + 1;
      counts.sent++;
      done++;
      if (thresholds.includes(done)) {
        const at = done;
        restarting = restarting.then(() => restart(at));
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  await restarting;
  return { ...tally, restarts: restarted, gong, lastKillAt };
}

/**
 * What a kill between a webhook body's R2 put and its index row leaves, written while the Worker is
 * down (with wrangler's own R2 client, into the same persisted state): a Zoom body holding a
 * download_token, under the organization's archive folder of today, with no row. Natural ones are
 * rare (the kill must land between two awaits); this makes the sweep's proof certain.
 */
async function plantOrphanArchive(worker: RestartableWorker, organizationId: string, k: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "chaos-orphan-"));
  try {
    const file = join(dir, "body.json");
    writeFileSync(
      file,
      JSON.stringify({
        event: "recording.transcript_completed",
        event_ts: Date.now(),
        download_token: `dl-orphan-${k}`,
        payload: { account_id: APP.accountId, object: { uuid: `orphan-${k}` } },
      }),
    );
    const day = new Date().toISOString().slice(0, 10);
    const key = `orgs/${organizationId}/webhooks/zoom/${day}/evt_chaosorphan${k}.json`;
    await runWrangler(
      ["r2", "object", "put", `sightline-blobs/${key}`, "--file", file, "--local", "--persist-to", worker.persistDir],
      dir,
      { quiet: true },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Webhook events still waiting (received or queued): a lost queue message leaves one behind. */
const waitingEvents = (worker: RestartableWorker) =>
  worker.sql<{ n: number; last: number | null }>(
    "SELECT count(*) AS n, max(coalesce(requeued_at, received_at)) AS last FROM webhook_events WHERE status IN ('received','queued')",
  )[0] ?? { n: 0, last: null };

/**
 * Until the queue has settled: nothing is waiting and nothing changed for a few seconds, or
 * nothing changed for longer than any retry backoff of the run (what waits then is stuck).
 */
async function settle(worker: RestartableWorker, what: string, log: ChaosLog) {
  const snapshot = () =>
    JSON.stringify([
      worker.sql("SELECT status, count(*) AS n FROM webhook_events GROUP BY status ORDER BY status"),
      worker.sql("SELECT status, count(*) AS n FROM conversations GROUP BY status ORDER BY status"),
      worker.sql("SELECT count(*) AS n FROM failed_jobs"),
      worker.sql("SELECT count(*) AS n FROM insights"),
      worker.sql("SELECT status, count(*) AS n FROM gong_calls GROUP BY status ORDER BY status"),
      worker.sql("SELECT cursor, lease_until, last_sync_at FROM gong_sync_state"),
    ]);
  const started = Date.now();
  let last = snapshot();
  let since = Date.now();
  for (;;) {
    await sleep(1000);
    const now = snapshot();
    if (now !== last) {
      last = now;
      since = Date.now();
      continue;
    }
    const idle = Date.now() - since;
    if ((idle >= 4000 && waitingEvents(worker).n === 0) || idle >= 12_000) break;
    if (Date.now() - started > 15 * 60_000) throw new Error(`${what}: the queue did not settle in 15 minutes`);
  }
  log(`  ${what}: settled after ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

async function runCron(worker: RestartableWorker, cron: string) {
  const res = await fetch(`${worker.baseUrl}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent(cron)}`);
  await res.body?.cancel();
  if (res.status !== 200) throw new Error(`scheduled ${cron}: ${res.status}`);
}

/** Until Gong's first pull of the connection (the backfill of an empty company) has finished. */
async function firstGongPull(worker: RestartableWorker) {
  for (let waited = 0; waited < 120_000; waited += 500) {
    const [state] = worker.sql<{ last_sync_at: number | null }>("SELECT last_sync_at FROM gong_sync_state");
    if (state?.last_sync_at) return;
    await sleep(500);
  }
  throw new Error("Gong's first pull did not finish in two minutes");
}

/**
 * Until every Gong call is analyzed, or nothing changed for a long while. Gong's retries wait for
 * Retry-After and backoff, so the generic settle can end while a pull step is still due; the
 * 15-minute cron (which starts a pull step) runs again whenever a minute passes without progress.
 */
async function settleGong(worker: RestartableWorker, expected: number, log: ChaosLog) {
  const analyzed = () =>
    Number(
      worker.sql<{ n: number }>(
        "SELECT count(DISTINCT external_id) AS n FROM conversations WHERE source = 'gong_call' AND status = 'analyzed'",
      )[0]?.n,
    );
  let last = analyzed();
  let since = Date.now();
  let pulls = 0;
  while (last < expected && pulls < 5) {
    await sleep(1000);
    const now = analyzed();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since > 60_000) {
      await runCron(worker, QUARTER_HOUR);
      pulls++;
      since = Date.now();
    }
  }
  log(`  Gong: ${last} of ${expected} calls analyzed${pulls ? ` (${pulls} more 15-minute run(s))` : ""}`);
}

export async function runChaos(settings: ChaosSettings, log: ChaosLog): Promise<ChaosFigures> {
  const started = Date.now();
  const plan = makeChaosPlan(settings);
  const gongShare = makeGongShare(settings, plan.accountDomains, HOST, started);
  const gongSigner = gongWebhookSigner();
  const zoom = await startFakeZoom([APP]);
  stageFakeZoom(zoom, plan);
  let gong: FakeGong | undefined;
  let worker: RestartableWorker | undefined;
  try {
    gong = await startFakeGong();
    worker = await startRestartableWorker({
      ZOOM_OAUTH_BASE: zoom.url,
      ZOOM_API_BASE: `${zoom.url}/v2`,
      ZOOM_WEBHOOK_SECRET_TOKEN: SECRET,
      GONG_API_BASE: gong.url,
      GONG_OAUTH_BASE: gong.url,
      // The run's stalled Gong requests end quickly.
      GONG_TIMEOUT_SECONDS: "2",
      INGEST_RETRY_BASE_SECONDS: "1",
      ZOOM_DOWNLOAD_TIMEOUT_SECONDS: "2",
      STUCK_EVENT_MINUTES: String(STUCK_MINUTES),
      // No Whisper fallback during the run: Zoom's transcripts are what is being delivered.
      ZOOM_TRANSCRIPT_WAIT_SECONDS: "43200",
    });
    const w = worker;
    const org = await createOrg(w.baseUrl, w.operatorToken, {
      name: "Chaos Seller",
      domains: ["chaos-seller.example"],
      admin: { email: HOST.email, name: HOST.name },
    });
    const token = org.apiToken.token;
    const credentials = { accountId: APP.accountId, clientId: APP.clientId, clientSecret: APP.clientSecret };
    await apiFetch(w.baseUrl, token, "/api/v1/connections/zoom/account", { method: "PUT", body: credentials });
    if (plan.engagements.length > 0)
      await apiFetch(w.baseUrl, token, "/api/v1/connections/zoom-contact-center/account", {
        method: "PUT",
        body: credentials,
      });
    for (const domain of plan.accountDomains)
      await apiFetch(w.baseUrl, token, "/api/v1/accounts", {
        body: { name: domain.split(".")[0], domains: [domain] },
        expectStatus: 201,
      });
    if (gongShare.calls.length > 0) {
      // A narrow backfill of an empty company: the calls arrive afterwards, by webhook or by the pull.
      await apiFetch(w.baseUrl, token, "/api/v1/connections/gong/settings", {
        method: "PUT",
        body: { backfillDays: 1, webhookPublicKey: gongSigner.publicPem },
      });
      await apiFetch(w.baseUrl, token, "/api/v1/connections/gong/account", {
        method: "PUT",
        body: { accessKey: gong.accessKey, accessKeySecret: gong.accessKeySecret },
      });
      await firstGongPull(w);
      stageFakeGong(gong, gongShare);
    }
    log(
      `chaos: ${settings.recordings} recordings, ${settings.engagements} Contact Center engagements, ${gongShare.calls.length} Gong calls, ${plan.deliveries.length + gongShare.deliveries.length} deliveries, ${settings.restarts} restart(s), seed ${settings.seed}`,
    );
    let planted = 0;
    const items = deliveryOrder(plan, zoom, gongShare);
    const delivery = await deliverAll(
      w,
      items,
      settings.restarts,
      gongSigner,
      () => plantOrphanArchive(w, org.org.id, planted++),
      log,
    );
    log(`  ${delivery.sent} Zoom deliveries answered: ${JSON.stringify(delivery.answers)}; ${delivery.retried} resent`);
    log(`  ${delivery.gong.sent} Gong deliveries answered: ${JSON.stringify(delivery.gong.answers)}`);
    await settle(w, "after the deliveries", log);
    const waitingBeforeReconcile = waitingEvents(w).n;
    const orphansFound = orphanArchiveKeys(w).length;
    log(`  archived bodies without an index row: ${orphansFound} (${planted} planted while the Worker was down)`);
    await runCron(w, NIGHTLY);
    await settle(w, "after the nightly reconciliation", log);
    let sweeps = 0;
    let unchanged = 0;
    for (let waiting = waitingEvents(w); waiting.n > 0 && unchanged < 2 && sweeps < 12; ) {
      // The sweep takes events whose last enqueue is STUCK_EVENT_MINUTES old.
      const due = (waiting.last ?? 0) + STUCK_MINUTES * 60_000 + 1000;
      log(
        `  ${waiting.n} event(s) still waiting; the stuck-event sweep runs in ${Math.max(0, due - Date.now()) / 1000} s`,
      );
      await sleep(Math.max(0, due - Date.now()));
      await runCron(w, QUARTER_HOUR);
      sweeps++;
      await settle(w, `after stuck-event sweep ${sweeps}`, log);
      // Two sweeps that leave as many waiting as before: what is left is stuck for good.
      const after = waitingEvents(w);
      unchanged = after.n === waiting.n ? unchanged + 1 : 0;
      waiting = after;
    }
    // Orphan archives are deleted by the same 15-minute run once STUCK_EVENT_MINUTES old: run it
    // once more if none ran after that.
    if (orphanArchiveKeys(w).length > 0) {
      const due = delivery.lastKillAt + STUCK_MINUTES * 60_000 + 2000;
      log(
        `  archived bodies without an index row left; the 15-minute run comes in ${Math.max(0, due - Date.now()) / 1000} s`,
      );
      await sleep(Math.max(0, due - Date.now()));
      await runCron(w, QUARTER_HOUR);
      await settle(w, "after the orphan-archive sweep", log);
    }
    await settleGong(w, gongShare.calls.length, log);
    return checkChaosOutcome({
      plan,
      zoom,
      worker: w,
      delivery,
      waitingBeforeReconcile,
      sweeps,
      seconds: Math.round((Date.now() - started) / 1000),
      gongShare,
      gong,
      gongDelivery: delivery.gong,
      orphans: { found: orphansFound, planted },
    });
  } finally {
    await worker?.stop();
    await gong?.close();
    await zoom.close();
  }
}
