import { env } from "cloudflare:workers";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { createTestOrg } from "../../../../test/api-client.ts";
import { DEFAULT_TRANSCRIPT_WAIT_SECONDS } from "../../../platform/config.ts";
import { createServices } from "../../../platform/services.ts";
import { PermanentJobError, RetryLaterError } from "../../../queue/jobs.ts";
import { WhisperVerboseSchema, whisperSegments } from "../../../transcripts/whisper-segments.ts";
import { WhisperAnswerError } from "../../../transcripts/whisper-transcribe.ts";
import { findAudioFile } from "../fetch/recording-event.ts";
import { STAGED_AUDIO_MAX_AGE_MS, sweepStagedAudio, whisperStagingKey } from "./sweep-staged-audio.ts";
import { runTranscriptFallback } from "./transcript-fallback.ts";
import { whisperFailure } from "./whisper-failure.ts";

/**
 * The transcript fallback job inside workerd with the real D1 and R2 bindings. Zoom and OpenAI are
 * not reachable here (port 9): these cases decide without them or fail the way an outage does; the
 * pipeline test (test/pipeline/zoom-whisper.test.ts) runs the whole path against fake servers.
 */
const file = (id: string, type: string, extra: Record<string, unknown> = {}) => ({
  id,
  file_type: type,
  file_extension: type,
  download_url: `http://127.0.0.1:9/rec/download/${id}`,
  recording_type: type === "M4A" ? "audio_only" : "shared_screen_with_speaker_view",
  status: "completed",
  ...extra,
});

let n = 0;
/** An archived `recording.completed` and its event row, as the webhook left them. */
async function archivedCompleted(organizationId: string, files: unknown[]) {
  n++;
  const uuid = `fallback-${n}-${crypto.randomUUID()}==`;
  const id = `evt_fb_${n}_${crypto.randomUUID().slice(0, 8)}`;
  const r2Key = `orgs/${organizationId}/webhooks/zoom/test/${id}.json`;
  await env.BLOBS.put(
    r2Key,
    JSON.stringify({
      event: "recording.completed",
      event_ts: Date.now(),
      download_token: "dl",
      payload: {
        account_id: "acc-fallback",
        object: { uuid, host_email: "host@ourco.com", topic: "Call", duration: 30, recording_files: files },
      },
    }),
  );
  await env.DB.prepare(
    "INSERT INTO webhook_events (id, organization_id, provider, event_type, dedupe_key, r2_key, status, received_at) VALUES (?, ?, 'zoom', 'recording.completed', ?, ?, 'processed', 1)",
  )
    .bind(id, organizationId, `recording.completed:1:${uuid}`, r2Key)
    .run();
  await env.DB.prepare(
    "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, routing, status, created_at, updated_at) VALUES (?, ?, 'zoom_meeting', ?, 'Call', 1, 'unassigned', 'pending', 1, 1)",
  )
    .bind(`conv_${id}`, organizationId, uuid)
    .run();
  return { uuid, job: { organizationId, webhookEventId: id, r2Key }, conversationId: `conv_${id}` };
}

const eventRow = (id: string) =>
  env.DB.prepare("SELECT status, reason FROM webhook_events WHERE id = ?").bind(id).first<{
    status: string;
    reason: string | null;
  }>();
const conversationStatus = async (id: string) =>
  (await env.DB.prepare("SELECT status FROM conversations WHERE id = ?").bind(id).first<{ status: string }>())?.status;
const services = () => createServices(env, { test: "transcript-fallback" });
const withKey = { ...env, OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: "http://127.0.0.1:9/v1" };
const stagedAudio = async (organizationId: string) =>
  (await env.BLOBS.list({ prefix: `tmp/whisper-audio/orgs/${organizationId}/` })).objects.map((o) => o.key);

