import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createTestOrg } from "../../../../test/api-client.ts";
import { importEncryptionKey, sealCredentials } from "../../../connections/token-crypto.ts";
import { newId } from "../../../platform/ids.ts";
import { createServices, type Services } from "../../../platform/services.ts";
import type { IngestJob } from "../../../queue/jobs.ts";
import {
  MAX_PAGES_PER_CONNECTION,
  reconcileWindows,
  reconcileZoomConnection,
  reconcileZoomRecordings,
  transcriptCandidates,
} from "./reconcile-recordings.ts";

const NOW = new Date("2026-03-15T03:15:00Z");

const transcriptFile = (id: string, status = "completed") => ({
  id,
  file_type: "TRANSCRIPT",
  file_extension: "VTT",
  download_url: `https://zoom.example/rec/download/${id}`,
  recording_type: "audio_transcript",
  status,
});
const meeting = (uuid: string, files: unknown[]) => ({
  uuid,
  id: 123,
  host_email: "host@ourco.com",
  topic: `Meeting ${uuid}`,
  start_time: "2026-03-10T10:00:00Z",
  duration: 30,
  recording_files: files,
});

describe("reconcileWindows", () => {
  it("looks 30 days back the first time (or when the cursor is unreadable), in one window", () => {
    expect(reconcileWindows(null, NOW)).toEqual([{ from: "2026-02-13", to: "2026-03-15" }]);
    expect(reconcileWindows("yesterday", NOW)).toEqual([{ from: "2026-02-13", to: "2026-03-15" }]);
  });

  it("starts two days before the cursor, and splits long spans into windows of at most 30 days", () => {
    expect(reconcileWindows("2026-03-14", NOW)).toEqual([{ from: "2026-03-12", to: "2026-03-15" }]);
    expect(reconcileWindows("2026-01-01", NOW)).toEqual([
      { from: "2025-12-30", to: "2026-01-29" },
      { from: "2026-01-30", to: "2026-03-01" },
      { from: "2026-03-02", to: "2026-03-15" },
    ]);
    expect(reconcileWindows("2026-04-01", NOW)).toEqual([{ from: "2026-03-15", to: "2026-03-15" }]);
  });
});

describe("transcriptCandidates", () => {
  it("keeps meetings with a completed VTT transcript and skips the rest", () => {
    const found = transcriptCandidates([
      meeting("with-transcript", [{ id: "v", file_type: "MP4", download_url: "https://z/v" }, transcriptFile("t1")]),
      meeting("processing", [transcriptFile("t2", "processing")]),
      meeting("captions-only", [{ ...transcriptFile("t3"), file_type: "CC" }]),
      meeting("video-only", [{ id: "v2", file_type: "MP4", download_url: "https://z/v2" }]),
      { topic: "no uuid", recording_files: [transcriptFile("t4")] },
      "garbage",
    ]);
    expect(found.map((c) => [c.meeting.uuid, c.fileId])).toEqual([["with-transcript", "t1"]]);
  });
});

async function addConnection(organizationId: string, zoomAccountId: string, accessToken: string) {
  const key = await importEncryptionKey(env.TOKEN_ENCRYPTION_KEY);
  const sealed = await sealCredentials(key, organizationId, "zoom", {
    clientId: "c",
    clientSecret: "s",
    accessToken,
    accessTokenExpiresAt: Date.now() + 3_600_000,
  });
  const id = newId("conn");
  await env.DB.prepare(
    "INSERT INTO connections (id, organization_id, provider, scope, external_account_id, status, credentials_ciphertext, credentials_iv, key_version, created_at, updated_at) VALUES (?, ?, 'zoom', 'account', ?, 'active', ?, ?, ?, 1, 1)",
  )
    .bind(id, organizationId, zoomAccountId, sealed.ciphertext, sealed.iv, sealed.keyVersion)
    .run();
  return id;
}

function testServices(): { services: Services; sent: IngestJob[] } {
  const sent: IngestJob[] = [];
  const services = {
    ...createServices(env, { test: "reconcile" }, { now: () => NOW }),
    ingestQueue: { send: async (job: IngestJob) => void sent.push(job) } as unknown as Queue<IngestJob>,
  };
  return { services, sent };
}

/** A stubbed Zoom recordings list: `pages[token]` answers the request carrying that token ("" first). */
function stubRecordings(byAccessToken: Record<string, Record<string, unknown> | number>) {
  const urls: URL[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    urls.push(url);
    const bearer = new Headers(init?.headers).get("authorization")?.replace("Bearer ", "") ?? "";
    const answer = byAccessToken[bearer];
    if (typeof answer === "number") return Response.json({ code: answer, message: "stub" }, { status: answer });
    const pages = (answer ?? {}) as Record<string, unknown>;
    const page = pages[url.searchParams.get("next_page_token") ?? ""] ?? { meetings: [] };
    return Response.json(page);
  });
  return urls;
}

afterEach(() => vi.restoreAllMocks());

