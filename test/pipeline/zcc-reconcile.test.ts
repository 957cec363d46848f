import type { Connection } from "@sightline/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeZoom, startFakeZoom } from "../fakes/fake-zoom.ts";
import type { FakeZccEngagement } from "../fakes/fake-zoom-contact-center.ts";
import { apiFetch, createOrg } from "../support/api.ts";
import { queryLocalD1 } from "../support/local-d1.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { waitFor } from "../support/wait-for.ts";

/**
 * Nightly reconciliation of Zoom Contact Center: engagements whose webhooks never came are found
 * through `GET /contact_center/engagements` across page-token boundaries (pages of 2 here), within a
 * page budget per run (2), continued by the 15-minute run from the stored token; an expired token
 * is survived; recordings are listed by recording_end_time; a second night queues nothing new.
 */
const SECRET = "pipeline-zcc-reconcile";
const APP = {
  clientId: "zcc-r-client",
  clientSecret: "zcc-r-secret",
  accountId: "zcc-r-acc",
  scope: "contact_center:read:admin",
};
let zoom: FakeZoom;
let worker: LocalWorker;
let token: string;

const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z");

async function trigger(cron: string) {
  const res = await fetch(`${worker.baseUrl}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent(cron)}`);
  expect(res.status).toBe(200);
  await res.text();
}

const sql = <T>(command: string) => queryLocalD1<T>(worker, command);

beforeAll(async () => {
  zoom = await startFakeZoom([APP]);
  worker = await startLocalWorker({
    vars: {
      ZOOM_OAUTH_BASE: zoom.url,
      ZOOM_API_BASE: `${zoom.url}/v2`,
      ZOOM_WEBHOOK_SECRET_TOKEN: SECRET,
      ZOOM_RECONCILE_PAGES_PER_RUN: "2",
      INGEST_RETRY_BASE_SECONDS: "1",
    },
  });
  const org = await createOrg(worker.baseUrl, worker.operatorToken, {
    name: "Reconcile Support",
    domains: ["recsupport.test"],
    admin: { email: "admin@recsupport.test", name: "Admin" },
  });
  token = org.apiToken.token;
});
afterAll(async () => {
  await worker?.stop();
  await zoom?.close();
});