describe("runTranscriptFallback", () => {
  it("stands down when Zoom's transcript was stored meanwhile, or is still being fetched", async () => {
    const { org } = await createTestOrg();
    const stored = await archivedCompleted(org.id, [file("a1", "M4A")]);
    await env.DB.prepare("UPDATE conversations SET status = 'analyzed', transcript_key = 'x.vtt' WHERE id = ?")
      .bind(stored.conversationId)
      .run();
    expect(await runTranscriptFallback(createServices(withKey, {}), stored.job)).toBe("zoom_transcript");
    expect((await eventRow(stored.job.webhookEventId))?.reason).toContain("no Whisper transcription needed");

    const inFlight = await archivedCompleted(org.id, [file("a2", "M4A")]);
    await env.DB.prepare(
      "INSERT INTO webhook_events (id, organization_id, provider, event_type, dedupe_key, r2_key, status, received_at) VALUES (?, ?, 'zoom', 'recording.transcript_completed', ?, 'k', 'queued', 2)",
    )
      .bind(`evt_tc_${inFlight.uuid}`, org.id, `reconcile:${inFlight.uuid}:t2`)
      .run();
    expect(await runTranscriptFallback(createServices(withKey, {}), inFlight.job)).toBe("zoom_transcript_in_flight");
    expect(await conversationStatus(inFlight.conversationId)).toBe("pending");
  });

  it("without OPENAI_API_KEY, or without an audio file, records that there is no transcript", async () => {
    const { org } = await createTestOrg();
    const noKey = await archivedCompleted(org.id, [file("a3", "M4A")]);
    expect(await runTranscriptFallback(services(), noKey.job)).toBe("no_transcript");
    expect(await eventRow(noKey.job.webhookEventId)).toEqual({
      status: "processed",
      reason: `no transcript: Zoom made none within ${DEFAULT_TRANSCRIPT_WAIT_SECONDS / 3600} h, and Whisper is off (OPENAI_API_KEY is not set)`,
    });
    expect(await conversationStatus(noKey.conversationId)).toBe("failed");

    const noAudio = await archivedCompleted(org.id, [file("c1", "CHAT", { file_extension: "TXT" })]);
    expect(await runTranscriptFallback(createServices(withKey, {}), noAudio.job)).toBe("no_transcript");
    expect((await eventRow(noAudio.job.webhookEventId))?.reason).toContain("no audio file to transcribe");
  });

  it("refuses audio over Whisper's limit before downloading: a permanent failure, shown on the event", async () => {
    const { org } = await createTestOrg();
    const big = await archivedCompleted(org.id, [file("big", "M4A", { file_size: 40_000_000 })]);
    const err = await runTranscriptFallback(createServices(withKey, {}), big.job).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentJobError);
    expect((err as Error).message).toMatch(/audio file big is 40\.0 MB; Whisper takes at most 26\.1 MB/);
    expect(await eventRow(big.job.webhookEventId)).toMatchObject({ status: "failed" });
    expect(await conversationStatus(big.conversationId)).toBe("failed");
    expect(await stagedAudio(org.id)).toEqual([]);
  });

  it("retries when Zoom cannot be reached, leaving no audio behind", async () => {
    const { org } = await createTestOrg();
    // Connected (the job stops before any download otherwise), but Zoom does not answer.
    await env.DB.prepare(
      "INSERT INTO connections (id, organization_id, provider, scope, external_account_id, status, created_at, updated_at) VALUES (?, ?, 'zoom', 'account', 'acc-fallback', 'active', 1, 1)",
    )
      .bind(`conn_${org.id}`, org.id)
      .run();
    const down = await archivedCompleted(org.id, [file("a4", "M4A", { file_size: 1000 })]);
    const err = await runTranscriptFallback(createServices(withKey, {}), down.job).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(PermanentJobError);
    expect(await conversationStatus(down.conversationId)).toBe("pending");
    expect(await stagedAudio(org.id)).toEqual([]);
  });

  it("stops before the download once the Zoom connection is gone, fetching nothing", async () => {
    const { org } = await createTestOrg();
    const gone = await archivedCompleted(org.id, [file("a5", "M4A", { file_size: 1000 })]);
    const err = await runTranscriptFallback(createServices(withKey, {}), gone.job).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentJobError);
    expect((err as Error).message).toContain("no longer active");
    expect(await eventRow(gone.job.webhookEventId)).toMatchObject({ status: "failed" });
    expect(await stagedAudio(org.id)).toEqual([]);
  });
});

