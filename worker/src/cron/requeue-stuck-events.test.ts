import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createTestOrg } from "../../test/api-client.ts";
import { createServices, type Services } from "../platform/services.ts";
import type { IngestJob } from "../queue/jobs.ts";
import { MAX_REQUEUES, requeueStuckWebhookEvents, STUCK_EVENTS_PER_RUN } from "./requeue-stuck-events.ts";

const MINUTE = 60_000;
const T0 = Date.parse("2026-03-15T12:00:00Z");

function sweeper() {
  const sent: IngestJob[] = [];
  let now = T0;
  const services: Services = {
    ...createServices(env, { test: "stuck-events" }, { now: () => new Date(now) }),
    ingestQueue: { send: async (job: IngestJob) => void sent.push(job) } as unknown as Queue<IngestJob>,
  };
  const at = (ms: number) => {
    now = ms;
  };
  return { services, sent, at };
}

/** Only this test's organizations: other test files' events share the database. */
async function onlyTheseOrgs(...organizationIds: string[]) {
  const marks = organizationIds.map(() => "?").join(", ");
  await env.DB.prepare(
    `UPDATE webhook_events SET status = 'processed' WHERE status IN ('received', 'queued') AND (organization_id IS NULL OR organization_id NOT IN (${marks}))`,
  )
    .bind(...organizationIds)
    .run();
}

async function addEvents(
  organizationId: string,
  rows: Array<{ id: string; status: string; receivedAt: number; eventType?: string; provider?: string }>,
) {
  const statements = rows.map((r) =>
    env.DB.prepare(
      "INSERT INTO webhook_events (id, organization_id, provider, event_type, dedupe_key, r2_key, status, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    ).bind(
      r.id,
      organizationId,
      r.provider ?? "zoom",
      r.eventType ?? "recording.transcript_completed",
      `key:${r.id}`,
      `orgs/${organizationId}/webhooks/zoom/test/${r.id}.json`,
      r.status,
      r.receivedAt,
    ),
  );
  await env.DB.batch(statements);
}

const row = (id: string) =>
  env.DB.prepare("SELECT status, reason, requeue_count, requeued_at FROM webhook_events WHERE id = ?")
    .bind(id)
    .first<{ status: string; reason: string | null; requeue_count: number; requeued_at: number | null }>();

