import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeZoom, type FakeZoomRecording, startFakeZoom } from "../fakes/fake-zoom.ts";
import { apiFetch, createOrg } from "../support/api.ts";
import { queryLocalD1 } from "../support/local-d1.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { waitFor } from "../support/wait-for.ts";
import { deliverZoomEvent } from "../support/zoom-webhook.ts";

/**
 * The nightly reconciliation against a fake Zoom: recordings Zoom lists but never announced by
 * webhook (or announced only as `recording.completed`) are fetched with the connection's token and
 * become conversations; what was already ingested, still processing, or older than the first run's
 * 30 days is left alone; a second run creates nothing.
 */
const SECRET = "pipeline-zoom-reconcile-secret";
const APP = { clientId: "s2s-reconcile", clientSecret: "s2s-reconcile-secret", accountId: "zoom-acc-reconcile" };
const NIGHTLY = "15 3 * * *";
let zoom: FakeZoom;
let worker: LocalWorker;
let beatlesId: string;

const VTT = `WEBVTT

1
00:00:01.000 --> 00:00:04.000
Andrew Knight: Thanks for joining, everyone. Let's review the rollout.

2
00:00:05.000 --> 00:00:09.000
Ringo Starr: The pilot went well and the team loves the new dashboard.

3
00:00:10.000 --> 00:00:14.000
Ringo Starr: Our concern is the price; it is too expensive for next year's budget.
`;

const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 60 * 60 * 1000);
const iso = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

function recording(uuid: string, fileId: string, started: Date, status = "completed"): FakeZoomRecording {
  const end = new Date(started.getTime() + 30 * 60 * 1000);
  return {
    uuid,
    id: 85746065432,
    host_id: "z8yCxjabcdEFGHfp8uQ",
    host_email: "knightap@wustl.edu",
    topic: `Rollout review ${uuid}`,
    start_time: iso(started),
    duration: 30,
    recording_files: [
      {
        id: `mp4-${fileId}`,
        file_type: "MP4",
        file_extension: "MP4",
        download_url: `${zoom.url}/rec/download/mp4-${fileId}`,
        recording_type: "shared_screen_with_speaker_view",
        status: "completed",
        recording_start: iso(started),
        recording_end: iso(end),
      },
      {
        id: fileId,
        file_type: "TRANSCRIPT",
        file_extension: "VTT",
        download_url: `${zoom.url}/rec/download/${encodeURIComponent(fileId)}`,
        recording_type: "audio_transcript",
        status,
        recording_start: iso(started),
        recording_end: iso(end),
      },
    ],
  };
}

async function deliver(event: unknown) {
  return (await deliverZoomEvent(worker.baseUrl, SECRET, event)).json.status;
}

async function runNightly() {
  const res = await fetch(`${worker.baseUrl}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent(NIGHTLY)}`);
  expect(res.status).toBe(200);
  await res.body?.cancel();
}

const sql = <T>(command: string) => queryLocalD1<T>(worker, command);

type ConversationRow = { id: string; external_id: string; status: string; routing: string; account_id: string | null };
const conversations = () =>
  sql<ConversationRow>("SELECT id, external_id, status, routing, account_id FROM conversations ORDER BY external_id");
const eventCount = async () =>
  (await sql<{ n: number }>("SELECT count(*) AS n FROM webhook_events WHERE provider = 'zoom'"))[0]?.n ?? 0;

beforeAll(async () => {
  zoom = await startFakeZoom([APP]);
  worker = await startLocalWorker({
    vars: {
      ZOOM_OAUTH_BASE: zoom.url,
      ZOOM_API_BASE: `${zoom.url}/v2`,
      ZOOM_WEBHOOK_SECRET_TOKEN: SECRET,
      INGEST_RETRY_BASE_SECONDS: "1",
    },
  });
  const org = await createOrg(worker.baseUrl, worker.operatorToken, {
    name: "Wash U",
    domains: ["wustl.edu"],
    admin: { email: "admin@wustl.edu", name: "Admin" },
  });
  const token = org.apiToken.token;
  await apiFetch(worker.baseUrl, token, "/api/v1/connections/zoom/account", { method: "PUT", body: APP });
  const beatles = await apiFetch<{ id: string }>(worker.baseUrl, token, "/api/v1/accounts", {
    body: { name: "The Beatles", domains: ["beatles.org"] },
    expectStatus: 201,
  });
  beatlesId = beatles.id;
});
afterAll(async () => {
  await worker?.stop();
  await zoom?.close();
});