describe("findAudioFile", () => {
  const meeting = (files: Array<Record<string, unknown>>) => ({ uuid: "u", recording_files: files });
  it("prefers the audio-only M4A, then an MP4, and skips files still processing", () => {
    expect(findAudioFile(meeting([file("v", "MP4"), file("a", "M4A")]))?.id).toBe("a");
    expect(findAudioFile(meeting([file("v", "MP4"), file("a", "M4A", { status: "processing" })]))?.id).toBe("v");
    expect(findAudioFile(meeting([file("t", "TRANSCRIPT", { file_extension: "VTT" })]))).toBeNull();
  });
});

describe("whisperSegments", () => {
  it("turns verbose_json segments into milliseconds, trims, and drops empty and silent ones", () => {
    const answer = WhisperVerboseSchema.parse({
      text: " Hello there. Bye.",
      duration: 9.5,
      segments: [
        { id: 0, start: 0, end: 2.345, text: " Hello there.", avg_logprob: -0.2, no_speech_prob: 0.01 },
        { id: 1, start: 2.4, end: 3, text: "   " },
        { id: 2, start: 3, end: 6, text: " Thank you for watching.", avg_logprob: -1.3, no_speech_prob: 0.9 },
        { id: 3, start: 6.2, end: 6.1, text: " Bye." },
      ],
    });
    expect(whisperSegments(answer)).toEqual([
      { speaker: null, startMs: 0, endMs: 2345, text: "Hello there." },
      { speaker: null, startMs: 6200, endMs: 6200, text: "Bye." },
    ]);
  });

  it("makes one segment of a text-only answer", () => {
    expect(whisperSegments(WhisperVerboseSchema.parse({ text: " Just text. ", duration: 4 }))).toEqual([
      { speaker: null, startMs: 0, endMs: 4000, text: "Just text." },
    ]);
  });
});

describe("whisperFailure", () => {
  const now = new Date("2026-11-23T12:00:00Z");
  const apiError = (status: number, headers: Record<string, string> = {}) =>
    OpenAI.APIError.generate(status, { error: { message: "m" } }, "m", new Headers(headers));
  it("retries outages, 408, 409 and 5xx, waits out 429, and gives up on refusals", () => {
    expect(whisperFailure(new OpenAI.APIConnectionError({ message: "reset" }), now)).not.toBeInstanceOf(
      PermanentJobError,
    );
    for (const status of [408, 409, 500, 503])
      expect(whisperFailure(apiError(status), now)).not.toBeInstanceOf(PermanentJobError);
    expect(whisperFailure(apiError(429, { "retry-after": "20" }), now)).toEqual(
      expect.objectContaining({ delaySeconds: 20 }),
    );
    expect(whisperFailure(apiError(429, { "retry-after": "20" }), now)).toBeInstanceOf(RetryLaterError);
    for (const status of [400, 401, 404, 413])
      expect(whisperFailure(apiError(status), now)).toBeInstanceOf(PermanentJobError);
    expect(whisperFailure(new WhisperAnswerError("no segments"), now)).toBeInstanceOf(PermanentJobError);
  });
});

describe("sweepStagedAudio", () => {
  it("deletes staged audio older than any job can run, and keeps what a running job may still use", async () => {
    const { org } = await createTestOrg();
    const key = whisperStagingKey(org.id, "sweep==", "a1");
    await env.BLOBS.put(key, new Uint8Array([1, 2, 3]));
    await env.BLOBS.put("orgs/keep/transcripts/zoom/x/t.vtt", "WEBVTT");
    expect(await sweepStagedAudio(services())).toBe(0);
    expect(await env.BLOBS.head(key)).not.toBeNull();
    const later = createServices(
      env,
      { test: "sweep" },
      { now: () => new Date(Date.now() + STAGED_AUDIO_MAX_AGE_MS + 1000) },
    );
    expect(await sweepStagedAudio(later)).toBeGreaterThanOrEqual(1);
    expect(await env.BLOBS.head(key)).toBeNull();
    expect(await env.BLOBS.head("orgs/keep/transcripts/zoom/x/t.vtt")).not.toBeNull();
  });
});
