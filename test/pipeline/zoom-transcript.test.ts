import { readFileSync } from "node:fs";
import type { AccountOverview, FailedJob } from "@sightline/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../scripts/cli/run-cli.ts";
import { type FakeZoom, type FakeZoomParticipant, startFakeZoom } from "../fakes/fake-zoom.ts";
import { apiFetch, createOrg } from "../support/api.ts";
import { queryLocalD1 } from "../support/local-d1.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { hasSharedData, sharedDataPath } from "../support/shared-data.ts";
import { waitFor } from "../support/wait-for.ts";
import { deliverZoomEvent } from "../support/zoom-webhook.ts";

/**
 * Signed `recording.transcript_completed` in, a stored, routed and analyzed conversation out, against
 * a fake Zoom serving the VTT and the participant report. The VTT and participants are the real
 * meeting001 files of ../shared/data when present (read in place), else a small meeting written here.
 */
const SECRET = "pipeline-zoom-transcript-secret";
const APP = { clientId: "s2s-transcripts", clientSecret: "s2s-transcripts-secret", accountId: "zoom-acc-transcripts" };
let zoom: FakeZoom;
let worker: LocalWorker;
let token: string;
let beatlesId: string;

const SMALL_VTT = `WEBVTT

1
00:00:01.000 --> 00:00:04.000
Andrew Knight: Thanks for joining, everyone. Let's review the rollout.

2
00:00:05.000 --> 00:00:09.000
Ringo Starr: The pilot went well and the team loves the new dashboard.

3
00:00:10.000 --> 00:00:14.000
Ringo Starr: Our concern is the price; it is too expensive for next year's budget.

4
00:00:15.000 --> 00:00:19.000
Andrew Knight: Understood. I will send a revised proposal by Friday.
`;

const participant = (name: string, email: string, i: number): FakeZoomParticipant => ({
  id: `p${i}`,
  user_id: String(16778240 + i),
  name,
  user_email: email,
  join_time: "2020-09-24T11:35:16Z",
  leave_time: "2020-09-24T12:49:20Z",
  duration: 4400,
});

/** The name and e-mail columns of a real Zoom participant report (BOM, a meeting header block). */
function realParticipants(): FakeZoomParticipant[] {
  const lines = readFileSync(sharedDataPath("zoom-vtt/meeting001_participants.csv"), "utf8")
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/);
  const header = lines.findIndex((l) => l.startsWith("Name (Original Name),User Email"));
  return lines
    .slice(header + 1)
    .filter((l) => l.trim())
    .map((l, i) => {
      const [name = "", email = ""] = l.split(",");
      return participant(name.trim(), email.trim(), i);
    });
}

const meeting = hasSharedData
  ? {
      vtt: readFileSync(sharedDataPath("zoom-vtt/meeting001_transcript.vtt"), "utf8"),
      participants: realParticipants(),
    }
  : {
      vtt: SMALL_VTT,
      participants: [
        participant("Andrew Knight", "knightap@wustl.edu", 1),
        participant("Ringo Starr", "ringoRocks@beatles.org", 2),
        participant("Paul McCartney (Wings)", "paul@gmail.com", 3),
        participant("John Lennon", "", 4),
        participant("Ringo Starr", "ringoRocks@beatles.org", 5),
      ],
    };

function transcriptEvent(
  uuid: string,
  fileId: string,
  options: { eventTs?: number; downloadToken?: string; startTime?: string } = {},
) {
  return {
    event: "recording.transcript_completed",
    event_ts: options.eventTs ?? Date.now(),
    download_token: options.downloadToken ?? `dl-${fileId}`,
    payload: {
      account_id: APP.accountId,
      object: {
        uuid,
        id: 6840331990,
        host_id: "z8yCxjabcdEFGHfp8uQ",
        host_email: "knightap@wustl.edu",
        topic: "Meeting about Reunion",
        start_time: options.startTime ?? "2020-09-24T11:35:16Z",
        duration: 75,
        recording_files: [
          {
            id: fileId,
            recording_start: "2020-09-24T11:35:20Z",
            recording_end: "2020-09-24T12:49:20Z",
            file_type: "TRANSCRIPT",
            file_extension: "VTT",
            download_url: `${zoom.url}/rec/download/${encodeURIComponent(fileId)}`,
            recording_type: "audio_transcript",
            status: "completed",
          },
        ],
      },
    },
  };
}

async function deliver(event: unknown) {
  return (await deliverZoomEvent(worker.baseUrl, SECRET, event)).json.status;
}

