import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createTestOrg } from "../../../../test/api-client.ts";
import { importEncryptionKey, sealCredentials } from "../../../connections/token-crypto.ts";
import { newId } from "../../../platform/ids.ts";
import { createServices, type Services } from "../../../platform/services.ts";
import type { IngestJob } from "../../../queue/jobs.ts";
import {
  firstHalf,
  reconcileWindows,
  reconcileZoomConnection,
  remainingWindows,
  transcriptCandidates,
} from "./reconcile-recordings.ts";
import { continueZoomReconciliation, reconcileZoomRecordings } from "./reconcile-run.ts";

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

  it("continues an unfinished window from its page token, then the days after it, without the overlap", () => {
    const window = { from: "2026-01-10", to: "2026-02-09" };
    expect(remainingWindows({ cursor: "2026-01-12", window, pageToken: "p7" }, NOW)).toEqual([
      { window, pageToken: "p7" },
      { window: { from: "2026-02-10", to: "2026-03-12" }, pageToken: "" },
      { window: { from: "2026-03-13", to: "2026-03-15" }, pageToken: "" },
    ]);
    // Stopped in today's window: nothing after it.
    const today = { from: "2026-03-13", to: "2026-03-15" };
    expect(remainingWindows({ cursor: "2026-03-12", window: today, pageToken: null }, NOW)).toEqual([
      { window: today, pageToken: "" },
    ]);
    // No unfinished window: from the cursor, as always.
    expect(remainingWindows({ cursor: "2026-03-14", window: null, pageToken: null }, NOW)).toEqual([
      { window: { from: "2026-03-12", to: "2026-03-15" }, pageToken: "" },
    ]);
  });

  it("halves a window down to one day", () => {
    expect(firstHalf({ from: "2026-01-01", to: "2026-01-31" })).toEqual({ from: "2026-01-01", to: "2026-01-16" });
    expect(firstHalf({ from: "2026-01-01", to: "2026-01-02" })).toEqual({ from: "2026-01-01", to: "2026-01-01" });
    expect(firstHalf({ from: "2026-01-01", to: "2026-01-01" })).toEqual({ from: "2026-01-01", to: "2026-01-01" });
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

function testServices(vars: Record<string, string> = {}): { services: Services; sent: IngestJob[] } {
  const sent: IngestJob[] = [];
  const services = {
    ...createServices({ ...env, ...vars }, { test: "reconcile" }, { now: () => NOW }),
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

    const first = await reconcileZoomConnection(services, connection, { maxPages: 20 });
    expect(first).toMatchObject({
      pages: 2,
      listed: 4,
      queued: 2,
      skipped: 1,
      ignored: 0,
      progress: { cursor: "2026-03-15", window: null, pageToken: null },
      done: true,
    });
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

    const again = await reconcileZoomConnection(
      services,
      { ...connection, syncCursor: "2026-03-15" },
      { maxPages: 20 },
    );
    expect(again).toMatchObject({ queued: 0, skipped: 3, progress: { cursor: "2026-03-15" }, done: true });
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
    const outcome = await reconcileZoomConnection(
      services,
      {
        id: connectionId,
        organizationId: org.id,
        externalAccountId: "acc-recon-3",
        syncCursor: null,
      },
      { maxPages: 20 },
    );
    expect(outcome).toMatchObject({ queued: 2, skipped: 1 });
    expect(sent).toHaveLength(2);
  });

  it("stops at the page bound where it is, and the next turn goes on from the stored page token", async () => {
    const { org } = await createTestOrg();
    const connectionId = await addConnection(org.id, "acc-recon-2", "tok-2");
    const urls = stubRecordings({
      "tok-2": {
        "": { next_page_token: "p2", meetings: [meeting("r1==", [transcriptFile("f1")])] },
        p2: { next_page_token: "p3", meetings: [meeting("r2==", [transcriptFile("f2")])] },
        p3: { meetings: [meeting("r3==", [transcriptFile("f3")])] },
      },
    });
    const { services, sent } = testServices();
    const connection = { id: connectionId, organizationId: org.id, externalAccountId: "acc-recon-2" };
    const first = await reconcileZoomConnection(services, { ...connection, syncCursor: "2026-03-10" }, { maxPages: 2 });
    expect(first).toMatchObject({
      pages: 2,
      queued: 2,
      progress: { cursor: "2026-03-10", window: { from: "2026-03-08", to: "2026-03-15" }, pageToken: "p3" },
      done: false,
    });
    const second = await reconcileZoomConnection(
      services,
      { ...connection, syncCursor: "2026-03-10", window: first.progress.window, pageToken: first.progress.pageToken },
      { maxPages: 2 },
    );
    expect(second).toMatchObject({
      pages: 1,
      queued: 1,
      progress: { cursor: "2026-03-15", window: null, pageToken: null },
      done: true,
    });
    expect(urls.map((u) => u.searchParams.get("next_page_token"))).toEqual([null, "p2", "p3"]);
    expect(sent).toHaveLength(3);
  });

  it("lists the first half of the window again when Zoom refuses a stored page token", async () => {
    const { org } = await createTestOrg();
    const connectionId = await addConnection(org.id, "acc-recon-4", "tok-4");
    const urls: URL[] = [];
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      urls.push(url);
      if (url.searchParams.get("next_page_token") === "expired")
        return Response.json({ code: 300, message: "The next page token is invalid or expired." }, { status: 400 });
      return Response.json({ meetings: [] });
    });
    const { services } = testServices();
    const connection = {
      id: connectionId,
      organizationId: org.id,
      externalAccountId: "acc-recon-4",
      syncCursor: "2026-01-01",
    };
    const window = { from: "2026-01-30", to: "2026-03-01" };
    const refused = await reconcileZoomConnection(
      services,
      { ...connection, window, pageToken: "expired" },
      { maxPages: 5 },
    );
    expect(refused).toMatchObject({
      pages: 0,
      progress: { cursor: "2026-01-01", window: { from: "2026-01-30", to: "2026-02-14" }, pageToken: null },
      done: false,
    });
    const next = await reconcileZoomConnection(
      services,
      { ...connection, window: refused.progress.window, pageToken: null },
      { maxPages: 5 },
    );
    // The half from page one, then the days after it (the other half included) up to today.
    expect(next).toMatchObject({ pages: 2, progress: { cursor: "2026-03-15", window: null }, done: true });
    expect(urls.map((u) => [u.searchParams.get("from"), u.searchParams.get("to")])).toEqual([
      ["2026-01-30", "2026-03-01"],
      ["2026-01-30", "2026-02-14"],
      ["2026-02-15", "2026-03-15"],
    ]);
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
    const outcome = await reconcileZoomConnection(
      services,
      {
        id: firstId,
        organizationId: first.org.id,
        externalAccountId: "acc-recon-moves",
        syncCursor: null,
      },
      { maxPages: 20 },
    );
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
      reconcileZoomConnection(
        services,
        { id, organizationId, externalAccountId: "acc-recon-next", syncCursor: null },
        { maxPages: 20 },
      );

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
    const rows = await env.DB.prepare(
      "SELECT id, sync_cursor, last_error, last_sync_at FROM connections WHERE id IN (?, ?)",
    )
      .bind(okId, badId)
      .all<{ id: string; sync_cursor: string | null; last_error: string | null; last_sync_at: number | null }>();
    const byId = Object.fromEntries(rows.results.map((r) => [r.id, r]));
    // The card's "last sync" is the run's time for the one that listed, and nothing for the one that failed.
    expect(byId[okId]).toMatchObject({ sync_cursor: "2026-03-15", last_error: null, last_sync_at: NOW.getTime() });
    expect(byId[badId]?.sync_cursor).toBeNull();
    expect(byId[badId]?.last_sync_at).toBeNull();
    expect(byId[badId]?.last_error).toMatch(/^reconciliation: recordings list: Zoom answered 403/);

    // Fixed: the next run clears the error it left.
    stubRecordings({ "tok-ok": { "": { meetings: [] } }, "tok-bad": { "": { meetings: [] } } });
    await reconcileZoomRecordings(services);
    const fixed = await env.DB.prepare("SELECT sync_cursor, last_error, last_sync_at FROM connections WHERE id = ?")
      .bind(badId)
      .first();
    expect(fixed).toEqual({ sync_cursor: "2026-03-15", last_error: null, last_sync_at: NOW.getTime() });
  });
});