describe("reconcileZoomConnection", () => {
  it("follows next_page_token, enqueues only what was never ingested, and never twice", async () => {
    const { org } = await createTestOrg();
    const connectionId = await addConnection(org.id, "acc-recon-1", "tok-1");
    await env.DB.prepare(
      "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, routing, status, created_at, updated_at) VALUES ('c_done', ?1, 'zoom_meeting', 'done==', 'Done', 1, 'unassigned', 'analyzed', 1, 1), ('c_wait', ?1, 'zoom_meeting', 'waiting==', 'Waiting', 1, 'unassigned', 'pending', 1, 1)",
    )
      .bind(org.id)
      .run();
    const urls = stubRecordings({
      "tok-1": {
        "": {
          next_page_token: "p2",
          meetings: [meeting("done==", [transcriptFile("f-done")]), meeting("new==", [transcriptFile("f-new")])],
        },
        p2: {
          next_page_token: "",
          meetings: [
            meeting("waiting==", [transcriptFile("f-wait")]),
            meeting("busy==", [transcriptFile("f-b", "processing")]),
          ],
        },
      },
    });
    const { services, sent } = testServices();
    const connection = { id: connectionId, organizationId: org.id, externalAccountId: "acc-recon-1", syncCursor: null };

    const first = await reconcileZoomConnection(services, connection);
    expect(first).toMatchObject({ pages: 2, listed: 4, queued: 2, skipped: 1, ignored: 0, cursor: "2026-03-15" });
    expect(urls.map((u) => [u.pathname, u.searchParams.get("from"), u.searchParams.get("next_page_token")])).toEqual([
      ["/v2/accounts/me/recordings", "2026-02-13", null],
      ["/v2/accounts/me/recordings", "2026-02-13", "p2"],
    ]);
    expect(urls[0]?.searchParams.get("query_date_type")).toBe("recording_end_time");
    expect(sent.map((j) => j.kind)).toEqual(["zoom_event", "zoom_event"]);

    const events = await env.DB.prepare(
      "SELECT dedupe_key, event_type, status, r2_key FROM webhook_events WHERE organization_id = ? ORDER BY dedupe_key",
    )
      .bind(org.id)
      .all<{ dedupe_key: string; event_type: string; status: string; r2_key: string }>();
    expect(events.results.map((e) => [e.dedupe_key, e.event_type, e.status])).toEqual([
      ["reconcile:new==:f-new", "recording.transcript_completed", "queued"],
      ["reconcile:waiting==:f-wait", "recording.transcript_completed", "queued"],
    ]);
    const body = (await (await env.BLOBS.get(events.results[0]?.r2_key ?? ""))?.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      event: "recording.transcript_completed",
      payload: { account_id: "acc-recon-1", object: { uuid: "new==" } },
    });
    expect(body).not.toHaveProperty("download_token");

    const again = await reconcileZoomConnection(services, { ...connection, syncCursor: "2026-03-15" });
    expect(again).toMatchObject({ queued: 0, skipped: 3, cursor: "2026-03-15" });
    expect(sent).toHaveLength(2);
  });

  it("fetches Zoom's transcript for meetings that have none (marked failed) or only Whisper's", async () => {
    const { org } = await createTestOrg();
    const connectionId = await addConnection(org.id, "acc-recon-3", "tok-3");
    await env.DB.prepare(
      "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, routing, status, transcript_key, created_at, updated_at) VALUES ('c_none', ?1, 'zoom_meeting', 'none==', 'A', 1, 'unassigned', 'failed', NULL, 1, 1), ('c_whisper', ?1, 'zoom_meeting', 'whisper==', 'B', 1, 'auto', 'analyzed', 'orgs/o/transcripts/zoom/whisper%3D%3D/whisper-a1.json', 1, 1), ('c_zoom', ?1, 'zoom_meeting', 'zoom==', 'C', 1, 'auto', 'analyzed', 'orgs/o/transcripts/zoom/zoom%3D%3D/t3.vtt', 1, 1)",
    )
      .bind(org.id)
      .run();
    stubRecordings({
      "tok-3": {
        "": {
          meetings: [
            meeting("none==", [transcriptFile("t1")]),
            meeting("whisper==", [transcriptFile("t2")]),
            meeting("zoom==", [transcriptFile("t3")]),
          ],
        },
      },
    });
    const { services, sent } = testServices();
    const outcome = await reconcileZoomConnection(services, {
      id: connectionId,
      organizationId: org.id,
      externalAccountId: "acc-recon-3",
      syncCursor: null,
    });
    expect(outcome).toMatchObject({ queued: 2, skipped: 1 });
    expect(sent).toHaveLength(2);
  });

  it("stops at the page bound without advancing the cursor", async () => {
    const { org } = await createTestOrg();
    const connectionId = await addConnection(org.id, "acc-recon-2", "tok-2");
    // Zoom keeps answering a next page.
    stubRecordings({
      "tok-2": { "": { next_page_token: "again", meetings: [] }, again: { next_page_token: "again" } },
    });
    const { services } = testServices();
    const outcome = await reconcileZoomConnection(services, {
      id: connectionId,
      organizationId: org.id,
      externalAccountId: "acc-recon-2",
      syncCursor: "2026-03-10",
    });
    expect(outcome).toMatchObject({ pages: MAX_PAGES_PER_CONNECTION, cursor: null });
  });
});