describe("nightly Zoom reconciliation", () => {
  it("finds a recording Zoom never announced, and a second run creates nothing new", async () => {
    const participants = [
      {
        id: "p1",
        user_id: "1",
        name: "Ringo Starr",
        user_email: "ringoRocks@beatles.org",
        join_time: iso(daysAgo(2)),
        leave_time: iso(daysAgo(2)),
        duration: 1800,
      },
    ];
    // Never announced: only the recordings list knows it.
    const silent = recording("silent-meeting==", "tr-silent", daysAgo(2));
    // Announced by webhook and ingested already.
    const announced = recording("announced-meeting==", "tr-announced", daysAgo(3));
    // Only `recording.completed` arrived: a pending conversation still waiting for its transcript.
    const pending = recording("pending-meeting==", "tr-pending", daysAgo(4));
    // Transcript still processing, and a meeting older than the first run's 30 days: not fetched.
    const processing = recording("processing-meeting==", "tr-processing", daysAgo(1), "processing");
    const old = recording("old-meeting==", "tr-old", daysAgo(40));
    for (const [meeting, fileId] of [
      [silent, "tr-silent"],
      [announced, "tr-announced"],
      [pending, "tr-pending"],
      [processing, "tr-processing"],
      [old, "tr-old"],
    ] as const) {
      zoom.addFile(fileId, { content: VTT, downloadToken: `dl-${fileId}` });
      zoom.setParticipants(meeting.uuid, participants);
      zoom.addRecording(meeting);
    }
    zoom.setRecordingsPageSize(2); // the worker follows next_page_token

    const announcedEvent = {
      event: "recording.transcript_completed",
      event_ts: Date.now(),
      download_token: "dl-tr-announced",
      payload: { account_id: APP.accountId, object: announced },
    };
    expect(await deliver(announcedEvent)).toBe("queued");
    const pendingEvent = {
      event: "recording.completed",
      event_ts: Date.now(),
      payload: {
        account_id: APP.accountId,
        object: { ...pending, recording_files: pending.recording_files.filter((f) => f.file_type === "MP4") },
      },
    };
    expect(await deliver(pendingEvent)).toBe("queued");
    await waitFor(
      "the webhook-delivered meetings",
      conversations,
      (rows) =>
        rows.some((r) => r.external_id === announced.uuid && r.status === "analyzed") &&
        rows.some((r) => r.external_id === pending.uuid && r.status === "pending"),
    );

    await runNightly();
    const rows = await waitFor("the reconciled conversations", conversations, (all) =>
      [silent.uuid, pending.uuid].every((uuid) => all.find((r) => r.external_id === uuid)?.status === "analyzed"),
    );
    expect(rows.map((r) => r.external_id)).toEqual([announced.uuid, pending.uuid, silent.uuid]);
    const reconciled = rows.find((r) => r.external_id === silent.uuid);
    expect(reconciled).toMatchObject({ routing: "auto", account_id: beatlesId });
    const [segments] = await sql<{ n: number }>(
      `SELECT count(*) AS n FROM transcript_segments WHERE conversation_id = '${reconciled?.id}'`,
    );
    expect(segments?.n).toBeGreaterThanOrEqual(2); // consecutive cues of one speaker may merge
    // No download_token in a reconciled event: the connection's own token fetched the files.
    expect(zoom.downloads[0]).toEqual({ fileId: "tr-announced", auth: "download_token" });
    expect([...zoom.downloads.slice(1)].sort((a, b) => a.fileId.localeCompare(b.fileId))).toEqual([
      { fileId: "tr-pending", auth: "access_token" },
      { fileId: "tr-silent", auth: "access_token" },
    ]);

    const today = new Date().toISOString().slice(0, 10);
    const firstRun = zoom.recordingListQueries.map((q) => [q.from, q.to, q.query_date_type]);
    expect(firstRun[0]).toEqual([daysAgo(30).toISOString().slice(0, 10), today, "recording_end_time"]);
    expect(firstRun.length).toBe(2); // four meetings in range, two per page
    const [connection] = await sql<{ sync_cursor: string | null; last_error: string | null }>(
      "SELECT sync_cursor, last_error FROM connections WHERE provider = 'zoom'",
    );
    expect(connection).toEqual({ sync_cursor: today, last_error: null });
    const [archived] = await sql<{ n: number }>(
      "SELECT count(*) AS n FROM webhook_events WHERE dedupe_key LIKE 'reconcile:%' AND status = 'processed'",
    );
    expect(archived?.n).toBe(2);

    // Again: everything is known (conversations stored, dedupe keys taken); nothing new is queued.
    const events = await eventCount();
    const downloads = zoom.downloads.length;
    zoom.recordingListQueries.length = 0;
    await runNightly();
    await new Promise((r) => setTimeout(r, 2000));
    expect(await eventCount()).toBe(events);
    expect(zoom.downloads).toHaveLength(downloads);
    expect(await conversations()).toHaveLength(3);
    // From the cursor, less the overlap of two days.
    expect(zoom.recordingListQueries[0]?.from).toBe(daysAgo(2).toISOString().slice(0, 10));
  }, 120_000);
});
