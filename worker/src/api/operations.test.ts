import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createTestOrg } from "../../test/api-client.ts";

async function insertFailedJob(organizationId: string, payload: unknown) {
  const id = `job_${crypto.randomUUID()}`;
  await env.DB.prepare(
    "INSERT INTO failed_jobs (id, organization_id, job_type, payload, reason, attempts, created_at) VALUES (?, ?, 'x', ?, 'boom', 3, ?)",
  )
    .bind(id, organizationId, JSON.stringify(payload), Date.now())
    .run();
  return id;
}

describe("operations API", () => {
  it("lists the organization's failed jobs and replays one exactly once", async () => {
    const { adminToken, org } = await createTestOrg();
    const other = await createTestOrg();
    const mine = await insertFailedJob(org.id, {
      kind: "refresh_account_activity",
      organizationId: org.id,
      accountId: "a",
    });
    await insertFailedJob(other.org.id, {
      kind: "refresh_account_activity",
      organizationId: other.org.id,
      accountId: "b",
    });

    const listed = await call("GET", "/api/v1/operations/failed-jobs", { token: adminToken });
    expect(listed.json.failedJobs.map((j: { id: string }) => j.id)).toEqual([mine]);

    const replay = await call("POST", `/api/v1/operations/failed-jobs/${mine}/replay`, { token: adminToken });
    expect(replay.status).toBe(200);
    expect(replay.json.replayedAt).not.toBeNull();
    const again = await call("POST", `/api/v1/operations/failed-jobs/${mine}/replay`, { token: adminToken });
    expect(again.status).toBe(409);
  });

  it("refuses to replay a malformed job, saying why", async () => {
    const { adminToken, org } = await createTestOrg();
    const bad = await insertFailedJob(org.id, { kind: "nope" });
    const res = await call("POST", `/api/v1/operations/failed-jobs/${bad}/replay`, { token: adminToken });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain("malformed");
  });

  it("lists archived webhook events of the organization only", async () => {
    const { adminToken, org } = await createTestOrg();
    await env.DB.prepare(
      "INSERT INTO webhook_events (id, organization_id, provider, event_type, dedupe_key, r2_key, status, reason, received_at) VALUES (?, ?, 'zoom', 'meeting.started', ?, 'k', 'ignored', 'event meeting.started is not handled', 5)",
    )
      .bind(`evt_${crypto.randomUUID()}`, org.id, `k-${crypto.randomUUID()}`)
      .run();
    const res = await call("GET", "/api/v1/operations/webhook-events?limit=10", { token: adminToken });
    expect(res.json.events).toEqual([expect.objectContaining({ eventType: "meeting.started", status: "ignored" })]);
  });
});
