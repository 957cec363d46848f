/// <reference types="chrome" />
import type { Connection } from "@sightline/shared";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { type FakeZoom, startFakeZoom } from "../fakes/fake-zoom.ts";
import { apiFetch, createOrg } from "../support/api.ts";
import { queryLocalD1 } from "../support/local-d1.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { waitFor } from "../support/wait-for.ts";
import { deliverZoomEvent } from "../support/zoom-webhook.ts";
import { type LoadedExtension, launchExtension } from "./support/launch-extension.ts";
import { screenshot } from "./support/screenshot.ts";

/**
 * The transcript viewer's recording: a Zoom Contact Center recording kept by an opted-in organization
 * (fake Zoom on 127.0.0.1, the real worker pipeline) plays in the viewer from its signed link on the
 * backend, and that link serves the kept bytes.
 */
const SECRET = "e2e-viewer-media";
const APP = {
  clientId: "vm-client",
  clientSecret: "vm-secret",
  accountId: "vm-acc",
  scope: "contact_center:read:admin",
};
let zoom: FakeZoom;
let worker: LocalWorker;
let extension: LoadedExtension;
let token = "";
let conversationId = "";
const audio = new Uint8Array(4096).map((_, i) => (i * 7) % 256);

beforeAll(async () => {
  zoom = await startFakeZoom([APP]);
  const [started, launched] = await Promise.allSettled([
    startLocalWorker({
      vars: {
        ZOOM_OAUTH_BASE: zoom.url,
        ZOOM_API_BASE: `${zoom.url}/v2`,
        ZOOM_WEBHOOK_SECRET_TOKEN: SECRET,
        INGEST_RETRY_BASE_SECONDS: "1",
      },
    }),
    launchExtension(),
  ]);
  if (started.status === "fulfilled") worker = started.value;
  if (launched.status === "fulfilled") extension = launched.value;
  for (const result of [launched, started]) if (result.status === "rejected") throw result.reason;

  const org = await createOrg(worker.baseUrl, worker.operatorToken, {
    name: "Viewer Media",
    domains: ["viewer-media.test"],
    admin: { email: "admin@viewer-media.test", name: "Admin VM" },
  });
  token = org.apiToken.token;
  await apiFetch<Connection>(worker.baseUrl, token, "/api/v1/connections/zoom-contact-center/account", {
    method: "PUT",
    body: { accountId: APP.accountId, clientId: APP.clientId, clientSecret: APP.clientSecret },
  });
  await apiFetch(worker.baseUrl, token, "/api/v1/org/media", { method: "PUT", body: { keepMedia: true } });

  const cc = zoom.contactCenter;
  const start = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  const recordingUrl = cc.addFile("vm-audio-1", { content: audio, contentType: "audio/mp4" });
  const transcriptUrl = cc.addFile("vm-vtt-1", {
    contentType: "text/vtt",
    content: "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nAlex Agent: Thanks for calling, how can I help?\n",
  });
  cc.addEngagement({
    engagement_id: "vm-eng-1",
    start_time: start,
    channels: [{ channel: "voice" }],
    consumers: [{ consumer_number: "+1 212 555 0100" }],
    agents: [{ user_id: "a1", display_name: "Alex Agent" }],
    transcript_url: transcriptUrl,
  });
  cc.addRecording({
    recording_id: "vm-rec-1",
    engagement_id: "vm-eng-1",
    download_url: recordingUrl,
    recording_start_time: start,
    recording_end_time: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
    channel: "voice",
  });
  await deliverZoomEvent(worker.baseUrl, SECRET, {
    event: "contact_center.recording_completed",
    event_ts: 1,
    payload: { account_id: APP.accountId, object: { engagement_id: "vm-eng-1", recording_id: "vm-rec-1" } },
  });
  const [media] = await waitFor(
    "the recording kept",
    () => queryLocalD1<{ conversation_id: string }>(worker, "SELECT conversation_id FROM media_files"),
    (rows) => rows.length === 1,
  );
  conversationId = String(media?.conversation_id);

  const popup = await extension.context.newPage();
  await popup.goto(`chrome-extension://${extension.extensionId}/popup.html`);
  await popup.getByLabel("Backend URL").fill(worker.baseUrl);
  await popup.getByLabel("API token").fill(token);
  await popup.getByRole("button", { name: "Sign in" }).click();
  await popup.getByRole("button", { name: "Sign out" }).waitFor({ timeout: 10_000 });
  await popup.close();
});

afterAll(async () => {
  await Promise.allSettled([extension?.close(), worker?.stop(), zoom?.close()]);
});

describe("transcript viewer: kept recording", () => {
  it("plays the recording from its signed link on the backend", async () => {
    const page = await extension.context.newPage();
    page.setDefaultTimeout(10_000);
    onTestFailed(async () => {
      await screenshot(page, "viewer-media-failed");
    });
    await page.goto(`chrome-extension://${extension.extensionId}/transcript.html?conversationId=${conversationId}`);
    const player = page.getByRole("region", { name: "Recording" }).getByLabel("Recording");
    await player.waitFor();
    const src = (await player.getAttribute("src")) ?? "";
    expect(src.startsWith(`${worker.baseUrl}/media/`)).toBe(true);
    expect(await player.evaluate((el) => el.tagName)).toBe("AUDIO");
    // The link the page plays serves the kept bytes.
    const served = await page.evaluate(async (url) => {
      const res = await fetch(url);
      return { status: res.status, type: res.headers.get("content-type"), size: (await res.arrayBuffer()).byteLength };
    }, src);
    expect(served).toEqual({ status: 200, type: "audio/mp4", size: audio.length });
    await screenshot(page, "viewer-media");
    await page.close();
  });
});
