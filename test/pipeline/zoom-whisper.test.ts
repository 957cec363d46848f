import { createHash, randomBytes } from "node:crypto";
import type { FailedJob } from "@sightline/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runWrangler } from "../../scripts/lib/local-stack.ts";
import { type ChatRequest, type FakeOpenAI, startFakeOpenAI } from "../fakes/fake-openai.ts";
import { type FakeZoom, type FakeZoomParticipant, startFakeZoom } from "../fakes/fake-zoom.ts";
import { apiFetch, createOrg } from "../support/api.ts";
import { queryLocalD1 } from "../support/local-d1.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { waitFor } from "../support/wait-for.ts";
import { deliverZoomEvent } from "../support/zoom-webhook.ts";

/**
 * The Whisper fallback end to end: `recording.completed` without a transcript queues a delayed job
 * (ZOOM_TRANSCRIPT_WAIT_SECONDS=2 here); if Zoom's transcript has not come by then, the worker
 * downloads the M4A from a fake Zoom, stages it in local R2, uploads it to a fake OpenAI
 * (`/v1/audio/transcriptions`, verbose_json), stores and analyzes the transcript and deletes the
 * audio. Also: Zoom's transcript in time means no upload; Zoom's transcript after Whisper's replaces
 * it; audio over Whisper's 25 MB is a failed job; and a worker without OPENAI_API_KEY records "no
 * transcript" and calls nobody.
 */
const SECRET = "pipeline-zoom-whisper-secret";
const APP = { clientId: "s2s-whisper", clientSecret: "s2s-whisper-secret", accountId: "zoom-acc-whisper" };
let zoom: FakeZoom;
let openai: FakeOpenAI;
let worker: LocalWorker;
let token: string;
let orgId: string;
let beatlesId: string;

const VTT = `WEBVTT

1
00:00:01.000 --> 00:00:04.000
Andrew Knight: Thanks for joining, everyone. Let's review the rollout.

2
00:00:05.000 --> 00:00:09.000
Ringo Starr: The pilot went well and the team loves the new dashboard.
`;

/** What the fake "hears" in every upload (it cannot transcribe): Whisper-style segments with leading spaces. */
const HEARD = [
  { start: 0.5, end: 3.9, text: " Welcome, good to see you all." },
  { start: 4.1, end: 8.7, text: " The pilot went well and the team loves the whisper dashboard." },
  // Whisper's typical text over silence: dropped by its own no-speech rule.
  { start: 9, end: 12, text: " Thank you for watching.", noSpeechProb: 0.92, avgLogprob: -1.4 },
];

const participants: FakeZoomParticipant[] = [
  {
    id: "p1",
    user_id: "1",
    name: "Ringo Starr",
    user_email: "ringoRocks@beatles.org",
    join_time: "2026-11-20T10:00:00Z",
    leave_time: "2026-11-20T10:30:00Z",
    duration: 1800,
  },
];

/** The analysis model quotes the first line it is shown (verbatim), so every analysis makes insights. */
function analysis(request: ChatRequest) {
  const user = request.messages.find((m) => m.role === "user")?.content ?? "";
  const first = /^\[(\d+)\] \((\w+)\) [^:]+: (.+)$/m.exec(user);
  if (!first) throw new Error("no transcript lines in the request");
  const quote = (first[3] ?? "").split(/(?<=[.!?])\s+/)[0] ?? "";
  return {
    topics: [{ phrase: "rollout review", segment: Number(first[1]), quote }],
    wins: [],
    issues: [],
    objections: [],
    customerQuestions: [],
    nextSteps: [],
  };
}

function audioFile(fileId: string, extra: { file_size?: number } = {}) {
  return {
    id: fileId,
    recording_start: "2026-11-20T10:00:05Z",
    recording_end: "2026-11-20T10:29:55Z",
    file_type: "M4A",
    file_extension: "M4A",
    download_url: `${zoom.url}/rec/download/${encodeURIComponent(fileId)}`,
    recording_type: "audio_only",
    status: "completed",
    ...extra,
  };
}

