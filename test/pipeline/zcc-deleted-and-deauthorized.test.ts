import type { Connection, Deletion } from "@sightline/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeZoom, startFakeZoom } from "../fakes/fake-zoom.ts";
import type { FakeZccEngagement } from "../fakes/fake-zoom-contact-center.ts";
import { apiFetch, createOrg } from "../support/api.ts";
import { queryLocalD1 } from "../support/local-d1.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { waitFor } from "../support/wait-for.ts";
import { deliverZoomEvent, signZoomBody } from "../support/zoom-webhook.ts";

/**
 * Two ends of a Contact Center engagement's life, against the fake Contact Center API:
 * - an engagement an admin deleted stays deleted: a later webhook's job, a Flow post naming it and
 *   the nightly reconciliation all skip it cleanly (event ignored with the reason, no failed job, no
 *   read of it at Zoom), where before the job failed on the tombstone trigger and was retried;
 * - Zoom's signed `app_deauthorized` for the Contact Center app disconnects the connection
 *   (credentials deleted, history kept); another app's deauthorization, or a forged one, does not.
 */
const SECRET = "pipeline-zcc-deleted";
const APP = {
  clientId: "zcc-del-client",
  clientSecret: "zcc-del-secret",
  accountId: "zcc-del-acc",
  scope: "contact_center:read:admin",
};
let zoom: FakeZoom;
let worker: LocalWorker;
let token: string;
let organizationId: string;

type Row = Record<string, string | number | null>;
const sql = <T = Row>(command: string) => queryLocalD1<T>(worker, command);
const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z");
let ts = Date.now();
const ccEvent = (event: string, object: Record<string, unknown>) => ({
  event: `contact_center.${event}`,
  event_ts: ts++,
  payload: { account_id: APP.accountId, object },
});
const deliver = (event: unknown) => deliverZoomEvent(worker.baseUrl, SECRET, event);

async function trigger(cron: string) {
  const res = await fetch(`${worker.baseUrl}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent(cron)}`);
  expect(res.status).toBe(200);
  await res.text();
}

function engagement(id: string, startedDaysAgo: number, transcriptUrl: string): FakeZccEngagement {
  return {
    engagement_id: id,
    start_time: daysAgo(startedDaysAgo),
    channels: [{ channel: "voice" }],
    consumers: [{ consumer_display_name: "Dana Customer", consumer_number: "+1 415 555 0132" }],
    agents: [{ user_id: "a1", display_name: "Alex Agent" }],
    transcript_url: transcriptUrl,
  };
}

const VTT = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:05.000\nAlex Agent: Thanks for calling, how can I help you today?\n";

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
    name: "Deleted Support",
    domains: ["delsupport.test"],
    admin: { email: "admin@delsupport.test", name: "Admin" },
  });
  token = org.apiToken.token;
  organizationId = org.org.id;
  const cc = zoom.contactCenter;
  cc.addEngagement(engagement("eng-deleted", 3, cc.addFile("t-deleted", { contentType: "text/vtt", content: VTT })));
  cc.addEngagement(engagement("eng-kept", 0.05, cc.addFile("t-kept", { contentType: "text/vtt", content: VTT })));
  await apiFetch<Connection>(worker.baseUrl, token, "/api/v1/connections/zoom-contact-center/account", {
    method: "PUT",
    body: { accountId: APP.accountId, clientId: APP.clientId, clientSecret: APP.clientSecret },
  });
  for (const id of ["eng-deleted", "eng-kept"])
    await deliver(ccEvent("recording_transcript_completed", { engagement_id: id }));
  await waitFor(
    "both engagements analyzed",
    () => sql<{ status: string }>("SELECT status FROM conversations WHERE source LIKE 'zcc_%'"),
    (rows) => rows.length === 2 && rows.every((r) => r.status === "analyzed"),
    60_000,
  );
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await zoom?.close();
});

