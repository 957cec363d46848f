import type { CreateUserResponse } from "@sightline/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeZoom, type FakeZoomRecording, startFakeZoom } from "../fakes/fake-zoom.ts";
import { apiFetch, createOrg } from "../support/api.ts";
import { queryLocalD1 } from "../support/local-d1.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { TestBrowser } from "../support/test-browser.ts";
import { waitFor } from "../support/wait-for.ts";

/**
 * The nightly reconciliation for a per-user (OAuth) Zoom connection, DURUM style: no account-level
 * app, a member connected their own Zoom. The worker lists `GET /users/me/recordings` with that
 * user's token (refreshed first, with rotation, since it is about to expire), fetches the transcript
 * and participants with the same token, stores the cursor on that connection, and a second run
 * starts from it and creates nothing new. Meetings of other hosts are not in the user's list.
 */
const USER_APP = { clientId: "user-recon-client", clientSecret: "user-recon-secret", accountId: "unused" };
const ZOOM_USER = { userId: "zoom-user-recon", accountId: "zoom-acc-durum", email: "max@durum.test" };
const NIGHTLY = "15 3 * * *";
let zoom: FakeZoom;
let worker: LocalWorker;
let beatlesId: string;

const VTT = `WEBVTT

1
00:00:01.000 --> 00:00:04.000
Max Member: Thanks for joining. Let's look at the renewal.

2
00:00:05.000 --> 00:00:09.000
Ringo Starr: The pilot went well and the team loves the new dashboard.
`;

const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 60 * 60 * 1000);
const iso = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;
const day = (d: Date) => d.toISOString().slice(0, 10);

function recording(uuid: string, fileId: string, hostId: string, started: Date): FakeZoomRecording {
  const end = new Date(started.getTime() + 30 * 60 * 1000);
  return {
    uuid,
    id: 81234567890,
    host_id: hostId,
    host_email: hostId === ZOOM_USER.userId ? ZOOM_USER.email : "someone@else.test",
    topic: `Renewal ${uuid}`,
    start_time: iso(started),
    duration: 30,
    recording_files: [
      {
        id: fileId,
        file_type: "TRANSCRIPT",
        file_extension: "VTT",
        download_url: `${zoom.url}/rec/download/${encodeURIComponent(fileId)}`,
        recording_type: "audio_transcript",
        status: "completed",
        recording_start: iso(started),
        recording_end: iso(end),
      },
    ],
  };
}

async function runNightly() {
  const res = await fetch(`${worker.baseUrl}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent(NIGHTLY)}`);
  expect(res.status).toBe(200);
  await res.body?.cancel();
}

const sql = <T>(command: string) => queryLocalD1<T>(worker, command);
type ConversationRow = { id: string; external_id: string; status: string; account_id: string | null };
const conversations = () =>
  sql<ConversationRow>("SELECT id, external_id, status, account_id FROM conversations ORDER BY external_id");

beforeAll(async () => {
  zoom = await startFakeZoom([USER_APP]);
  worker = await startLocalWorker({
    vars: {
      ZOOM_OAUTH_BASE: zoom.url,
      ZOOM_API_BASE: `${zoom.url}/v2`,
      ZOOM_CLIENT_ID: USER_APP.clientId,
      ZOOM_CLIENT_SECRET: USER_APP.clientSecret,
      INGEST_RETRY_BASE_SECONDS: "1",
    },
  });
  const org = await createOrg(worker.baseUrl, worker.operatorToken, {
    name: "Durum",
    domains: ["durum.test"],
    admin: { email: "admin@durum.test", name: "Admin" },
  });
  const beatles = await apiFetch<{ id: string }>(worker.baseUrl, org.apiToken.token, "/api/v1/accounts", {
    body: { name: "The Beatles", domains: ["beatles.org"] },
    expectStatus: 201,
  });
  beatlesId = beatles.id;
  const member = await apiFetch<CreateUserResponse>(worker.baseUrl, org.apiToken.token, "/api/v1/users", {
    body: { email: ZOOM_USER.email, name: "Max Member" },
    expectStatus: 201,
  });
  // Access tokens inside the 60 s refresh margin: every use of a stored token refreshes it first.
  zoom.setUserTokenTtl(30);
  // The member connects their own Zoom (what the options page does): start, then in their browser
  // (signed in to Zoom) begin, consent and callback.
  const started = await apiFetch<{ beginUrl: string }>(worker.baseUrl, member.apiToken.token, "/oauth/zoom/start");
  const browser = new TestBrowser();
  browser.addCookie(zoom.url, zoom.sessionCookie(ZOOM_USER));
  const { response, url } = await browser.navigate(started.beginUrl);
  expect(url.pathname).toBe("/oauth/zoom/callback");
  expect(response?.status).toBe(200);
  await response?.body?.cancel();
});
afterAll(async () => {
  await worker?.stop();
  await zoom?.close();
});

