import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeZoom, startFakeZoom } from "../fakes/fake-zoom.ts";
import { apiFetch, createOrg } from "../support/api.ts";
import { queryLocalD1 } from "../support/local-d1.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { waitFor } from "../support/wait-for.ts";
import { deliverZoomEvent } from "../support/zoom-webhook.ts";

/**
 * A webhook's download_url is only as trustworthy as the payload: a signed event can still name any
 * host (a compromised app, a replayed body with an edited URL cannot, but a bug upstream could).
 * Tokens go only to Zoom's hosts and the configured API base: a loopback listener that is not the
 * configured base must never see a request, and a redirect from Zoom to it is not followed.
 */
const SECRET = "pipeline-zoom-egress-secret";
const APP = { clientId: "s2s-egress", clientSecret: "s2s-egress-secret", accountId: "zoom-acc-egress" };
let zoom: FakeZoom;
let worker: LocalWorker;
let token: string;
let thief: Server;
let thiefUrl: string;
const stolen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];

function transcriptEvent(uuid: string, fileId: string, downloadUrl: string) {
  return {
    event: "recording.transcript_completed",
    event_ts: Date.now(),
    download_token: `dl-${fileId}`,
    payload: {
      account_id: APP.accountId,
      object: {
        uuid,
        id: 6840331991,
        host_id: "egress-host",
        topic: "Egress",
        start_time: new Date().toISOString(),
        duration: 30,
        recording_files: [
          {
            id: fileId,
            file_type: "TRANSCRIPT",
            file_extension: "VTT",
            download_url: downloadUrl,
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

const failedJobReason = (uuid: string) =>
  queryLocalD1<{ reason: string }>(
    worker,
    `SELECT reason FROM failed_jobs WHERE payload LIKE '%' || (SELECT id FROM webhook_events WHERE dedupe_key LIKE '%${uuid}%' LIMIT 1) || '%'`,
  );

beforeAll(async () => {
  thief = createServer((req, res) => {
    stolen.push({ url: req.url ?? "", headers: req.headers });
    res.writeHead(200, { "content-type": "text/vtt" });
    res.end("WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nMallory: thanks for the token\n");
  });
  await new Promise<void>((resolve) => thief.listen(0, "127.0.0.1", resolve));
  thiefUrl = `http://127.0.0.1:${(thief.address() as AddressInfo).port}`;
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
    name: "Egress Org",
    domains: ["egress.example"],
    admin: { email: "admin@egress.example", name: "Admin" },
  });
  token = org.apiToken.token;
  await apiFetch(worker.baseUrl, token, "/api/v1/connections/zoom/account", { method: "PUT", body: APP });
});
afterAll(async () => {
  await worker?.stop();
  await zoom?.close();
  await new Promise((resolve) => thief?.close(resolve));
});

describe("Zoom egress", () => {
  it("sends no request and no token to a download_url off Zoom's hosts: a failed job says why", async () => {
    const uuid = "egress-offhost-uuid==";
    const tokensBefore = zoom.issuedTokens.length;
    expect(await deliver(transcriptEvent(uuid, "f-offhost", `${thiefUrl}/rec/download/f-offhost`))).toBe("queued");
    const [failed] = await waitFor(
      "the job to fail",
      () => failedJobReason(uuid),
      (rows) => rows.length > 0,
    );
    expect(failed?.reason).toContain("not on a Zoom host");
    expect(stolen).toEqual([]);
    // Refused before any token was looked up: Zoom was not even asked for one.
    expect(zoom.issuedTokens.length).toBe(tokensBefore);
  });

  it("does not follow Zoom's redirect to another host", async () => {
    const uuid = "egress-redirect-uuid==";
    const url = zoom.addFile("f-redirect", {
      content: "unused",
      downloadToken: "dl-f-redirect",
      redirectTo: `${thiefUrl}/cdn/f-redirect`,
    });
    expect(await deliver(transcriptEvent(uuid, "f-redirect", url))).toBe("queued");
    const [failed] = await waitFor(
      "the job to fail",
      () => failedJobReason(uuid),
      (rows) => rows.length > 0,
    );
    expect(failed?.reason).toContain("redirected off its hosts");
    expect(stolen).toEqual([]);
    expect(zoom.requests.filter((r) => r.path === "/rec/download/f-redirect").length).toBeGreaterThan(0);
  });
});