describe("reconciliation runs", () => {
  it("take turns by organization within the page budget, and a backlog goes on in the next run", async () => {
    const big = await createTestOrg();
    const small = await createTestOrg();
    const bigId = await addConnection(big.org.id, "acc-recon-big", "tok-big");
    const smallId = await addConnection(small.org.id, "acc-recon-small", "tok-small");
    // Only these two connections take part.
    await env.DB.prepare("UPDATE connections SET status = 'disconnected' WHERE id NOT IN (?, ?)")
      .bind(bigId, smallId)
      .run();
    // The big organization's backlog: ten pages of one meeting each.
    const bigPages: Record<string, unknown> = {};
    for (let i = 0; i < 10; i++)
      bigPages[i === 0 ? "" : `p${i}`] = {
        next_page_token: i < 9 ? `p${i + 1}` : "",
        meetings: [meeting(`big-${i}==`, [transcriptFile(`fb-${i}`)])],
      };
    stubRecordings({
      "tok-big": bigPages,
      "tok-small": { "": { meetings: [meeting("small==", [transcriptFile("fs")])] } },
    });
    const { services, sent } = testServices({ ZOOM_RECONCILE_PAGES_PER_RUN: "4" });
    const state = async (id: string) =>
      env.DB.prepare(
        "SELECT sync_cursor, reconcile_pending, reconcile_window_from, reconcile_window_to, reconcile_page_token FROM connections WHERE id = ?",
      )
        .bind(id)
        .first();
    const sentFor = (organizationId: string) => sent.filter((j) => j.organizationId === organizationId).length;

    await reconcileZoomRecordings(services);
    // Pages in turn: big, small (finished), big, big.
    expect(sentFor(small.org.id)).toBe(1);
    expect(sentFor(big.org.id)).toBe(3);
    expect(await state(smallId)).toEqual({
      sync_cursor: "2026-03-15",
      reconcile_pending: 0,
      reconcile_window_from: null,
      reconcile_window_to: null,
      reconcile_page_token: null,
    });
    expect(await state(bigId)).toEqual({
      sync_cursor: null,
      reconcile_pending: 1,
      reconcile_window_from: "2026-02-13",
      reconcile_window_to: "2026-03-15",
      reconcile_page_token: "p3",
    });

    await continueZoomReconciliation(services);
    expect(sentFor(big.org.id)).toBe(7);
    expect((await state(bigId))?.reconcile_page_token).toBe("p7");
    await continueZoomReconciliation(services);
    expect(await state(bigId)).toMatchObject({
      sync_cursor: "2026-03-15",
      reconcile_pending: 0,
      reconcile_page_token: null,
    });
    // Every meeting of the backlog enqueued once; nothing is pending, so a further run lists nothing.
    const keys = sent.map((j) => (j.kind === "zoom_event" ? j.webhookEventId : ""));
    expect(new Set(keys).size).toBe(11);
    expect(sent).toHaveLength(11);
    await continueZoomReconciliation(services);
    expect(sent).toHaveLength(11);
  });
});