describe("nightly Zoom reconciliation of a per-user connection", () => {
  it("lists the user's own recordings with their refreshed token and ingests what was never announced", async () => {
    const mine = recording("user-meeting-1==", "tr-user-1", ZOOM_USER.userId, daysAgo(3));
    const mineToo = recording("user-meeting-2==", "tr-user-2", ZOOM_USER.userId, daysAgo(1));
    const theirs = recording("other-host-meeting==", "tr-other", "zoom-user-other", daysAgo(2));
    for (const meeting of [mine, mineToo, theirs]) {
      const fileId = meeting.recording_files[0]?.id ?? "";
      zoom.addFile(fileId, { content: VTT, downloadToken: `dl-${fileId}` });
      zoom.setParticipants(meeting.uuid, [
        {
          id: "p1",
          user_id: "1",
          name: "Ringo Starr",
          user_email: "ringoRocks@beatles.org",
          join_time: meeting.start_time,
          leave_time: meeting.start_time,
          duration: 1800,
        },
      ]);
      zoom.addRecording(meeting);
    }
    zoom.setRecordingsPageSize(1); // the worker follows next_page_token

    await runNightly();
    const rows = await waitFor("the user's reconciled meetings", conversations, (all) =>
      [mine.uuid, mineToo.uuid].every((uuid) => all.find((r) => r.external_id === uuid)?.status === "analyzed"),
    );
    expect(rows.map((r) => r.external_id)).toEqual([mine.uuid, mineToo.uuid]);
    for (const row of rows) expect(row.account_id).toBe(beatlesId);

    // The user's list, with that user's token: 30 days back to today, two pages of one, no account-only filter.
    expect(zoom.userRecordingListQueries).toHaveLength(2);
    expect(zoom.userRecordingListQueries[0]).toMatchObject({
      zoomUserId: ZOOM_USER.userId,
      from: day(daysAgo(30)),
      to: day(new Date()),
    });
    expect(zoom.userRecordingListQueries[0]).not.toHaveProperty("query_date_type");
    expect(zoom.recordingListQueries).toEqual([]);
    expect(zoom.grants[0]).toBe("authorization_code");
    expect(zoom.grants).toContain("refresh_token");
    expect(zoom.grants).not.toContain("account_credentials");
    // No webhook download_token: the files came with the user's own access token.
    expect([...zoom.downloads].sort((a, b) => a.fileId.localeCompare(b.fileId))).toEqual([
      { fileId: "tr-user-1", auth: "access_token" },
      { fileId: "tr-user-2", auth: "access_token" },
    ]);
    const people = await sql<{ name: string; side: string }>(
      `SELECT name, side FROM participants WHERE conversation_id = '${rows[0]?.id}' ORDER BY name`,
    );
    expect(people).toContainEqual({ name: "Ringo Starr", side: "theirs" });

    const [connection] = await sql<{ scope: string; sync_cursor: string | null; last_error: string | null }>(
      "SELECT scope, sync_cursor, last_error FROM connections",
    );
    expect(connection).toEqual({ scope: "user", sync_cursor: day(new Date()), last_error: null });

    // Again: from the cursor less two days; nothing new is queued or downloaded.
    zoom.userRecordingListQueries.length = 0;
    const downloads = zoom.downloads.length;
    const [events] = await sql<{ n: number }>("SELECT count(*) AS n FROM webhook_events");
    await runNightly();
    await waitFor(
      "the second run's list",
      () => zoom.userRecordingListQueries.length,
      (n) => n > 0,
    );
    await new Promise((r) => setTimeout(r, 2000));
    expect(zoom.userRecordingListQueries[0]?.from).toBe(day(daysAgo(2)));
    expect(zoom.downloads).toHaveLength(downloads);
    const [eventsAfter] = await sql<{ n: number }>("SELECT count(*) AS n FROM webhook_events");
    expect(eventsAfter?.n).toBe(events?.n);
    expect(await conversations()).toHaveLength(2);
  }, 120_000);
});
