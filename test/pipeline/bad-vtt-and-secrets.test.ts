import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { CreateUserResponse, WebhookEvent } from "@sightline/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../fakes/fake-slack.ts";
import { type FakeZoom, startFakeZoom } from "../fakes/fake-zoom.ts";
import { apiFetch, createOrg } from "../support/api.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { waitFor } from "../support/wait-for.ts";
import { deliverZoomEvent } from "../support/zoom-webhook.ts";

/**
 * Against a real `wrangler dev` and the fake Zoom (issue 14, items 2 and 5):
 * - bad VTT files (test/fixtures/bad/vtt, and binary, non-UTF-8, a 5 MB single cue and a file over
 *   the 20 MB cap made here) reach the Worker through the Zoom fetch path: each ends stored safely
 *   (text kept as text) or as a failed event with its reason, none stays stuck, and no row stored
 *   before (D1, read from the local database file) and no R2 object stored before changes;
 * - then every secret and token the run used (webhook secret, encryption key, operator and API
 *   tokens, the Zoom client secret and the access tokens the fake issued, the Slack webhook URL) is
 *   searched for in every file of the local D1, R2 and queue state: zero plaintext hits. A control
 *   string stored on purpose must be found, so the scan is known to see the data.
 */
const SECRET = `whsec-${randomBytes(12).toString("hex")}`;
const ENCRYPTION_KEY = randomBytes(32);
const APP = {
  clientId: "s2s-bad-vtt",
  clientSecret: `s2s-secret-${randomBytes(12).toString("hex")}`,
  accountId: "zoom-acc-bad-vtt",
};
const CONTROL = `plaintext-control-${randomBytes(6).toString("hex")}`;
const FIXTURES = join(import.meta.dirname, "../fixtures/bad/vtt");

let zoom: FakeZoom;
let slack: FakeSlack;
let worker: LocalWorker;
let adminToken: string;
let memberToken: string;
let extraToken: string;
let slackUrl: string;
const downloadTokens: string[] = [];

const GOOD_VTT = `WEBVTT

1
00:00:01.000 --> 00:00:04.000
Andrew Knight: Thanks for joining. The pilot went well and the team loves the dashboard.

2
00:00:05.000 --> 00:00:09.000
Ringo Starr: Our concern is the price; it is too expensive for next year's budget.
`;

function transcriptEvent(uuid: string, fileId: string) {
  const downloadToken = `dl-${randomBytes(10).toString("hex")}`;
  downloadTokens.push(downloadToken);
  return {
    downloadToken,
    event: {
      event: "recording.transcript_completed",
      event_ts: Date.now(),
      download_token: downloadToken,
      payload: {
        account_id: APP.accountId,
        object: {
          uuid,
          id: 6840331990,
          host_id: "z8yCxjabcdEFGHfp8uQ",
          host_email: "rep@ourco-bad.example",
          topic: `Bad VTT ${fileId}`,
          start_time: "2026-11-20T15:00:00Z",
          duration: 5,
          recording_files: [
            {
              id: fileId,
              recording_start: "2026-11-20T15:00:05Z",
              recording_end: "2026-11-20T15:04:51Z",
              file_type: "TRANSCRIPT",
              file_extension: "VTT",
              download_url: `${zoom.url}/rec/download/${encodeURIComponent(fileId)}`,
              recording_type: "audio_transcript",
              status: "completed",
            },
          ],
        },
      },
    },
  };
}

/** The local D1 database file of the running worker (read-only; wrangler keeps writing it). */
function d1File(): string {
  const dir = join(worker.persistDir, "v3/d1/miniflare-D1DatabaseObject");
  const file = readdirSync(dir).find((f) => f.endsWith(".sqlite"));
  if (!file) throw new Error(`no D1 database in ${dir}`);
  return join(dir, file);
}

function sql<T>(query: string): T[] {
  const db = new DatabaseSync(d1File(), { readOnly: true });
  try {
    return db.prepare(query).all() as T[];
  } finally {
    db.close();
  }
}

