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

  describe("replay of an archived webhook event", () => {
    async function archivedEvent(
      organizationId: string,
      body: Record<string, unknown>,
      row: { status: string; archiveDeletedAt?: number } = { status: "failed" },
    ) {
      const id = `evt_${crypto.randomUUID().slice(0, 12)}`;
      const r2Key = `orgs/${organizationId}/webhooks/zoom/2026-06-10/${id}.json`;
      await env.BLOBS.put(r2Key, JSON.stringify(body));
      await env.DB.prepare(
        "INSERT INTO webhook_events (id, organization_id, provider, event_type, dedupe_key, r2_key, status, reason, received_at, archive_deleted_at) VALUES (?, ?, 'zoom', ?, ?, ?, ?, 'earlier outcome', 5, ?)",
      )
        .bind(id, organizationId, body.event, `k-${id}`, r2Key, row.status, row.archiveDeletedAt ?? null)
        .run();
      return id;
    }
    const recording = (uuid: string) => ({
      event: "recording.transcript_completed",
      event_ts: 1,
      payload: { account_id: "zoom-acc", object: { uuid, id: 1, host_email: "someone@ourco.example" } },
    });
    const replay = (token: string, id: string) =>
      call("POST", `/api/v1/operations/webhook-events/${id}/replay`, { token });

    it("puts a failed event back through the pipeline", async () => {
      const { adminToken, org } = await createTestOrg();
      const id = await archivedEvent(org.id, recording(`uuid-${crypto.randomUUID()}`));
      const res = await replay(adminToken, id);
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ id, status: "queued", reason: null });
    });

    it("decides again as on receipt: an unhandled event or a deleted meeting stays ignored, with the reason", async () => {
      const { adminToken, org } = await createTestOrg();
      const unhandled = await archivedEvent(
        org.id,
        { event: "meeting.started", event_ts: 1, payload: {} },
        { status: "ignored" },
      );
      expect((await replay(adminToken, unhandled)).json).toMatchObject({
        status: "ignored",
        reason: "event meeting.started is not handled",
      });
      const uuid = `deleted-${crypto.randomUUID()}`;
      await env.DB.prepare(
        "INSERT INTO conversation_tombstones (organization_id, source, external_id, deletion_id, deleted_at) VALUES (?, 'zoom_meeting', ?, 'del_x', 1)",
      )
        .bind(org.id, uuid)
        .run();
      const deleted = await archivedEvent(org.id, recording(uuid), { status: "processed" });
      expect((await replay(adminToken, deleted)).json).toMatchObject({
        status: "ignored",
        reason: "the meeting's conversation was deleted by an admin",
      });
    });

    it("refuses what cannot be replayed: a deleted archive, another organization's event, members", async () => {
      const { adminToken, memberToken, org } = await createTestOrg();
      const other = await createTestOrg();
      const swept = await archivedEvent(org.id, recording("swept"), { status: "ignored", archiveDeletedAt: 9 });
      const gone = await replay(adminToken, swept);
      expect(gone.status).toBe(409);
      expect(gone.json.error.message).toContain("deleted (retention)");
      const theirs = await archivedEvent(other.org.id, recording("theirs"));
      expect((await replay(adminToken, theirs)).status).toBe(404);
      expect((await replay(memberToken, swept)).status).toBe(403);
      const row = await env.DB.prepare("SELECT status, reason FROM webhook_events WHERE id = ?").bind(theirs).first();
      expect(row).toEqual({ status: "failed", reason: "earlier outcome" });
    });
  });
});