function recordingCompleted(uuid: string, files: unknown[]) {
  return {
    event: "recording.completed",
    event_ts: Date.now(),
    download_token: `dl-${uuid}`,
    payload: {
      account_id: APP.accountId,
      object: {
        uuid,
        id: 91234567890,
        host_id: "z8yCxjabcdEFGHfp8uQ",
        host_email: "knightap@wustl.edu",
        topic: `Rollout review ${uuid}`,
        start_time: "2026-11-20T10:00:00Z",
        duration: 30,
        recording_files: files,
      },
    },
  };
}

function transcriptCompleted(uuid: string, fileId: string) {
  return {
    event: "recording.transcript_completed",
    event_ts: Date.now(),
    download_token: `dl-${fileId}`,
    payload: {
      account_id: APP.accountId,
      object: {
        ...recordingCompleted(uuid, []).payload.object,
        recording_files: [
          {
            id: fileId,
            recording_start: "2026-11-20T10:00:05Z",
            recording_end: "2026-11-20T10:29:55Z",
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

async function deliver(target: LocalWorker, event: unknown) {
  return (await deliverZoomEvent(target.baseUrl, SECRET, event)).json.status;
}

/** Serves `bytes` as the meeting's audio-only M4A; the download_token is the one recordingCompleted sends. */
function serveAudio(uuid: string, fileId: string, bytes: Uint8Array, options: { chunked?: boolean } = {}) {
  zoom.addFile(fileId, { content: bytes, contentType: "audio/mp4", downloadToken: `dl-${uuid}`, ...options });
}

const sql = <T>(target: LocalWorker, command: string) => queryLocalD1<T>(target, command);
const conversationOf = async (target: LocalWorker, uuid: string) =>
  (
    await sql<{
      id: string;
      status: string;
      routing: string;
      account_id: string | null;
      transcript_key: string | null;
    }>(
      target,
      `SELECT id, status, routing, account_id, transcript_key FROM conversations WHERE external_id = '${uuid}'`,
    )
  )[0];
const completedEventOf = async (target: LocalWorker, uuid: string) =>
  (
    await sql<{ status: string; reason: string | null }>(
      target,
      `SELECT status, reason FROM webhook_events WHERE event_type = 'recording.completed' AND dedupe_key LIKE '%:${uuid}'`,
    )
  )[0];

/** Whether local R2 holds `key`, asked through wrangler against the worker's own persisted state. */
async function r2Has(target: LocalWorker, key: string): Promise<boolean> {
  try {
    await runWrangler(
      ["r2", "object", "get", `sightline-blobs/${key}`, "--local", "--persist-to", target.persistDir, "--pipe"],
      `${target.persistDir}/..`,
      { quiet: true },
    );
    return true;
  } catch (err) {
    if (/not found|does not exist|NoSuchKey/i.test(String(err))) return false;
    throw err;
  }
}
const stagingKey = (uuid: string, fileId: string) =>
  `tmp/whisper-audio/orgs/${orgId}/${encodeURIComponent(uuid)}/${encodeURIComponent(fileId)}`;

async function setUpOrg(target: LocalWorker) {
  const org = await createOrg(target.baseUrl, target.operatorToken, {
    name: "Wash U",
    domains: ["wustl.edu"],
    admin: { email: "admin@wustl.edu", name: "Admin" },
  });
  const apiToken = org.apiToken.token;
  await apiFetch(target.baseUrl, apiToken, "/api/v1/connections/zoom/account", { method: "PUT", body: APP });
  const beatles = await apiFetch<{ id: string }>(target.baseUrl, apiToken, "/api/v1/accounts", {
    body: { name: "The Beatles", domains: ["beatles.org"] },
    expectStatus: 201,
  });
  return { token: apiToken, orgId: org.org.id, beatlesId: beatles.id };
}

beforeAll(async () => {
  zoom = await startFakeZoom([APP]);
  openai = await startFakeOpenAI();
  openai.respondWith(analysis);
  openai.transcribeWith(() => HEARD);
  worker = await startLocalWorker({
    vars: {
      ZOOM_OAUTH_BASE: zoom.url,
      ZOOM_API_BASE: `${zoom.url}/v2`,
      ZOOM_WEBHOOK_SECRET_TOKEN: SECRET,
      INGEST_RETRY_BASE_SECONDS: "1",
      ZOOM_TRANSCRIPT_WAIT_SECONDS: "2",
      OPENAI_API_KEY: "sk-fake-whisper",
      OPENAI_BASE_URL: `${openai.url}/v1`,
    },
  });
  ({ token, orgId, beatlesId } = await setUpOrg(worker));
});
afterAll(async () => {
  await worker?.stop();
  await zoom?.close();
  await openai?.close();
});

describe("Whisper fallback for recordings Zoom made no transcript of", () => {
  it("transcribes the audio, stores and analyzes the transcript, and deletes the audio from R2", async () => {
    const uuid = "whisperMeeting1AAAAAA==";
    const audio = randomBytes(300_000);
    serveAudio(uuid, "m4a-1", audio);
    zoom.setParticipants(uuid, participants);
    const video = { ...audioFile("mp4-1"), file_type: "MP4", file_extension: "MP4", recording_type: "shared_screen" };
    expect(await deliver(worker, recordingCompleted(uuid, [video, audioFile("m4a-1")]))).toBe("queued");

    const conversation = await waitFor(
      "the Whisper transcript to be analyzed",
      () => conversationOf(worker, uuid),
      (row) => row?.status === "analyzed",
    );
    expect(conversation).toMatchObject({ routing: "auto", account_id: beatlesId });
    expect(conversation?.transcript_key).toContain("/whisper-m4a-1.json");

    // The M4A (not the video) went to Whisper byte for byte, as verbose_json with segment timestamps.
    const uploads = openai.transcriptions.filter((u) => u.status === 200);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatchObject({
      authorization: "Bearer sk-fake-whisper",
      model: "whisper-1",
      responseFormat: "verbose_json",
      timestampGranularities: ["segment"],
      filename: "m4a-1.m4a",
      bytes: audio.length,
      sha256: createHash("sha256").update(audio).digest("hex"),
    });
    expect(zoom.downloads).toContainEqual({ fileId: "m4a-1", auth: "download_token" });
    expect(zoom.downloads.some((d) => d.fileId === "mp4-1")).toBe(false);

    const segments = await sql<{ speaker: string | null; start_ms: number; end_ms: number; text: string }>(
      worker,
      `SELECT speaker, start_ms, end_ms, text FROM transcript_segments WHERE conversation_id = '${conversation?.id}' ORDER BY seq`,
    );
    expect(segments).toEqual([
      { speaker: null, start_ms: 500, end_ms: 3900, text: "Welcome, good to see you all." },
      {
        speaker: null,
        start_ms: 4100,
        end_ms: 8700,
        text: "The pilot went well and the team loves the whisper dashboard.",
      },
    ]);
    const [fts] = await sql<{ n: number }>(
      worker,
      "SELECT count(*) AS n FROM transcript_segments_fts WHERE transcript_segments_fts MATCH 'whisper'",
    );
    expect(fts?.n).toBe(1);
    const [insights] = await sql<{ n: number }>(
      worker,
      `SELECT count(*) AS n FROM insights WHERE conversation_id = '${conversation?.id}'`,
    );
    expect(insights?.n).toBeGreaterThan(0);
    expect((await completedEventOf(worker, uuid))?.reason).toContain("transcribed by Whisper (whisper-1)");

    // The audio is gone from R2; the transcript (same store, same check) is there.
    expect(await r2Has(worker, stagingKey(uuid, "m4a-1"))).toBe(false);
    expect(await r2Has(worker, conversation?.transcript_key ?? "")).toBe(true);
  });

  it("lets Zoom's later transcript replace Whisper's and re-analyzes without duplicating insights", async () => {
    const uuid = "whisperMeeting1AAAAAA==";
    const before = await conversationOf(worker, uuid);
    zoom.addFile("tr-late", { content: VTT, downloadToken: "dl-tr-late" });
    expect(await deliver(worker, transcriptCompleted(uuid, "tr-late"))).toBe("queued");
    const after = await waitFor(
      "Zoom's transcript to replace Whisper's and be analyzed",
      () => conversationOf(worker, uuid),
      (row) => !!row?.transcript_key?.endsWith("/tr-late.vtt") && row.status === "analyzed",
    );
    expect(after?.id).toBe(before?.id);
    const speakers = await sql<{ speaker: string | null }>(
      worker,
      `SELECT DISTINCT speaker FROM transcript_segments WHERE conversation_id = '${after?.id}' ORDER BY speaker`,
    );
    expect(speakers.map((s) => s.speaker)).toEqual(["Andrew Knight", "Ringo Starr"]);
    // Insights of the new analysis only: one topic quoting Zoom's first line, nothing left from Whisper's.
    const rows = await waitFor(
      "the re-analysis to replace the insights",
      () =>
        sql<{ kind: string; quote: string | null }>(
          worker,
          `SELECT kind, quote FROM insights WHERE conversation_id = '${after?.id}' AND kind = 'topic'`,
        ),
      (topics) => topics.length > 0 && topics.every((t) => t.quote?.startsWith("Thanks for joining, everyone")),
    );
    expect(rows).toHaveLength(1);
    expect(openai.transcriptions.filter((u) => u.status === 200)).toHaveLength(1);
  });

  it("makes no Whisper call when Zoom's transcript comes before the wait is over", async () => {
    const uuid = "zoomInTimeAAAAAAAAAAAA==";
    serveAudio(uuid, "m4a-2", randomBytes(10_000));
    zoom.addFile("tr-2", { content: VTT, downloadToken: "dl-tr-2" });
    const uploads = openai.transcriptions.length;
    expect(await deliver(worker, recordingCompleted(uuid, [audioFile("m4a-2")]))).toBe("queued");
    expect(await deliver(worker, transcriptCompleted(uuid, "tr-2"))).toBe("queued");
    const event = await waitFor(
      "the fallback job to run and stand down",
      () => completedEventOf(worker, uuid),
      (row) => !!row?.reason?.startsWith("transcript fallback: Zoom's transcript"),
    );
    expect(event?.reason).toMatch(/no Whisper transcription needed/);
    await waitFor(
      "Zoom's transcript to be analyzed",
      () => conversationOf(worker, uuid),
      (row) => row?.status === "analyzed",
    );
    expect(openai.transcriptions).toHaveLength(uploads);
    expect(zoom.downloads.some((d) => d.fileId === "m4a-2")).toBe(false);
  });

  it("retries Whisper's 500 with backoff, and deletes the audio also when Whisper refuses it", async () => {
    const flaky = "whisperFlakyAAAAAAAAAAA==";
    serveAudio(flaky, "m4a-flaky", randomBytes(5000));
    openai.failTranscriptionNext(1, 500);
    await deliver(worker, recordingCompleted(flaky, [audioFile("m4a-flaky")]));
    await waitFor(
      "the retried transcription to be stored",
      () => conversationOf(worker, flaky),
      (row) => row?.status === "stored" || row?.status === "analyzed",
    );
    expect(openai.transcriptions.filter((u) => u.filename === "m4a-flaky.m4a").map((u) => u.status)).toEqual([
      500, 200,
    ]);
    expect(await r2Has(worker, stagingKey(flaky, "m4a-flaky"))).toBe(false);

    const refused = "whisperRefusedAAAAAAAAA==";
    serveAudio(refused, "m4a-refused", randomBytes(5000));
    openai.failTranscriptionNext(1, 400);
    await deliver(worker, recordingCompleted(refused, [audioFile("m4a-refused")]));
    const failed = await waitFor(
      "the refused transcription's failed job",
      () => apiFetch<{ failedJobs: FailedJob[] }>(worker.baseUrl, token, "/api/v1/operations/failed-jobs"),
      (body) => body.failedJobs.some((j) => j.reason.startsWith("Whisper answered 400")),
    );
    expect(failed.failedJobs.find((j) => j.reason.startsWith("Whisper answered 400"))?.jobType).toBe(
      "zoom_transcript_fallback",
    );
    // The audio was downloaded and staged (Whisper saw it), and is gone all the same.
    expect(zoom.downloads).toContainEqual({ fileId: "m4a-refused", auth: "download_token" });
    expect(await r2Has(worker, stagingKey(refused, "m4a-refused"))).toBe(false);
    expect(await conversationOf(worker, refused)).toMatchObject({ status: "failed", transcript_key: null });
  });

  it("turns audio over Whisper's 25 MB limit into a failed job with the reason, and keeps no audio", async () => {
    const failedJobs = () =>
      apiFetch<{ failedJobs: FailedJob[] }>(worker.baseUrl, token, "/api/v1/operations/failed-jobs").then((b) =>
        b.failedJobs.filter((j) => j.jobType === "zoom_transcript_fallback" && j.reason.startsWith("audio file")),
      );
    const uploads = openai.transcriptions.length;

    // Zoom says the size: refused before downloading.
    const declared = "tooLargeDeclaredAAAAAA==";
    serveAudio(declared, "m4a-big", randomBytes(1000));
    await deliver(worker, recordingCompleted(declared, [audioFile("m4a-big", { file_size: 30_000_000 })]));
    // Zoom does not (chunked body of 26 MB): refused as soon as the bytes pass the limit.
    const streamed = "tooLargeStreamedAAAAAA==";
    serveAudio(streamed, "m4a-big-2", randomBytes(26 * 1024 * 1024), { chunked: true });
    await deliver(worker, recordingCompleted(streamed, [audioFile("m4a-big-2")]));

    const failed = await waitFor("both failed jobs", failedJobs, (jobs) => jobs.length >= 2);
    for (const job of failed) {
      expect(job.reason).toMatch(/Whisper takes at most 26\.1 MB per upload/);
      expect(job.attempts).toBe(1);
    }
    expect(failed.map((j) => j.reason).join("\n")).toContain("m4a-big is 30.0 MB");
    expect(zoom.downloads.some((d) => d.fileId === "m4a-big")).toBe(false);
    expect(openai.transcriptions).toHaveLength(uploads);
    for (const uuid of [declared, streamed]) {
      expect(await conversationOf(worker, uuid)).toMatchObject({ status: "failed", transcript_key: null });
      expect(await completedEventOf(worker, uuid)).toMatchObject({ status: "failed" });
    }
    expect(await r2Has(worker, stagingKey(streamed, "m4a-big-2"))).toBe(false);
  });

  // Last in this describe: it deauthorizes the worker's only Zoom connection.
});

describe("a pending fallback job once Zoom deauthorizes the app", () => {
  // Its own worker with a long transcript wait: the deauthorization must be processed before the
  // delayed fallback job runs, and on a loaded CI machine 2 s was sometimes not enough (a flake).
  let late: LocalWorker;
  beforeAll(async () => {
    late = await startLocalWorker({
      vars: {
        ZOOM_OAUTH_BASE: zoom.url,
        ZOOM_API_BASE: `${zoom.url}/v2`,
        ZOOM_WEBHOOK_SECRET_TOKEN: SECRET,
        INGEST_RETRY_BASE_SECONDS: "1",
        ZOOM_TRANSCRIPT_WAIT_SECONDS: "20",
        OPENAI_API_KEY: "sk-fake-whisper",
        OPENAI_BASE_URL: `${openai.url}/v1`,
      },
    });
    await setUpOrg(late);
  });
  afterAll(async () => {
    await late?.stop();
  });

  it("sends nothing to Whisper for a pending job once Zoom deauthorizes the app", async () => {
    const uuid = "whisperDeauthorized1AA==";
    serveAudio(uuid, "m4a-deauth", randomBytes(50_000));
    zoom.setParticipants(uuid, participants);
    const uploadsBefore = openai.transcriptions.length;
    expect(await deliver(late, recordingCompleted(uuid, [audioFile("m4a-deauth")]))).toBe("queued");
    // The meeting is stored as pending and its fallback job waits ZOOM_TRANSCRIPT_WAIT_SECONDS.
    await waitFor(
      "the meeting to wait for its transcript",
      () => conversationOf(late, uuid),
      (row) => row?.status === "pending",
    );
    const deauthorized = {
      event: "app_deauthorized",
      event_ts: Date.now(),
      payload: {
        account_id: APP.accountId,
        signature: "x",
        deauthorization_time: new Date().toISOString(),
        client_id: APP.clientId,
      },
    };
    expect(await deliver(late, deauthorized)).toBe("queued");
    const event = await waitFor(
      "the fallback job to stop",
      () => completedEventOf(late, uuid),
      (row) => row?.status === "failed",
      120_000,
    );
    expect(event?.reason).toContain("no longer active");
    expect(openai.transcriptions.length).toBe(uploadsBefore);
    expect(zoom.downloads.filter((d) => d.fileId === "m4a-deauth")).toEqual([]);
    expect(await r2Has(late, stagingKey(uuid, "m4a-deauth"))).toBe(false);
  }, 180_000);
});

describe("without OPENAI_API_KEY", () => {
  let plain: LocalWorker;
  beforeAll(async () => {
    plain = await startLocalWorker({
      vars: {
        ZOOM_OAUTH_BASE: zoom.url,
        ZOOM_API_BASE: `${zoom.url}/v2`,
        ZOOM_WEBHOOK_SECRET_TOKEN: SECRET,
        ZOOM_TRANSCRIPT_WAIT_SECONDS: "1",
        // Pointed at the fake, so a call would be seen; there is no key to make one with.
        OPENAI_BASE_URL: `${openai.url}/v1`,
      },
    });
    await setUpOrg(plain);
  });
  afterAll(async () => {
    await plain?.stop();
  });

  it("records that the meeting has no transcript, calls nobody, and does not retry", async () => {
    const uuid = "noKeyMeetingAAAAAAAAAA==";
    serveAudio(uuid, "m4a-nokey", randomBytes(10_000));
    const calls = openai.transcriptions.length + openai.calls;
    expect(await deliver(plain, recordingCompleted(uuid, [audioFile("m4a-nokey")]))).toBe("queued");
    const event = await waitFor(
      "the no-transcript note",
      () => completedEventOf(plain, uuid),
      (row) => !!row?.reason,
    );
    expect(event).toEqual({
      status: "processed",
      reason: "no transcript: Zoom made none within 1 s, and Whisper is off (OPENAI_API_KEY is not set)",
    });
    expect(await conversationOf(plain, uuid)).toMatchObject({ status: "failed", transcript_key: null });
    expect(openai.transcriptions.length + openai.calls).toBe(calls);
    expect(zoom.downloads.some((d) => d.fileId === "m4a-nokey")).toBe(false);
    const [failed] = await sql<{ n: number }>(plain, "SELECT count(*) AS n FROM failed_jobs");
    expect(failed?.n).toBe(0);
  });
});