/** Every row of every data table (FTS index and bookkeeping aside), as JSON, with token last-use dropped. */
function digestD1(): Map<string, Set<string>> {
  const tables = sql<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%' AND name NOT LIKE '%fts%'",
  );
  const digest = new Map<string, Set<string>>();
  for (const { name } of tables) {
    const rows = sql<Record<string, unknown>>(`SELECT * FROM "${name}"`).map((row) => {
      const { last_used_at: _lastUse, ...rest } = row;
      return JSON.stringify(rest, (_k, v) => (typeof v === "bigint" ? String(v) : v));
    });
    digest.set(name, new Set(rows));
  }
  return digest;
}

/** Every file of the local state (D1 with its WAL, R2 blobs and metadata, queues). */
function stateFiles(dir = worker.persistDir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? stateFiles(path) : [path];
  });
}

function r2Blobs(): Map<string, string> {
  const blobs = new Map<string, string>();
  for (const file of stateFiles(join(worker.persistDir, "v3/r2"))) {
    if (file.includes("/blobs/")) blobs.set(file, readFileSync(file).toString("base64").slice(0, 4096));
  }
  return blobs;
}

function statusCounts(list: WebhookEvent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of list) counts[e.status] = (counts[e.status] ?? 0) + 1;
  return counts;
}

async function events(): Promise<WebhookEvent[]> {
  return (
    await apiFetch<{ events: WebhookEvent[] }>(
      worker.baseUrl,
      adminToken,
      "/api/v1/operations/webhook-events?limit=200",
    )
  ).events;
}

beforeAll(async () => {
  zoom = await startFakeZoom([APP]);
  slack = await startFakeSlack();
  worker = await startLocalWorker({
    vars: {
      ZOOM_OAUTH_BASE: zoom.url,
      ZOOM_API_BASE: `${zoom.url}/v2`,
      ZOOM_WEBHOOK_SECRET_TOKEN: SECRET,
      TOKEN_ENCRYPTION_KEY: ENCRYPTION_KEY.toString("base64"),
      INGEST_RETRY_BASE_SECONDS: "1",
      ALLOW_INSECURE_WEBHOOKS: "true",
    },
  });
  const org = await createOrg(worker.baseUrl, worker.operatorToken, {
    name: "Bad VTT Co",
    domains: ["ourco-bad.example"],
    admin: { email: "rep@ourco-bad.example", name: "Rep" },
  });
  adminToken = org.apiToken.token;
  const member = await apiFetch<CreateUserResponse>(worker.baseUrl, adminToken, "/api/v1/users", {
    body: { email: "member@ourco-bad.example", name: "Member" },
    expectStatus: 201,
  });
  memberToken = member.apiToken.token;
  extraToken = (
    await apiFetch<{ apiToken: { token: string } }>(
      worker.baseUrl,
      memberToken,
      `/api/v1/users/${member.user.id}/tokens`,
      { body: { label: "second laptop" }, expectStatus: 201 },
    )
  ).apiToken.token;
  await apiFetch(worker.baseUrl, adminToken, "/api/v1/connections/zoom/account", { method: "PUT", body: APP });
  slackUrl = slack.webhookUrl("bad-vtt");
  await apiFetch(worker.baseUrl, adminToken, "/api/v1/org/slack", { method: "PUT", body: { webhookUrl: slackUrl } });
  await apiFetch(worker.baseUrl, adminToken, "/api/v1/accounts", {
    body: { name: CONTROL, domains: ["beatles.org"] },
    expectStatus: 201,
  });
  // One good conversation stored and analyzed before the bad ones arrive.
  zoom.setParticipants("good-meeting==", []);
  const good = transcriptEvent("good-meeting==", "good-file");
  zoom.addFile("good-file", { content: GOOD_VTT, downloadToken: good.downloadToken });
  expect((await deliverZoomEvent(worker.baseUrl, SECRET, good.event)).status).toBe(200);
  // Analyzed and its Slack recap posted: the good conversation's own pipeline has finished.
  await waitFor(
    "the good conversation to be analyzed and recapped",
    () =>
      sql<{ status: string; posted: number | null }>(
        "SELECT status, slack_recap_posted_at AS posted FROM conversations WHERE external_id = 'good-meeting=='",
      ),
    (rows) => rows[0]?.status === "analyzed" && rows[0]?.posted !== null,
  );
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await zoom?.close();
  await slack?.close();
});