describe("Zoom Contact Center reconciliation", () => {
  it("finds engagements no webhook announced, across page tokens and an expired one", async () => {
    const cc = zoom.contactCenter;
    cc.setPageSize(2);
    for (let i = 1; i <= 5; i++) {
      const transcript = cc.addFile(`rt-${i}`, {
        contentType: "application/json",
        content: JSON.stringify([
          {
            role: "consumer",
            name: `Customer ${i}`,
            text: `Hello, I have a question about invoice number ${i}.`,
            ts: daysAgo(i),
          },
          { role: "agent", name: "Alex Agent", text: "Sure, I can help you with that invoice today.", ts: daysAgo(i) },
        ]),
      });
      const e: FakeZccEngagement = {
        engagement_id: `rec-eng-${i}`,
        start_time: daysAgo(i),
        channels: [{ channel: "messaging" }],
        consumers: [{ consumer_display_name: `Customer ${i}`, consumer_email: `c${i}@example.test` }],
        agents: [{ user_id: "a1", display_name: "Alex Agent" }],
        transcript_url: transcript,
        notes:
          i === 3 ? [{ note_id: "rn1", user_id: "a1", note: "Resent invoice", last_modified_time: daysAgo(3) }] : [],
        dispositions: i === 3 ? [{ disposition_id: "rd1", disposition_name: "Billing" }] : [],
      };
      cc.addEngagement(e);
    }
    // A voice recording whose engagement is in no list page of this window's engagements yet.
    const vtt = cc.addFile("rt-voice", {
      contentType: "text/vtt",
      content: "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nAlex Agent: Thanks for calling, how can I help?\n",
    });
    cc.addRecording({
      recording_id: "rec-1",
      engagement_id: "rec-eng-voice",
      transcript_url: vtt,
      recording_start_time: daysAgo(40),
      recording_end_time: daysAgo(2),
      channel: "voice",
    });
    cc.addEngagement({
      engagement_id: "rec-eng-voice",
      start_time: daysAgo(40),
      channels: [{ channel: "voice" }],
      consumers: [{ consumer_number: "+44 20 7946 0958" }],
      agents: [{ user_id: "a1", display_name: "Alex Agent" }],
      transcript_url: vtt,
    });

    await apiFetch<Connection>(worker.baseUrl, token, "/api/v1/connections/zoom-contact-center/account", {
      method: "PUT",
      body: { accountId: APP.accountId, clientId: APP.clientId, clientSecret: APP.clientSecret },
    });

    // The nightly run reads 2 pages (4 engagements) and stops with the next page's token stored.
    await trigger("15 3 * * *");
    const [stopped] = await waitFor(
      "the nightly run's stored progress",
      () =>
        sql<{ t: string | null; pending: number }>(
          "SELECT reconcile_page_token AS t, reconcile_pending AS pending FROM connections",
        ),
      (rows) => rows[0]?.pending === 1 && /^e:.+/.test(rows[0]?.t ?? ""),
    );
    expect(stopped?.t).toMatch(/^e:/);
    expect(cc.engagementListQueries).toHaveLength(2);
    expect(cc.engagementListQueries[1]?.next_page_token).toBeTruthy();

    // Longer than 15 minutes pass: the stored token has expired. The 15-minute runs survive it.
    cc.expirePageTokens();
    for (let run = 0; run < 8; run++) {
      const [row] = await sql<{ pending: number }>("SELECT reconcile_pending AS pending FROM connections");
      if (row?.pending === 0) break;
      await trigger("*/15 * * * *");
    }
    expect(cc.refusedPageTokens.length).toBeGreaterThanOrEqual(1);
    const [done] = await sql<{ pending: number; cursor: string | null; err: string | null }>(
      "SELECT reconcile_pending AS pending, sync_cursor AS cursor, last_error AS err FROM connections",
    );
    expect(done).toMatchObject({ pending: 0, err: null });
    // The Contact Center card reads this: when it last synced and how far it has listed.
    const { connections } = await apiFetch<{ connections: Connection[] }>(worker.baseUrl, token, "/api/v1/connections");
    expect(connections.find((c) => c.provider === "zoom_contact_center")?.reconciliation).toEqual({
      lastSyncAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      listedThrough: done?.cursor,
      running: false,
    });
    expect(cc.recordingListQueries.length).toBeGreaterThan(0);
    expect(cc.recordingListQueries.every((q) => q.query_date_type === "recording_end_time")).toBe(true);

    const rows = await waitFor(
      "six reconciled engagements stored",
      () =>
        sql<{ external_id: string; source: string; status: string }>(
          "SELECT external_id, source, status FROM conversations ORDER BY external_id",
        ),
      (r) => r.length === 6 && r.every((c) => c.status === "analyzed"),
      60_000,
    );
    expect(rows.map((r) => [r.external_id, r.source])).toEqual([
      ["rec-eng-1", "zcc_messaging"],
      ["rec-eng-2", "zcc_messaging"],
      ["rec-eng-3", "zcc_messaging"],
      ["rec-eng-4", "zcc_messaging"],
      ["rec-eng-5", "zcc_messaging"],
      ["rec-eng-voice", "zcc_voice"],
    ]);
    expect(await sql("SELECT note_id FROM zcc_notes WHERE engagement_id = 'rec-eng-3'")).toHaveLength(1);
    expect(await sql("SELECT disposition_id FROM zcc_dispositions WHERE engagement_id = 'rec-eng-3'")).toHaveLength(1);

    // A second night lists again and queues nothing: everything is stored.
    const readsBefore = cc.engagementReads.length;
    await trigger("15 3 * * *");
    for (let run = 0; run < 6; run++) {
      const [row] = await sql<{ pending: number }>("SELECT reconcile_pending AS pending FROM connections");
      if (row?.pending === 0) break;
      await trigger("*/15 * * * *");
    }
    await new Promise((r) => setTimeout(r, 2000));
    expect(cc.engagementReads.length).toBe(readsBefore);
    expect(await sql("SELECT id FROM conversations")).toHaveLength(6);
  }, 180_000);
});