const sql = <T>(command: string) => queryLocalD1<T>(worker, command);

type ConversationRow = {
  id: string;
  status: string;
  routing: string;
  account_id: string | null;
  transcript_hash: string;
};
const conversationsOf = (uuid: string) =>
  sql<ConversationRow>(
    `SELECT id, status, routing, account_id, transcript_hash FROM conversations WHERE external_id = '${uuid}'`,
  );

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
  token = org.apiToken.token;
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

describe(`Zoom transcripts (${hasSharedData ? "real meeting001 files" : "small written meeting"})`, () => {
  it("stores one routed conversation with segments and participants however often the event arrives", async () => {
    const uuid = "4444AAAiAAAAAiAiAiiAii==";
    zoom.addFile("tr-meeting001", { content: meeting.vtt, downloadToken: "dl-tr-meeting001" });
    // Small pages make the worker follow next_page_token.
    zoom.setParticipants(uuid, meeting.participants, { maxPageSize: 4 });
    const event = transcriptEvent(uuid, "tr-meeting001");
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await deliver(event));
    expect(answers).toEqual(["queued", "duplicate", "duplicate", "duplicate"]);

    const [conversation] = await waitFor(
      "the conversation to be analyzed",
      () => conversationsOf(uuid),
      (rows) => rows[0]?.status === "analyzed",
    );
    expect(await conversationsOf(uuid)).toHaveLength(1);
    expect(conversation).toMatchObject({ routing: "auto", account_id: beatlesId });
    expect(conversation?.transcript_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(zoom.downloads).toEqual([{ fileId: "tr-meeting001", auth: "download_token" }]);
    const pages = zoom.requests.filter((r) => r.path.endsWith("/participants"));
    expect(pages.length).toBe(Math.ceil(meeting.participants.length / 4));

    const [segments] = await sql<{ n: number }>(
      `SELECT count(*) AS n FROM transcript_segments WHERE conversation_id = '${conversation?.id}'`,
    );
    expect(segments?.n).toBeGreaterThan(2);
    const people = await sql<{ name: string; email: string | null; side: string }>(
      `SELECT name, email, side FROM participants WHERE conversation_id = '${conversation?.id}' ORDER BY name`,
    );
    const sideOf = (name: string) => people.find((p) => p.name.startsWith(name))?.side;
    expect(sideOf("Andrew Knight")).toBe("ours");
    expect(sideOf("Ringo Starr")).toBe("theirs");
    expect(sideOf("Paul McCartney")).toBe("unknown");
    expect(people.filter((p) => p.name === "Ringo Starr")).toHaveLength(1);

    const contacts = await sql<{ email: string; side: string; account_id: string | null }>(
      "SELECT lower(email) AS email, side, account_id FROM contacts ORDER BY email",
    );
    expect(contacts).toContainEqual({ email: "ringorocks@beatles.org", side: "theirs", account_id: beatlesId });
    expect(contacts).toContainEqual({ email: "knightap@wustl.edu", side: "ours", account_id: null });

    const overview = await apiFetch<AccountOverview>(
      worker.baseUrl,
      token,
      `/api/v1/accounts/${beatlesId}/overview?period=all`,
    );
    expect(overview.conversations.count).toBe(1);
    const [insights] = await sql<{ n: number }>(
      `SELECT count(*) AS n FROM insights WHERE conversation_id = '${conversation?.id}'`,
    );
    expect(insights?.n).toBeGreaterThan(0);
  });

  it("retries a download that fails twice with 500, and double-encodes a UUID starting with /", async () => {
    const uuid = "/ajXp112QmuoKj4854875==";
    zoom.addFile("tr-flaky", { content: SMALL_VTT, downloadToken: "dl-tr-flaky" });
    zoom.setParticipants(uuid, [participant("Ringo Starr", "ringoRocks@beatles.org", 1)]);
    zoom.failNext("/rec/download/tr-flaky", 500);
    zoom.failNext("/rec/download/tr-flaky", 500);
    expect(await deliver(transcriptEvent(uuid, "tr-flaky"))).toBe("queued");
    const [conversation] = await waitFor(
      "the flaky transcript to be stored",
      () => conversationsOf(uuid),
      (rows) => rows[0]?.status === "stored" || rows[0]?.status === "analyzed",
    );
    expect(zoom.requests.filter((r) => r.path === "/rec/download/tr-flaky")).toHaveLength(3);
    expect(conversation).toMatchObject({ routing: "auto", account_id: beatlesId });
  });

  it("after 24 hours downloads with the connection's token, and keeps the transcript without a participant report", async () => {
    const uuid = "old-meeting-uuid==";
    zoom.addFile("tr-old", { content: SMALL_VTT, downloadToken: "dl-tr-old", downloadTokenExpired: true });
    const eventTs = Date.now() - 25 * 60 * 60 * 1000;
    expect(await deliver(transcriptEvent(uuid, "tr-old", { eventTs }))).toBe("queued");
    const [conversation] = await waitFor(
      "the old transcript to be stored",
      () => conversationsOf(uuid),
      (rows) => rows[0]?.status === "stored" || rows[0]?.status === "analyzed",
    );
    expect(zoom.downloads).toContainEqual({ fileId: "tr-old", auth: "access_token" });
    const people = await sql<{ name: string; side: string }>(
      `SELECT name, side FROM participants WHERE conversation_id = '${conversation?.id}' ORDER BY name`,
    );
    expect(people).toEqual([
      { name: "Andrew Knight", side: "unknown" },
      { name: "Ringo Starr", side: "unknown" },
    ]);
    // No address evidence, but "Ringo Starr" became a Beatles contact in the first meeting: routed by name.
    expect(conversation).toMatchObject({ routing: "auto", account_id: beatlesId });
  });

  it("turns a 404 download into a failed job an admin can see", async () => {
    expect(await deliver(transcriptEvent("gone-meeting==", "tr-missing"))).toBe("queued");
    const failed = await waitFor(
      "the failed job",
      () => apiFetch<{ failedJobs: FailedJob[] }>(worker.baseUrl, token, "/api/v1/operations/failed-jobs"),
      (body) => body.failedJobs.some((j) => j.jobType === "zoom_event"),
    );
    const job = failed.failedJobs.find((j) => j.jobType === "zoom_event");
    expect(job?.reason).toContain("404");
    expect(await conversationsOf("gone-meeting==")).toEqual([]);
  });

  it("an admin deletes a call from the CLI; Zoom sends it again and it stays deleted", async () => {
    const uuid = "deleted-meeting-uuid==";
    zoom.addFile("tr-deleted", { content: SMALL_VTT, downloadToken: "dl-tr-deleted" });
    zoom.setParticipants(uuid, [participant("Ringo Starr", "ringoRocks@beatles.org", 1)]);
    const startTime = "2021-03-02T10:00:00Z";
    expect(await deliver(transcriptEvent(uuid, "tr-deleted", { eventTs: Date.now() - 60_000, startTime }))).toBe(
      "queued",
    );
    const [conversation] = await waitFor(
      "the call to be analyzed",
      () => conversationsOf(uuid),
      (rows) => rows[0]?.status === "analyzed",
    );
    const cli = async (command: string, values: Record<string, string>) => {
      const result = await runCli([command], { url: worker.baseUrl, token, ...values }, {}, fetch);
      expect(result.stderr).toBe("");
      return result.stdout;
    };
    // A one-day range holds this call and none of the account's other calls (2020-09-24).
    const before = await sql<{ n: number }>(
      `SELECT count(*) AS n FROM conversations WHERE account_id = '${beatlesId}'`,
    );
    const queued = await cli("delete", { scope: "account", account: beatlesId, from: "2021-03-02", to: "2021-03-03" });
    const deletionId = queued.match(/Deletion (\S+) queued/)?.[1] as string;
    await waitFor(
      "the deletion to finish",
      () => cli("deletions", { id: deletionId }),
      (line) => line.includes("\tdone\t"),
    );
    expect(await conversationsOf(uuid)).toEqual([]);
    const after = await sql<{ n: number }>(`SELECT count(*) AS n FROM conversations WHERE account_id = '${beatlesId}'`);
    expect(after[0]?.n).toBe((before[0]?.n ?? 0) - 1);
    const [left] = await sql<{ n: number }>(
      `SELECT (SELECT count(*) FROM transcript_segments WHERE conversation_id = '${conversation?.id}')
        + (SELECT count(*) FROM insights WHERE conversation_id = '${conversation?.id}') AS n`,
    );
    expect(left?.n).toBe(0);

    // Zoom sends the event again (a new delivery of the same recording): archived, acknowledged, not processed.
    expect(await deliver(transcriptEvent(uuid, "tr-deleted", { startTime }))).toBe("ignored");
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await conversationsOf(uuid)).toEqual([]);
    expect(zoom.downloads.filter((d) => d.fileId === "tr-deleted")).toHaveLength(1);
  });
});