describe("bad VTT files through the Zoom fetch path", () => {
  it("each is stored safely or fails with a reason; none is stuck; nothing stored before changes", async () => {
    const files: Array<{ name: string; content: string | Uint8Array }> = readdirSync(FIXTURES)
      .sort()
      .map((name) => ({ name, content: new Uint8Array(readFileSync(join(FIXTURES, name))) }));
    files.push(
      { name: "generated/binary.vtt", content: new Uint8Array(randomBytes(64 * 1024)) },
      {
        name: "generated/invalid-utf8.vtt",
        content: Buffer.concat([
          Buffer.from("WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nAndrew Knight: Caf"),
          Buffer.from([0xe9, 0xff, 0xfe, 0xc3, 0x28]),
          Buffer.from(" is fine\n"),
        ]),
      },
      {
        name: "generated/nul-bytes.vtt",
        content: "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nAndrew\u0000 Knight: nul\u0000 bytes\u0000 inside\n",
      },
      {
        name: "generated/single-cue-5mb.vtt",
        content: `WEBVTT\n\n1\n00:00:01.000 --> 01:00:00.000\nRingo Starr: ${"the price is too expensive and ".repeat(170_000)}\n`,
      },
      {
        name: "generated/over-20mb.vtt",
        content: `WEBVTT\n\n${"00:00:01.000 --> 00:00:02.000\nA: x\n\n".repeat(700_000)}`,
      },
    );
    const before = digestD1();
    const blobsBefore = r2Blobs();
    const delivered: Array<{ name: string; uuid: string }> = [];
    for (const [i, file] of files.entries()) {
      const uuid = `bad-${i}-meeting==`;
      const fileId = `bad-file-${i}`;
      const { event, downloadToken } = transcriptEvent(uuid, fileId);
      zoom.addFile(fileId, { content: file.content, downloadToken });
      zoom.setParticipants(uuid, []);
      const answer = await deliverZoomEvent(worker.baseUrl, SECRET, event);
      expect(answer.status, file.name).toBe(200);
      delivered.push({ name: file.name, uuid });
    }
    const topics = new Map(delivered.map((d, i) => [`Bad VTT bad-file-${i}`, d.name]));
    // Every bad file's event ends processed or failed (a transient failure would be retried until dead-lettered).
    const settled = await waitFor(
      "every bad VTT event to settle",
      events,
      (list) => list.filter((e) => e.status === "processed" || e.status === "failed").length >= files.length + 1,
      90_000,
    );
    const conversations = sql<{ title: string; status: string; segments: number }>(
      "SELECT c.title, c.status, (SELECT count(*) FROM transcript_segments s WHERE s.conversation_id = c.id) AS segments FROM conversations c WHERE c.title LIKE 'Bad VTT %'",
    );
    const outcome = delivered.map((d, i) => {
      const conversation = conversations.find((c) => c.title === `Bad VTT bad-file-${i}`);
      return { file: d.name, conversation: conversation?.status ?? "none", segments: conversation?.segments ?? 0 };
    });
    console.log(
      `bad VTTs: ${files.length} files; ${outcome.map((o) => `${o.file}: ${o.conversation} (${o.segments} segments)`).join("; ")}; events ${JSON.stringify(
        statusCounts(settled),
      )}`,
    );
    expect(topics.size).toBe(files.length);
    const failed = settled.filter((e) => e.status === "failed");
    expect(failed.length).toBeGreaterThan(0);
    for (const e of failed) expect(e.reason, e.id).toMatch(/\w{3}/);
    // Stored ones keep their text as text (HTML and script are data, rendered inert by the clients).
    const html = sql<{ text: string; speaker: string | null }>(
      "SELECT s.text, s.speaker FROM transcript_segments s JOIN conversations c ON c.id = s.conversation_id WHERE c.title = 'Bad VTT bad-file-" +
        files.findIndex((f) => f.name === "html-and-script.vtt") +
        "'",
    );
    expect(html.map((r) => `${r.speaker ?? ""}: ${r.text}`).join("\n")).toContain(
      "<script>alert(document.cookie)</script>",
    );
    // The file over the cap is not stored.
    expect(outcome.find((o) => o.file === "generated/over-20mb.vtt")?.segments).toBe(0);
    expect((await fetch(`${worker.baseUrl}/healthz`)).status).toBe(200);

    const after = digestD1();
    const changed: string[] = [];
    for (const [table, rows] of before)
      for (const row of rows) if (!after.get(table)?.has(row)) changed.push(`${table}: ${row}`);
    expect(changed).toEqual([]);
    const blobsAfter = r2Blobs();
    for (const [file, content] of blobsBefore) expect(blobsAfter.get(file), file).toBe(content);
  }, 150_000);
});

