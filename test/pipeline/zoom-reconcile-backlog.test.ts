import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeZoom, type FakeZoomRecording, startFakeZoom } from "../fakes/fake-zoom.ts";
import { apiFetch, createOrg } from "../support/api.ts";
import { queryLocalD1 } from "../support/local-d1.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { waitFor } from "../support/wait-for.ts";

/**
 * A reconciliation backlog larger than one run's page budget: 7,000 recordings Zoom lists 300 a
 * page (24 pages) against a budget of 15 pages a run. The nightly run stops midway and stores its
 * place (window and next_page_token); the 15-minute run continues from that token and finishes.
 * Every recording is enqueued exactly once over the two runs: every page listed once, one archived
 * event per recording, none left unqueued. (The files are not served: the jobs, which the test does
 * not wait for, end quickly as failed jobs.)
 */
const SECRET = "pipeline-zoom-backlog-secret";
const APP = { clientId: "s2s-backlog", clientSecret: "s2s-backlog-secret", accountId: "zoom-acc-backlog" };
const RECORDINGS = 7000;
const PAGES_PER_RUN = 15;
const PAGES = Math.ceil(RECORDINGS / 300);
let zoom: FakeZoom;
let worker: LocalWorker;

const iso = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

function recording(i: number): FakeZoomRecording {
  // Spread over the first run's 30 days, several a minute.
  const started = new Date(Date.now() - (2 * 24 * 60 + i * 5) * 60 * 1000);
  const end = new Date(started.getTime() + 30 * 60 * 1000);
  const fileId = `tr-backlog-${i}`;
  return {
    uuid: `backlog-${i}==`,
    id: 90000000000 + i,
    host_id: "z8yCxjabcdEFGHfp8uQ",
    host_email: "host@backlog.example",
    topic: `Backlog meeting ${i}`,
    start_time: iso(started),
    duration: 30,
    recording_files: [
      {
        id: fileId,
        file_type: "TRANSCRIPT",
        file_extension: "VTT",
        download_url: `${zoom.url}/rec/download/${fileId}`,
        recording_type: "audio_transcript",
        status: "completed",
        recording_start: iso(started),
        recording_end: iso(end),
      },
    ],
  };
}

async function trigger(cron: string) {
  const res = await fetch(`${worker.baseUrl}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent(cron)}`);
  expect(res.status).toBe(200);
  await res.body?.cancel();
}

const sql = <T>(command: string) => queryLocalD1<T>(worker, command);
type Progress = { sync_cursor: string | null; reconcile_pending: number; reconcile_page_token: string | null };
const progress = async () =>
  (
    await sql<Progress>(
      "SELECT sync_cursor, reconcile_pending, reconcile_page_token FROM connections WHERE provider = 'zoom'",
    )
  )[0];
const reconciledEvents = async () =>
  (await sql<{ n: number }>("SELECT count(*) AS n FROM webhook_events WHERE dedupe_key LIKE 'reconcile:%'"))[0]?.n;

beforeAll(async () => {
  zoom = await startFakeZoom([APP]);
  worker = await startLocalWorker({
    vars: {
      ZOOM_OAUTH_BASE: zoom.url,
      ZOOM_API_BASE: `${zoom.url}/v2`,
      ZOOM_WEBHOOK_SECRET_TOKEN: SECRET,
      ZOOM_RECONCILE_PAGES_PER_RUN: String(PAGES_PER_RUN),
    },
  });
  const org = await createOrg(worker.baseUrl, worker.operatorToken, {
    name: "Backlog Inc",
    domains: ["backlog.example"],
    admin: { email: "admin@backlog.example", name: "Admin" },
  });
  await apiFetch(worker.baseUrl, org.apiToken.token, "/api/v1/connections/zoom/account", { method: "PUT", body: APP });
  for (let i = 0; i < RECORDINGS; i++) zoom.addRecording(recording(i));
});
afterAll(async () => {
  await worker?.stop();
  await zoom?.close();
});

describe("a reconciliation backlog over two runs", () => {
  it("a reconciliation over 7,000 recordings finishes over two runs, each recording enqueued once", async () => {
    expect(PAGES).toBe(24);

    await trigger("15 3 * * *");
    const stopped = await waitFor("the nightly run to stop at its budget", progress, (p) => !!p?.reconcile_page_token);
    expect(zoom.recordingListQueries).toHaveLength(PAGES_PER_RUN);
    expect(zoom.recordingListQueries.map((q) => q.page_size)).toEqual(Array(PAGES_PER_RUN).fill("300"));
    // Midway: pending, no finished window yet, and the token of page 16 kept.
    expect(stopped).toEqual({
      sync_cursor: null,
      reconcile_pending: 1,
      reconcile_page_token: Buffer.from(String(PAGES_PER_RUN * 300)).toString("base64url"),
    });
    expect(await reconciledEvents()).toBe(PAGES_PER_RUN * 300);

    await trigger("*/15 * * * *");
    const finished = await waitFor("the next run to finish", progress, (p) => p?.reconcile_pending === 0);
    expect(finished).toEqual({
      sync_cursor: new Date().toISOString().slice(0, 10),
      reconcile_pending: 0,
      reconcile_page_token: null,
    });
    // Page 16 was asked for with the stored token: nothing listed twice, nothing skipped.
    expect(zoom.recordingListQueries).toHaveLength(PAGES);
    expect(zoom.recordingListQueries[PAGES_PER_RUN]?.next_page_token).toBe(stopped?.reconcile_page_token);
    const windows = new Set(zoom.recordingListQueries.map((q) => `${q.from}..${q.to}`));
    expect(windows.size).toBe(1);
    expect(await reconciledEvents()).toBe(RECORDINGS);

    // Each recording was accepted once (no page listed twice, one archived event per recording, the
    // dedupe key unique) and enqueued: none is left "received".
    const [statuses] = await sql<{ received: number; recordings: number }>(
      "SELECT sum(status = 'received') AS received, count(DISTINCT dedupe_key) AS recordings FROM webhook_events WHERE dedupe_key LIKE 'reconcile:%'",
    );
    expect(statuses).toEqual({ received: 0, recordings: RECORDINGS });
  }, 600_000);
});
