import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createAccount, createTestOrg } from "../../test/api-client.ts";
import worker from "../index.ts";
import { retryDelaySeconds } from "./consume-ingest-batch.ts";

/** Delivers a batch to the Worker's queue handler as the runtime would, and returns what it acked/retried. */
async function deliver(batch: MessageBatch<unknown>) {
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  return getQueueResult(batch, ctx);
}

const failedJobs = async () =>
  (await env.DB.prepare("SELECT job_type, reason, attempts FROM failed_jobs ORDER BY created_at").all()).results;

describe("ingest queue consumer", () => {
  it("runs a job: refreshes an account's last activity from its conversations", async () => {
    const { adminToken, org } = await createTestOrg();
    const account = await createAccount(adminToken, { name: "Busy" });
    await env.DB.prepare(
      "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, account_id, routing, status, created_at, updated_at) VALUES ('c_q1', ?1, 'gong_call', 'g1', 'A', 1000, ?2, 'auto', 'stored', 1, 1), ('c_q2', ?1, 'gong_call', 'g2', 'B', 7000, ?2, 'auto', 'stored', 1, 1)",
    )
      .bind(org.id, account.id)
      .run();
    const batch = createMessageBatch("sightline-ingest", [
      {
        id: "m1",
        timestamp: new Date(),
        attempts: 1,
        body: { kind: "refresh_account_activity", organizationId: org.id, accountId: account.id },
      },
    ]);
    const result = await deliver(batch);
    expect(result.explicitAcks).toEqual(["m1"]);
    const got = await call("GET", `/api/v1/accounts/${account.id}`, { token: adminToken });
    expect(got.json.lastActivityAt).toBe(new Date(7000).toISOString());
  });

  it("records a malformed job as failed and acknowledges it (retrying cannot fix it)", async () => {
    const before = (await failedJobs()).length;
    const batch = createMessageBatch("sightline-ingest", [
      { id: "bad", timestamp: new Date(), attempts: 1, body: { kind: "nope" } },
    ]);
    const result = await deliver(batch);
    expect(result.explicitAcks).toEqual(["bad"]);
    const rows = await failedJobs();
    expect(rows.length).toBe(before + 1);
    expect(rows.at(-1)).toMatchObject({ job_type: "nope", attempts: 1 });
    expect(String(rows.at(-1)?.reason)).toContain("malformed job");
  });

  it("keeps dead-lettered jobs as failed-job rows", async () => {
    const batch = createMessageBatch("sightline-ingest-dlq", [
      {
        id: "dead",
        timestamp: new Date(),
        attempts: 6,
        body: { kind: "refresh_account_activity", organizationId: "org_x", accountId: "a" },
      },
    ]);
    expect((await deliver(batch)).explicitAcks).toEqual(["dead"]);
    expect((await failedJobs()).at(-1)).toMatchObject({
      job_type: "refresh_account_activity",
      reason: "retries exhausted",
      attempts: 6,
    });
  });

  it("backs off exponentially, capped", () => {
    expect([1, 2, 3, 4, 10].map(retryDelaySeconds)).toEqual([30, 60, 120, 240, 900]);
  });
});

describe("zoom_event jobs", () => {
  it("marks a deauthorization processed, and keeps a transcript event without a transcript file as a failed job", async () => {
    const { org } = await createTestOrg();
    // Recording jobs run only while the organization's Zoom connection for the account is active.
    const zoomAccountId = `acc-${org.id}`;
    await env.DB.prepare(
      "INSERT INTO connections (id, organization_id, provider, scope, external_account_id, status, created_at, updated_at) VALUES (?, ?, 'zoom', 'account', ?, 'active', 1, 1)",
    )
      .bind(`conn_${org.id}`, org.id, zoomAccountId)
      .run();
    const put = async (id: string, event: string) => {
      const r2Key = `orgs/${org.id}/webhooks/zoom/test/${id}.json`;
      await env.BLOBS.put(
        r2Key,
        JSON.stringify({ event, event_ts: 1, payload: { account_id: zoomAccountId, object: { uuid: id } } }),
      );
      await env.DB.prepare(
        "INSERT INTO webhook_events (id, organization_id, provider, event_type, dedupe_key, r2_key, status, received_at) VALUES (?, ?, 'zoom', ?, ?, ?, 'queued', 1)",
      )
        .bind(id, org.id, event, `${event}:${id}`, r2Key)
        .run();
      return {
        id: `m-${id}`,
        timestamp: new Date(),
        attempts: 1,
        body: { kind: "zoom_event", organizationId: org.id, webhookEventId: id, r2Key },
      };
    };
    const batch = createMessageBatch("sightline-ingest", [
      await put("evt_deauth", "app_deauthorized"),
      await put("evt_rec", "recording.transcript_completed"),
    ]);
    expect((await deliver(batch)).explicitAcks.sort()).toEqual(["m-evt_deauth", "m-evt_rec"]);
    const statuses = await env.DB.prepare(
      "SELECT id, status FROM webhook_events WHERE id IN ('evt_deauth', 'evt_rec') ORDER BY id",
    ).all();
    expect(statuses.results).toEqual([
      { id: "evt_deauth", status: "processed" },
      { id: "evt_rec", status: "failed" },
    ]);
    const failed = await env.DB.prepare("SELECT reason FROM failed_jobs WHERE organization_id = ?")
      .bind(org.id)
      .all<{ reason: string }>();
    expect(failed.results.map((r) => r.reason)).toEqual([expect.stringContaining("no TRANSCRIPT (VTT) file")]);
  });
});