describe("requeueStuckWebhookEvents", () => {
  it("enqueues events stuck past the deadline again, and gives up on one that never gets through", async () => {
    const { org } = await createTestOrg();
    const p = (s: string) => `${s}_${org.id}`;
    await addEvents(org.id, [
      { id: p("received"), status: "received", receivedAt: T0 - 40 * MINUTE },
      { id: p("queued"), status: "queued", receivedAt: T0 - 45 * MINUTE },
      { id: p("recent"), status: "queued", receivedAt: T0 - 10 * MINUTE },
      // Its transcript fallback is queued with a delay of hours: the event says processed, not stuck.
      { id: p("waiting"), status: "processed", receivedAt: T0 - 5 * 60 * MINUTE, eventType: "recording.completed" },
      { id: p("failed"), status: "failed", receivedAt: T0 - 60 * MINUTE },
      { id: p("ignored"), status: "ignored", receivedAt: T0 - 60 * MINUTE },
    ]);
    await onlyTheseOrgs(org.id);
    const { services, sent, at } = sweeper();

    expect(await requeueStuckWebhookEvents(services)).toEqual({ requeued: 2, failed: 0, ignored: 0 });
    expect(sent).toEqual([
      {
        kind: "zoom_event",
        organizationId: org.id,
        webhookEventId: p("queued"),
        r2Key: expect.stringContaining(p("queued")),
      },
      {
        kind: "zoom_event",
        organizationId: org.id,
        webhookEventId: p("received"),
        r2Key: `orgs/${org.id}/webhooks/zoom/test/${p("received")}.json`,
      },
    ]);
    expect(await row(p("received"))).toEqual({ status: "queued", reason: null, requeue_count: 1, requeued_at: T0 });
    for (const untouched of ["recent", "waiting", "failed", "ignored"])
      expect((await row(p(untouched)))?.requeue_count).toBe(0);

    // The deadline counts from the last enqueue: nothing again right away.
    expect(await requeueStuckWebhookEvents(services)).toEqual({ requeued: 0, failed: 0, ignored: 0 });

    // Still not through: enqueued again each deadline, then given up as failed.
    for (let n = 1; n < MAX_REQUEUES; n++) {
      at(T0 + n * 31 * MINUTE);
      await requeueStuckWebhookEvents(services);
    }
    expect((await row(p("received")))?.requeue_count).toBe(MAX_REQUEUES);
    at(T0 + MAX_REQUEUES * 31 * MINUTE);
    const last = await requeueStuckWebhookEvents(services);
    expect(last.failed).toBe(2);
    expect(await row(p("received"))).toMatchObject({
      status: "failed",
      reason: `stuck: still queued after being enqueued again ${MAX_REQUEUES} times`,
    });
    const sentForStuck = sent.filter((j) => j.kind === "zoom_event" && j.webhookEventId === p("received"));
    expect(sentForStuck).toHaveLength(MAX_REQUEUES);
  });

  it("shares a run fairly: one organization's pile of stuck events does not starve another's", async () => {
    const busy = await createTestOrg();
    const quiet = await createTestOrg();
    const pile = Array.from({ length: STUCK_EVENTS_PER_RUN + 20 }, (_, i) => ({
      id: `pile_${i}_${busy.org.id}`,
      status: "queued",
      receivedAt: T0 - 3 * 60 * MINUTE + i,
    }));
    for (let i = 0; i < pile.length; i += 50) await addEvents(busy.org.id, pile.slice(i, i + 50));
    // The quiet organization's events are the newest of all.
    await addEvents(quiet.org.id, [
      { id: `q1_${quiet.org.id}`, status: "queued", receivedAt: T0 - 35 * MINUTE },
      { id: `q2_${quiet.org.id}`, status: "received", receivedAt: T0 - 31 * MINUTE },
    ]);
    await onlyTheseOrgs(busy.org.id, quiet.org.id);
    const { services, sent } = sweeper();

    const outcome = await requeueStuckWebhookEvents(services);
    const of = (organizationId: string) => sent.filter((j) => j.organizationId === organizationId).length;
    expect(of(quiet.org.id)).toBe(2);
    expect(of(busy.org.id)).toBe(STUCK_EVENTS_PER_RUN / 2);
    expect(outcome.requeued).toBeLessThanOrEqual(STUCK_EVENTS_PER_RUN);
  });

  it("sweeps every provider's webhook events with that provider's job: Contact Center and Gong too", async () => {
    const { org } = await createTestOrg();
    const p = (s: string) => `${s}_${org.id}`;
    await addEvents(org.id, [
      {
        id: p("zcc"),
        status: "queued",
        receivedAt: T0 - 40 * MINUTE,
        provider: "zoom_contact_center",
        eventType: "contact_center.engagement_ended",
      },
      {
        id: p("flow"),
        status: "received",
        receivedAt: T0 - 39 * MINUTE,
        provider: "zoom_contact_center",
        eventType: "flow_event_script",
      },
      { id: p("gong"), status: "queued", receivedAt: T0 - 38 * MINUTE, provider: "gong", eventType: "gong.call" },
      { id: p("gong_gone"), status: "queued", receivedAt: T0 - 37 * MINUTE, provider: "gong", eventType: "gong.call" },
    ]);
    const gongKey = `orgs/${org.id}/webhooks/zoom/test/${p("gong")}.json`;
    await env.BLOBS.put(gongKey, JSON.stringify({ callData: { metaData: { id: "7782342274025937895" } } }));
    await env.BLOBS.put(`orgs/${org.id}/webhooks/zoom/test/${p("gong_gone")}.json`, JSON.stringify({ callData: {} }));
    await env.DB.prepare(
      "INSERT INTO connections (id, organization_id, provider, scope, status, created_at, updated_at) VALUES (?, ?, 'gong', 'account', 'active', ?, ?)",
    )
      .bind(p("gongconn"), org.id, T0, T0)
      .run();
    await onlyTheseOrgs(org.id);
    const { services, sent } = sweeper();

    expect(await requeueStuckWebhookEvents(services)).toEqual({ requeued: 3, failed: 0, ignored: 1 });
    const key = (id: string) => `orgs/${org.id}/webhooks/zoom/test/${id}.json`;
    expect(sent).toEqual([
      { kind: "zcc_event", organizationId: org.id, webhookEventId: p("zcc"), r2Key: key(p("zcc")) },
      { kind: "zcc_flow_event", organizationId: org.id, webhookEventId: p("flow"), r2Key: key(p("flow")) },
      {
        kind: "gong_call",
        organizationId: org.id,
        connectionId: p("gongconn"),
        callId: "7782342274025937895",
        webhookEventId: p("gong"),
      },
    ]);
    expect(await row(p("zcc"))).toMatchObject({ status: "queued", requeue_count: 1, requeued_at: T0 });
    expect(await row(p("gong_gone"))).toMatchObject({
      status: "ignored",
      reason: expect.stringMatching(/^stuck: the archived body of event .* names no Gong call$/),
      requeue_count: 0,
    });
  });
});