describe("secrets scan of the local D1, R2 and queue state", () => {
  it("finds the control string but no secret or token the run used", async () => {
    // The download_token is dropped just after an event's status is written: wait for the last one.
    const archivedTokenCount = () =>
      downloadTokens.filter((t) => stateFiles().some((f) => f.includes("/r2/") && readFileSync(f).includes(t))).length;
    await waitFor("archived download tokens to be dropped", archivedTokenCount, (count) => count === 0, 30_000).catch(
      () => undefined, // asserted below, with the figure printed first
    );
    const files = stateFiles();
    const secrets: Record<string, Buffer[]> = {
      "webhook secret": [Buffer.from(SECRET)],
      "token encryption key": [Buffer.from(ENCRYPTION_KEY.toString("base64")), ENCRYPTION_KEY],
      "operator token": [Buffer.from(worker.operatorToken)],
      "admin API token": [Buffer.from(adminToken)],
      "member API token": [Buffer.from(memberToken)],
      "issued API token": [Buffer.from(extraToken)],
      "Zoom client secret": [Buffer.from(APP.clientSecret)],
      "Slack webhook URL": [Buffer.from(new URL(slackUrl).pathname)],
      ...Object.fromEntries(zoom.issuedTokens.map((t, i) => [`Zoom access token ${i + 1}`, [Buffer.from(t)]])),
    };
    const hits: string[] = [];
    let controlFound = 0;
    let bytes = 0;
    for (const file of files) {
      const content = readFileSync(file);
      bytes += content.length;
      if (content.includes(CONTROL)) controlFound++;
      for (const [what, forms] of Object.entries(secrets))
        if (forms.some((form) => content.includes(form)))
          hits.push(`${what} in ${file.slice(worker.persistDir.length)}`);
    }
    // The webhook's own download_token (a 24-hour bearer) stays in the archived body only while a job
    // may still download with it; every event here has ended (stored or failed), so none is left.
    const archivedDownloadTokens = archivedTokenCount();
    console.log(
      `secrets scan: ${Object.keys(secrets).length} secrets and tokens, ${files.length} files (${(bytes / 1e6).toFixed(1)} MB) of D1/R2/queue state, ${hits.length} plaintext hits; control found in ${controlFound} file(s); Zoom download tokens in archived webhook bodies: ${archivedDownloadTokens}/${downloadTokens.length}`,
    );
    expect(zoom.issuedTokens.length).toBeGreaterThan(0);
    expect(controlFound).toBeGreaterThan(0);
    expect(hits).toEqual([]);
    expect(downloadTokens.length).toBeGreaterThan(0);
    expect(archivedDownloadTokens).toBe(0);
  });
});