describe("a deleted Contact Center engagement", () => {
  it("stays deleted: a later event's job, a Flow post and reconciliation skip it cleanly", async () => {
    const deletion = await apiFetch<Deletion>(worker.baseUrl, token, "/api/v1/deletions", {
      body: { scope: "all", from: daysAgo(4), to: daysAgo(2) },
      expectStatus: 202,
    });
    await waitFor(
      "the deletion",
      () => apiFetch<Deletion>(worker.baseUrl, token, `/api/v1/deletions/${deletion.id}`),
      (d) => d.status === "done",
    );
    expect(await sql("SELECT external_id FROM conversations WHERE source LIKE 'zcc_%'")).toEqual([
      { external_id: "eng-kept" },
    ]);
    const readsBefore = zoom.contactCenter.engagementReads.length;

    // A note added afterwards: the event is archived and queued; its job skips the engagement.
    const note = await deliver(
      ccEvent("engagement_note_added", { engagement_id: "eng-deleted", note_id: "n-late", note: "Called back" }),
    );
    expect(note.json.status).toBe("queued");
    const [event] = await waitFor(
      "the late event's job",
      () =>
        sql<{ status: string; reason: string | null }>(
          "SELECT status, reason FROM webhook_events WHERE event_type = 'contact_center.engagement_note_added' AND subject_id = 'eng-deleted'",
        ),
      (rows) => rows[0]?.status === "ignored",
    );
    expect(event?.reason).toBe("the engagement's conversation was deleted by an admin");

    // A Flow event script's post naming the engagement is skipped the same way.
    const created = await apiFetch<{ key: string }>(worker.baseUrl, token, "/api/v1/org/zcc-flow-key", {
      method: "POST",
      expectStatus: 201,
    });
    const flow = await fetch(`${worker.baseUrl}/webhooks/zoom-contact-center/flow`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${created.key}` },
      body: JSON.stringify({ disposition: "Resolved", engagement_id: "eng-deleted" }),
    });
    expect(flow.status).toBe(200);
    await waitFor(
      "the Flow post's job",
      () =>
        sql<{ status: string; reason: string | null }>(
          "SELECT status, reason FROM webhook_events WHERE event_type = 'flow_event_script' AND subject_id = 'eng-deleted'",
        ),
      (rows) =>
        rows[0]?.status === "ignored" && rows[0]?.reason === "the engagement's conversation was deleted by an admin",
    );

    // The nightly reconciliation lists it at Zoom and queues nothing for it.
    await trigger("15 3 * * *");
    await waitFor(
      "the reconciliation",
      () =>
        sql<{ pending: number; err: string | null }>(
          "SELECT reconcile_pending AS pending, last_error AS err FROM connections WHERE provider = 'zoom_contact_center'",
        ),
      (rows) => rows[0]?.pending === 0,
    );
    expect(zoom.contactCenter.engagementListQueries.length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 2000));
    expect(zoom.contactCenter.engagementReads.slice(readsBefore)).toEqual([]);

    expect(await sql("SELECT external_id FROM conversations WHERE source LIKE 'zcc_%'")).toEqual([
      { external_id: "eng-kept" },
    ]);
    expect(await sql("SELECT note_id FROM zcc_notes WHERE engagement_id = 'eng-deleted'")).toEqual([]);
    expect(await sql("SELECT disposition_id FROM zcc_dispositions WHERE engagement_id = 'eng-deleted'")).toEqual([]);
    expect(await sql("SELECT job_type, reason FROM failed_jobs")).toEqual([]);
  }, 120_000);
});

describe("app_deauthorized of the Contact Center app", () => {
  const deauthorized = (clientId: string) => ({
    event: "app_deauthorized",
    event_ts: ts++,
    payload: {
      account_id: APP.accountId,
      user_id: "zoom-admin-1",
      signature: "zoom-signature",
      deauthorization_time: new Date().toISOString(),
      client_id: clientId,
    },
  });
  const zccConnection = async () =>
    (
      await sql<{ status: string; credentials_ciphertext: string | null; last_error: string | null }>(
        `SELECT status, credentials_ciphertext, last_error FROM connections WHERE organization_id = '${organizationId}' AND provider = 'zoom_contact_center'`,
      )
    )[0];

  it("leaves the connection alone for another app's deauthorization, or a forged one", async () => {
    expect((await deliver(deauthorized("some-other-zoom-app"))).status).toBe(200);
    expect(await zccConnection()).toMatchObject({ status: "active", credentials_ciphertext: expect.any(String) });

    const body = JSON.stringify(deauthorized(APP.clientId));
    const forged = await fetch(`${worker.baseUrl}/webhooks/zoom`, {
      method: "POST",
      headers: { "content-type": "application/json", ...signZoomBody("not-the-secret", body) },
      body,
    });
    expect(forged.status).toBe(401);
    expect(await zccConnection()).toMatchObject({ status: "active", credentials_ciphertext: expect.any(String) });
  });

  it("disconnects it for the app it uses: credentials deleted, history kept, nothing more processed", async () => {
    expect((await deliver(deauthorized(APP.clientId))).status).toBe(200);
    expect(await zccConnection()).toEqual({
      status: "disconnected",
      credentials_ciphertext: null,
      last_error: "app_deauthorized by Zoom",
    });
    expect(await sql("SELECT external_id FROM conversations WHERE source LIKE 'zcc_%'")).toEqual([
      { external_id: "eng-kept" },
    ]);
    expect(
      await sql(`SELECT provider FROM provider_account_claims WHERE external_account_id = '${APP.accountId}'`),
    ).toEqual([]);
    const after = await deliver(ccEvent("engagement_ended", { engagement_id: "eng-after" }));
    expect(after.json.status).toBe("ignored");
  });
});
