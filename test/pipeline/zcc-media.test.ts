import type { Connection, ConversationMediaList } from "@sightline/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeZoom, startFakeZoom } from "../fakes/fake-zoom.ts";
import { apiFetch, createOrg } from "../support/api.ts";
import { queryLocalD1 } from "../support/local-d1.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { waitFor } from "../support/wait-for.ts";
import { deliverZoomEvent } from "../support/zoom-webhook.ts";

/**
 * keepMedia: a Contact Center recording is kept in R2 only when the organization opted in, and
 * reaches users only through a signed link the Worker serves (`GET /media/{token}`, 3 seconds here):
 * it works in time, fails once expired, and cannot be had or altered from another organization.
 */
const SECRET = "pipeline-zcc-media";
const APP = {
  clientId: "zcc-m-client",
  clientSecret: "zcc-m-secret",
  accountId: "zcc-m-acc",
  scope: "contact_center:read:admin",
};
let zoom: FakeZoom;
let worker: LocalWorker;

beforeAll(async () => {
  zoom = await startFakeZoom([APP]);
  worker = await startLocalWorker({
    vars: {
      ZOOM_OAUTH_BASE: zoom.url,
      ZOOM_API_BASE: `${zoom.url}/v2`,
      ZOOM_WEBHOOK_SECRET_TOKEN: SECRET,
      INGEST_RETRY_BASE_SECONDS: "1",
      MEDIA_LINK_SECONDS: "3",
    },
  });
});
afterAll(async () => {
  await worker?.stop();
  await zoom?.close();
});

describe("Zoom Contact Center recordings (keepMedia)", () => {
  it("keeps an opted-in recording and serves it only through short-lived, organization-bound links", async () => {
    const orgA = await createOrg(worker.baseUrl, worker.operatorToken, {
      name: "Media A",
      domains: ["media-a.test"],
      admin: { email: "admin@media-a.test", name: "Admin A" },
    });
    const orgB = await createOrg(worker.baseUrl, worker.operatorToken, {
      name: "Media B",
      domains: ["media-b.test"],
      admin: { email: "admin@media-b.test", name: "Admin B" },
    });
    const a = orgA.apiToken.token;
    const b = orgB.apiToken.token;
    await apiFetch<Connection>(worker.baseUrl, a, "/api/v1/connections/zoom-contact-center/account", {
      method: "PUT",
      body: { accountId: APP.accountId, clientId: APP.clientId, clientSecret: APP.clientSecret },
    });
    // Another organization cannot take the same Zoom account.
    await apiFetch(worker.baseUrl, b, "/api/v1/connections/zoom-contact-center/account", {
      method: "PUT",
      body: { accountId: APP.accountId, clientId: APP.clientId, clientSecret: APP.clientSecret },
      expectStatus: 409,
    });

    const audio = new Uint8Array(4096).map((_, i) => (i * 7) % 256);
    const cc = zoom.contactCenter;
    const start = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const recordingUrl = cc.addFile("rec-audio-1", { content: audio, contentType: "audio/mp4" });
    const transcriptUrl = cc.addFile("rec-vtt-1", {
      contentType: "text/vtt",
      content: "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nAlex Agent: Thanks for calling, how can I help?\n",
    });
    cc.addEngagement({
      engagement_id: "media-eng-1",
      start_time: start,
      channels: [{ channel: "voice" }],
      consumers: [{ consumer_number: "+1 212 555 0100" }],
      agents: [{ user_id: "a1", display_name: "Alex Agent" }],
      transcript_url: transcriptUrl,
    });
    cc.addRecording({
      recording_id: "rec-1",
      engagement_id: "media-eng-1",
      download_url: recordingUrl,
      recording_start_time: start,
      recording_end_time: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
      channel: "voice",
    });
    const recordingCompleted = (ts: number) => ({
      event: "contact_center.recording_completed",
      event_ts: ts,
      payload: { account_id: APP.accountId, object: { engagement_id: "media-eng-1", recording_id: "rec-1" } },
    });

    // Not opted in: the recording is not kept.
    expect((await deliverZoomEvent(worker.baseUrl, SECRET, recordingCompleted(1))).json.status).toBe("queued");
    await waitFor(
      "the first recording event processed",
      () =>
        queryLocalD1<{ status: string }>(
          worker,
          "SELECT status FROM webhook_events WHERE event_type = 'contact_center.recording_completed'",
        ),
      (rows) => rows[0]?.status === "processed",
    );
    expect(await queryLocalD1(worker, "SELECT id FROM media_files")).toHaveLength(0);
    expect(cc.fileRequests.filter((r) => r.fileId === "rec-audio-1")).toHaveLength(0);

    await apiFetch(worker.baseUrl, a, "/api/v1/org/media", { method: "PUT", body: { keepMedia: true } });
    expect((await deliverZoomEvent(worker.baseUrl, SECRET, recordingCompleted(2))).json.status).toBe("queued");
    const [media] = await waitFor(
      "the recording kept",
      () =>
        queryLocalD1<{ conversation_id: string; r2_key: string }>(
          worker,
          "SELECT conversation_id, r2_key FROM media_files",
        ),
      (rows) => rows.length === 1,
    );
    const conversationId = String(media?.conversation_id);

    const list = await apiFetch<ConversationMediaList>(
      worker.baseUrl,
      a,
      `/api/v1/conversations/${conversationId}/media`,
    );
    expect(list.media).toHaveLength(1);
    const link = list.media[0]?.url ?? "";
    expect(link).toMatch(/^\/media\/[\w-]+\.[\w-]+$/);
    expect(link).not.toContain(zoom.url);
    const fetched = await fetch(`${worker.baseUrl}${link}`);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get("content-type")).toBe("audio/mp4");
    expect(new Uint8Array(await fetched.arrayBuffer())).toEqual(audio);

    // Another organization gets no link to it, and cannot rewrite one into its own.
    await apiFetch(worker.baseUrl, b, `/api/v1/conversations/${conversationId}/media`, { expectStatus: 404 });
    const [payload, signature] = link.slice("/media/".length).split(".");
    const claim = JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8")) as { o: string };
    const forged = Buffer.from(JSON.stringify({ ...claim, o: orgB.org.id })).toString("base64url");
    expect((await fetch(`${worker.baseUrl}/media/${forged}.${signature}`)).status).toBe(403);

    // After MEDIA_LINK_SECONDS the link no longer works.
    await new Promise((r) => setTimeout(r, 3500));
    const expired = await fetch(`${worker.baseUrl}${link}`);
    expect(expired.status).toBe(403);
    expect(((await expired.json()) as { error: { message: string } }).error.message).toContain("expired");
  }, 120_000);
});
