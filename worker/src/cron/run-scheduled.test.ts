import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { createTestOrg } from "../../test/api-client.ts";
import { createLogger } from "../platform/logger.ts";
import { createServices, type Services } from "../platform/services.ts";
import type { IngestJob } from "../queue/jobs.ts";
import { runScheduled, SCHEDULED_TASKS } from "./run-scheduled.ts";

const lines: string[] = [];
const services = { log: createLogger({}, "debug", (l) => lines.push(l)) } as unknown as Services;

describe("runScheduled", () => {
  it("has an entry for every cron trigger in wrangler.toml", async () => {
    const toml = (await import("../../../wrangler.toml?raw")).default as string;
    const crons = [...(toml.match(/crons = \[(.*)\]/)?.[1] ?? "").matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    expect(crons.length).toBeGreaterThan(0);
    expect(Object.keys(SCHEDULED_TASKS).sort()).toEqual(crons.sort());
  });

  it("runs every task of a trigger and keeps going when one fails", async () => {
    const ok = vi.fn(async () => {});
    const boom = vi.fn(async () => {
      throw new Error("boom");
    });
    SCHEDULED_TASKS["* * * * *"] = [boom, ok];
    try {
      const result = await runScheduled("* * * * *", services);
      expect(result).toEqual({ ran: 2, failed: 1 });
      expect(ok).toHaveBeenCalledOnce();
      expect(lines.some((l) => l.includes("scheduled task failed") && l.includes("boom"))).toBe(true);
    } finally {
      delete SCHEDULED_TASKS["* * * * *"];
    }
  });

  it("logs an unknown trigger instead of failing", async () => {
    expect(await runScheduled("1 2 3 4 5", services)).toEqual({ ran: 0, failed: 0 });
    expect(lines.some((l) => l.includes("no tasks for cron trigger"))).toBe(true);
  });
});

describe("the 15-minute run's provider hooks", () => {
  // A clock of its own, years before other test files' events: only this test's events are stuck for it.
  const NOW = Date.parse("2019-06-01T12:00:00Z");
  const MINUTE = 60_000;

  async function archive(
    organizationId: string,
    provider: string,
    eventType: string,
    body: unknown,
    minutesAgo: number,
  ) {
    const id = `evt_${crypto.randomUUID()}`;
    const r2Key = `orgs/${organizationId}/webhooks/${provider}/test/${id}.json`;
    await env.BLOBS.put(r2Key, JSON.stringify(body));
    await env.DB.prepare(
      "INSERT INTO webhook_events (id, organization_id, provider, event_type, dedupe_key, r2_key, status, received_at) VALUES (?, ?, ?, ?, ?, ?, 'received', ?)",
    )
      .bind(id, organizationId, provider, eventType, `k-${id}`, r2Key, NOW - minutesAgo * MINUTE)
      .run();
    return { id, r2Key };
  }
  const eventRow = (id: string) =>
    env.DB.prepare("SELECT status, requeue_count FROM webhook_events WHERE id = ?")
      .bind(id)
      .first<{ status: string; requeue_count: number }>();

  it("re-sends Gong and Contact Center events stuck in 'received' through the providers' sweeps", async () => {
    const { org } = await createTestOrg();
    const gongConnection = `conn_${crypto.randomUUID()}`;
    await env.DB.prepare(
      "INSERT INTO connections (id, organization_id, provider, scope, external_account_id, status, created_at, updated_at) VALUES (?, ?, 'gong', 'account', ?, 'active', 1, 1)",
    )
      .bind(gongConnection, org.id, `key:${crypto.randomUUID()}`)
      .run();
    const gong = await archive(
      org.id,
      "gong",
      "gong.call",
      { isTest: false, callData: { metaData: { id: "4455667788" } } },
      40,
    );
    const contactCenter = await archive(
      org.id,
      "zoom_contact_center",
      "contact_center.engagement_ended",
      {
        event: "contact_center.engagement_ended",
        event_ts: 1,
        payload: { account_id: "a", object: { engagement_id: "e1" } },
      },
      45,
    );
    const flow = await archive(org.id, "zoom_contact_center", "flow_event_script", { disposition: "Resolved" }, 50);
    const recent = await archive(org.id, "gong", "gong.call", { callData: { metaData: { id: "1" } } }, 10);

    const sent: IngestJob[] = [];
    const services: Services = {
      ...createServices(env, { test: "cron-sweeps" }, { now: () => new Date(NOW) }),
      ingestQueue: {
        send: async (job: IngestJob) => void sent.push(job),
        sendBatch: async (jobs: Iterable<{ body: IngestJob }>) => {
          for (const { body } of jobs) sent.push(body);
        },
      } as unknown as Queue<IngestJob>,
    };
    await runScheduled("*/15 * * * *", services);

    const resent = sent.filter((j) => j.organizationId === org.id && j.kind !== "gong_sync");
    expect(resent).toEqual(
      expect.arrayContaining([
        {
          kind: "gong_call",
          organizationId: org.id,
          connectionId: gongConnection,
          callId: "4455667788",
          webhookEventId: gong.id,
        },
        { kind: "zcc_event", organizationId: org.id, webhookEventId: contactCenter.id, r2Key: contactCenter.r2Key },
        { kind: "zcc_flow_event", organizationId: org.id, webhookEventId: flow.id, r2Key: flow.r2Key },
      ]),
    );
    expect(resent).toHaveLength(3);
    for (const { id } of [gong, contactCenter, flow])
      expect(await eventRow(id)).toEqual({ status: "queued", requeue_count: 1 });
    // Not stuck yet: untouched.
    expect(await eventRow(recent.id)).toEqual({ status: "received", requeue_count: 0 });
  });
});
