import type { Connection } from "@sightline/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../scripts/cli/run-cli.ts";
import { runWrangler } from "../../scripts/lib/local-stack.ts";
import { type FakeZoom, startFakeZoom } from "../fakes/fake-zoom.ts";
import { apiFetch, createOrg } from "../support/api.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { deliverZoomEvent } from "../support/zoom-webhook.ts";

/**
 * An admin connects a Zoom account (Server-to-Server OAuth) against a fake Zoom, Zoom's webhooks for
 * that account are accepted exactly once, and disconnecting revokes the token at Zoom, deletes it
 * here and makes later webhooks archive-only.
 */
const SECRET = "pipeline-zoom-secret";
const APP = { clientId: "s2s-client", clientSecret: "s2s-secret-value", accountId: "zoom-acc-pipeline" };
let zoom: FakeZoom;
let worker: LocalWorker;

beforeAll(async () => {
  zoom = await startFakeZoom([APP]);
  worker = await startLocalWorker({
    vars: { ZOOM_OAUTH_BASE: zoom.url, ZOOM_API_BASE: `${zoom.url}/v2`, ZOOM_WEBHOOK_SECRET_TOKEN: SECRET },
  });
});
afterAll(async () => {
  await worker?.stop();
  await zoom?.close();
});

async function deliver(event: unknown) {
  return deliverZoomEvent(worker.baseUrl, SECRET, event);
}

const transcriptEvent = (uuid: string) => ({
  event: "recording.transcript_completed",
  event_ts: Date.now(),
  download_token: "dl-token",
  payload: { account_id: APP.accountId, object: { uuid, id: 123, host_id: "h1", topic: "Call", recording_files: [] } },
});

describe("Zoom account connection", () => {
  it("connects, accepts webhooks once, disconnects with a revoke, and then ignores webhooks", async () => {
    const org = await createOrg(worker.baseUrl, worker.operatorToken, {
      name: "Zoom Co",
      domains: ["zoomco.test"],
      admin: { email: "admin@zoomco.test", name: "Admin" },
    });
    const token = org.apiToken.token;

    // Before connecting, the account's events are archived, not processed.
    expect((await deliver(transcriptEvent("before-connect"))).json.status).toBe("ignored");

    const wrong = await fetch(`${worker.baseUrl}/api/v1/connections/zoom/account`, {
      method: "PUT",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ ...APP, clientSecret: "wrong" }),
    });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toContain("Zoom refused");

    zoom.failNext("/oauth/token", 503);
    const outage = await fetch(`${worker.baseUrl}/api/v1/connections/zoom/account`, {
      method: "PUT",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(APP),
    });
    expect(outage.status).toBe(503);

    const connected = await apiFetch<Connection>(worker.baseUrl, token, "/api/v1/connections/zoom/account", {
      method: "PUT",
      body: APP,
    });
    expect(connected).toMatchObject({
      provider: "zoom",
      scope: "account",
      status: "active",
      externalAccountId: APP.accountId,
    });
    expect(JSON.stringify(connected)).not.toContain(APP.clientSecret);
    expect(zoom.issuedTokens).toHaveLength(1);

    // At rest the secret and token are encrypted.
    const stored = await runWrangler(
      [
        "d1",
        "execute",
        "DB",
        "--local",
        "--persist-to",
        worker.persistDir,
        "--command",
        "SELECT credentials_ciphertext FROM connections",
        "--json",
      ],
      `${worker.persistDir}/..`,
      { quiet: true },
    );
    expect(stored).toContain("credentials_ciphertext");
    expect(stored).not.toContain(APP.clientSecret);
    expect(stored).not.toContain(zoom.issuedTokens[0]);

    // Zoom's retries resend the same body.
    const event = transcriptEvent("after-connect");
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await deliver(event)).json.status);
    expect(statuses.slice(1)).toEqual(["duplicate", "duplicate", "duplicate"]);
    expect(statuses[0]).toBe("queued");
    // The job fails (the event names no VTT) while connected: after a disconnect it would stop earlier,
    // on the connection, so it is awaited before disconnecting.
    let failed = await runCli(["failed-jobs"], { url: worker.baseUrl, token }, {}, fetch);
    for (let i = 0; i < 50 && !failed.stdout.includes("zoom_event"); i++) {
      await new Promise((r) => setTimeout(r, 200));
      failed = await runCli(["failed-jobs"], { url: worker.baseUrl, token }, {}, fetch);
    }
    expect(failed.stdout).toContain("no TRANSCRIPT (VTT) file");

    const disconnected = await apiFetch<Connection>(worker.baseUrl, token, `/api/v1/connections/${connected.id}`, {
      method: "DELETE",
    });
    expect(disconnected.status).toBe("disconnected");
    expect(zoom.revokedTokens).toEqual(zoom.issuedTokens);

    expect((await deliver(transcriptEvent("after-disconnect"))).json.status).toBe("ignored");

    // The admin sees the events matched to their organization (the ones before connecting and after
    // disconnecting belong to no organization), and the job that could not be fetched yet.
    const events = await runCli(["events"], { url: worker.baseUrl, token }, {}, fetch);
    expect(events.stdout.split("\n").filter((l) => l.includes("recording.transcript_completed"))).toHaveLength(1);
    const jobId = failed.stdout.split("\t")[0] ?? "";
    const replayed = await runCli(["replay-job"], { url: worker.baseUrl, token, id: jobId }, {}, fetch);
    expect(replayed.stdout).toContain(`Replayed ${jobId}`);
    const list = await apiFetch<{ connections: Connection[] }>(worker.baseUrl, token, "/api/v1/connections");
    expect(list.connections.map((c) => c.status)).toEqual(["disconnected"]);
  });
});