describe("reconcileZoomConnection across organizations", () => {
  const disconnect = (connectionId: string) =>
    env.DB.prepare("UPDATE connections SET status = 'disconnected' WHERE id = ?").bind(connectionId).run();
  const eventsOf = (organizationId: string) =>
    env.DB.prepare("SELECT dedupe_key, status FROM webhook_events WHERE organization_id = ? ORDER BY dedupe_key")
      .bind(organizationId)
      .all<{ dedupe_key: string; status: string }>();

  it("ingests into the connection's own organization, even when the account changed hands during the run", async () => {
    const first = await createTestOrg();
    const next = await createTestOrg();
    const firstId = await addConnection(first.org.id, "acc-recon-moves", "tok-first");
    let nextId = "";
    // While Zoom answers the first organization's list, it disconnects and another connects the account.
    vi.spyOn(globalThis, "fetch").mockImplementation(async () => {
      await disconnect(firstId);
      nextId = await addConnection(next.org.id, "acc-recon-moves", "tok-next");
      return Response.json({ meetings: [meeting("moves==", [transcriptFile("f-moves")])] });
    });
    const { services, sent } = testServices();
    const outcome = await reconcileZoomConnection(services, {
      id: firstId,
      organizationId: first.org.id,
      externalAccountId: "acc-recon-moves",
      syncCursor: null,
    });
    expect(nextId).not.toBe("");
    expect(outcome).toMatchObject({ queued: 1 });
    expect(sent.map((j) => j.organizationId)).toEqual([first.org.id]);
    expect((await eventsOf(first.org.id)).results).toEqual([
      { dedupe_key: "reconcile:moves==:f-moves", status: "queued" },
    ]);
    expect((await eventsOf(next.org.id)).results).toEqual([]);
  });

  it("deduplicates per organization: the account's next owner reconciles a meeting its previous owner had", async () => {
    const first = await createTestOrg();
    const next = await createTestOrg();
    const firstId = await addConnection(first.org.id, "acc-recon-next", "tok-first-2");
    const listed = { meetings: [meeting("shared==", [transcriptFile("f-shared")])] };
    stubRecordings({ "tok-first-2": { "": listed }, "tok-next-2": { "": listed } });
    const { services, sent } = testServices();
    const run = (id: string, organizationId: string) =>
      reconcileZoomConnection(services, { id, organizationId, externalAccountId: "acc-recon-next", syncCursor: null });

    expect(await run(firstId, first.org.id)).toMatchObject({ queued: 1, skipped: 0 });
    await disconnect(firstId);
    const nextId = await addConnection(next.org.id, "acc-recon-next", "tok-next-2");
    expect(await run(nextId, next.org.id)).toMatchObject({ queued: 1, skipped: 0 });
    expect(await run(nextId, next.org.id)).toMatchObject({ queued: 0, skipped: 1 });
    expect(sent.map((j) => j.organizationId)).toEqual([first.org.id, next.org.id]);
    expect((await eventsOf(next.org.id)).results).toEqual([
      { dedupe_key: "reconcile:shared==:f-shared", status: "queued" },
    ]);
  });
});

describe("reconcileZoomRecordings", () => {
  it("keeps going when one connection fails: its error is recorded and its cursor kept", async () => {
    const ok = await createTestOrg();
    const bad = await createTestOrg();
    const okId = await addConnection(ok.org.id, "acc-recon-ok", "tok-ok");
    const badId = await addConnection(bad.org.id, "acc-recon-bad", "tok-bad");
    stubRecordings({ "tok-ok": { "": { meetings: [] } }, "tok-bad": 403 });
    const { services } = testServices();
    await expect(reconcileZoomRecordings(services)).rejects.toThrow(/failed for 1 of/);
    const rows = await env.DB.prepare("SELECT id, sync_cursor, last_error FROM connections WHERE id IN (?, ?)")
      .bind(okId, badId)
      .all<{ id: string; sync_cursor: string | null; last_error: string | null }>();
    const byId = Object.fromEntries(rows.results.map((r) => [r.id, r]));
    expect(byId[okId]).toMatchObject({ sync_cursor: "2026-03-15", last_error: null });
    expect(byId[badId]?.sync_cursor).toBeNull();
    expect(byId[badId]?.last_error).toMatch(/^reconciliation: recordings list: Zoom answered 403/);

    // Fixed: the next run clears the error it left.
    stubRecordings({ "tok-ok": { "": { meetings: [] } }, "tok-bad": { "": { meetings: [] } } });
    await reconcileZoomRecordings(services);
    const fixed = await env.DB.prepare("SELECT sync_cursor, last_error FROM connections WHERE id = ?")
      .bind(badId)
      .first();
    expect(fixed).toEqual({ sync_cursor: "2026-03-15", last_error: null });
  });
});
