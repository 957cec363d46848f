import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../src/index.ts";
import { call, createAccount, createTestOrg } from "./api-client.ts";
import { digestOrganization } from "./org-digest.ts";
import { transcriptCompletedEvent } from "./zoom-signing.ts";

/**
 * Queue messages carry their organization, and R2 keys carry it too (`orgs/<id>/...`): a job that
 * names one organization and another's R2 object or rows is refused (a failed-job row saying so)
 * and changes nothing of the other organization. Jobs come only from the Worker itself, but a
 * failed job can be replayed and the payload is stored JSON: the consumer does not trust it.
 */
async function deliver(body: unknown) {
  const batch = createMessageBatch("sightline-ingest", [{ id: "m", timestamp: new Date(), attempts: 1, body }]);
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  return getQueueResult(batch, ctx);
}

async function victimWithArchivedEvent() {
  const victim = await createTestOrg("Victim");
  const attacker = await createTestOrg("Attacker");
  const now = Date.now();
  const zoomAccount = `zoomacct-${crypto.randomUUID()}`;
  const r2Key = `orgs/${victim.org.id}/webhooks/zoom/2026-11-20/evt_v.json`;
  await env.BLOBS.put(r2Key, JSON.stringify(transcriptCompletedEvent(zoomAccount)));
  await env.DB.batch([
    // Both organizations have an active connection, so only the organization check stands in the way.
    ...[victim, attacker].map((o, i) =>
      env.DB.prepare(
        "INSERT INTO connections (id, organization_id, provider, scope, external_account_id, status, created_at, updated_at) VALUES (?, ?, 'zoom', 'account', ?, 'active', ?, ?)",
      ).bind(`conn_${crypto.randomUUID()}`, o.org.id, `${zoomAccount}-${i}`, now, now),
    ),
    env.DB.prepare(
      "INSERT INTO webhook_events (id, organization_id, provider, event_type, dedupe_key, r2_key, status, received_at) VALUES (?, ?, 'zoom', 'recording.transcript_completed', ?, ?, 'queued', ?)",
    ).bind(`evt_${crypto.randomUUID()}`, victim.org.id, crypto.randomUUID(), r2Key, now),
  ]);
  return { victim, attacker, r2Key };
}

const lastFailedJob = async (organizationId: string) =>
  env.DB.prepare("SELECT job_type, reason FROM failed_jobs WHERE organization_id = ? ORDER BY created_at DESC LIMIT 1")
    .bind(organizationId)
    .first<{ job_type: string; reason: string }>();

describe("queue messages and R2 keys carry the organization", () => {
  for (const kind of ["zoom_event", "zoom_transcript_fallback"] as const) {
    it(`${kind}: a job of one organization naming another's R2 object is refused before it is read`, async () => {
      const { victim, attacker, r2Key } = await victimWithArchivedEvent();
      const before = await digestOrganization(victim.org.id);
      const result = await deliver({ kind, organizationId: attacker.org.id, webhookEventId: "evt_x", r2Key });
      expect(result.explicitAcks).toEqual(["m"]);
      const failed = await lastFailedJob(attacker.org.id);
      expect(failed?.job_type).toBe(kind);
      expect(failed?.reason).toContain(`outside organization ${attacker.org.id}`);
      expect(await digestOrganization(victim.org.id)).toEqual(before);
    });
  }

  it("an R2 key that only looks like it (prefix of a longer id, path tricks) is refused too", async () => {
    const { attacker } = await victimWithArchivedEvent();
    for (const r2Key of [
      `orgs/${attacker.org.id}x/webhooks/zoom/e.json`,
      `orgs/${attacker.org.id}/../other/webhooks/zoom/e.json`,
      `unmatched/webhooks/zoom/e.json`,
    ]) {
      await deliver({ kind: "zoom_event", organizationId: attacker.org.id, webhookEventId: "evt_x", r2Key });
      expect((await lastFailedJob(attacker.org.id))?.reason, r2Key).toContain("outside organization");
    }
  });

  it("jobs naming another organization's conversation or account change nothing of it", async () => {
    const victim = await createTestOrg("Victim");
    const attacker = await createTestOrg("Attacker");
    const account = await createAccount(victim.adminToken, { name: "Victim account" });
    const now = Date.now();
    await env.DB.prepare(
      "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, account_id, routing, status, created_at, updated_at) VALUES ('conv_victim_q', ?, 'zoom_meeting', 'x', 'T', ?, ?, 'auto', 'stored', ?, ?)",
    )
      .bind(victim.org.id, now - 1000, account.id, now, now)
      .run();
    await call("PUT", "/api/v1/org/slack", {
      token: attacker.adminToken,
      body: { webhookUrl: "https://hooks.slack.com/services/T/B/attacker" },
    });
    const before = await digestOrganization(victim.org.id);
    for (const body of [
      { kind: "analyze_conversation", organizationId: attacker.org.id, conversationId: "conv_victim_q" },
      { kind: "refresh_account_activity", organizationId: attacker.org.id, accountId: account.id },
      { kind: "post_slack_recap", organizationId: attacker.org.id, conversationId: "conv_victim_q" },
    ]) {
      const result = await deliver(body);
      expect(result.retryMessages, body.kind).toEqual([]);
    }
    expect(await digestOrganization(victim.org.id)).toEqual(before);
  });
});
