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
