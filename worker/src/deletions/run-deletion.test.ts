import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createAccount, createTestOrg } from "../../test/api-client.ts";
import {
  gone,
  intact,
  requestDeletion,
  residueOf,
  rollupsAndRecount,
  runToEnd,
  seedConversation,
  tablesWithConversationId,
} from "../../test/deletion-fixtures.ts";
import { createServices } from "../platform/services.ts";
import { acceptZoomEvent } from "../providers/zoom/webhook/accept-zoom-event.ts";
import { CONVERSATION_TABLES } from "./conversation-tables.ts";

/**
 * Deletion by scope and date range, against real D1 (FTS5 included) and R2: after each kind, a
 * residue check finds nothing of the deleted conversations anywhere (every table with a
 * conversation_id, the search index, the R2 objects), everything out of scope intact, rollups equal
 * to a recount, and a tombstone that keeps the call from coming back.
 */
const DAY = 86_400_000;
const JUNE = Date.UTC(2026, 5, 10, 15);
const JULY = Date.UTC(2026, 6, 10, 15);

async function setUp() {
  const mine = await createTestOrg("Deleting");
  const theirs = await createTestOrg("Bystander");
  const acme = await createAccount(mine.adminToken, {
    name: "Acme",
    domains: [`acme-${crypto.randomUUID().slice(0, 6)}.com`],
  });
  const globex = await createAccount(mine.adminToken, { name: "Globex" });
  const initech = await createAccount(theirs.adminToken, { name: "Initech" });
  const org = mine.org.id;
  const host = mine.memberId;
  return {
    mine,
    theirs,
    org,
    acme: acme.id,
    acmeJune: await seedConversation(org, { accountId: acme.id, startedAt: JUNE, hostUserId: host }),
    acmeJuly: await seedConversation(org, { accountId: acme.id, startedAt: JULY }),
    globexJune: await seedConversation(org, { accountId: globex.id, startedAt: JUNE + DAY, hostUserId: host }),
    unassigned: await seedConversation(org, { accountId: null, startedAt: JUNE }),
    theirJune: await seedConversation(theirs.org.id, { accountId: initech.id, startedAt: JUNE }),
  };
}

// Each case seeds real rows and R2 objects, and one waits for the real queue: minutes under load are not a bug.
describe("deletions", { timeout: 60_000 }, () => {
  it("knows every table that holds a conversation's rows", async () => {
    // insights and conversation_coaching_stats are the insight writer's (deleteConversation).
    const known = [
      ...CONVERSATION_TABLES.map((t) => t[Symbol.for("drizzle:Name") as never] as string),
      "insights",
      "conversation_coaching_stats",
    ];
    expect(await tablesWithConversationId()).toEqual(known.sort());
  });

  it("one account's conversations in a date range: exactly those go, rollups equal a recount, the audit counts them", async () => {
    const s = await setUp();
    const deletion = await requestDeletion(s.org, s.mine.adminId, {
      scope: "account",
      accountId: s.acme,
      from: Date.UTC(2026, 5, 1),
      to: Date.UTC(2026, 6, 1),
    });
    await runToEnd(s.org, deletion.id);

    expect(await residueOf(s.org, s.acmeJune)).toEqual(gone);
    for (const kept of [s.acmeJuly, s.globexJune, s.unassigned])
      expect(await residueOf(s.org, kept)).toEqual(intact(kept));
    expect(await residueOf(s.theirs.org.id, s.theirJune)).toEqual(intact(s.theirJune));
    const { stored, recount } = await rollupsAndRecount(s.org);
    expect(stored).toEqual(recount);

    const audit = await call("GET", `/api/v1/deletions/${deletion.id}`, { token: s.mine.adminToken });
    expect(audit.json).toMatchObject({
      status: "done",
      scope: "account",
      accountId: s.acme,
      requestedByUserId: s.mine.adminId,
      conversationsFound: 1,
      deleted: {
        conversations: 1,
        transcriptSegments: 3,
        insights: 3,
        participants: 1,
        webhookEvents: 1,
        storedObjects: 4,
      },
      error: null,
    });
    // The audit record names ids and counts, never what was said.
    expect(JSON.stringify(audit.json)).not.toContain(s.acmeJune.word);
  });

  it("one user's hosted conversations, and a deleted call stays deleted when Zoom sends it again", async () => {
    const s = await setUp();
    const deletion = await requestDeletion(s.org, s.mine.adminId, { scope: "user", userId: s.mine.memberId });
    await runToEnd(s.org, deletion.id);
    expect(await residueOf(s.org, s.acmeJune)).toEqual(gone);
    expect(await residueOf(s.org, s.globexJune)).toEqual(gone);
    expect(await residueOf(s.org, s.acmeJuly)).toEqual(intact(s.acmeJuly));

    // Redelivered (or found by reconciliation): archived, acknowledged, not processed.
    const services = createServices(env, {});
    const redelivered = {
      event: "recording.transcript_completed",
      event_ts: Date.now(),
      payload: { account_id: "any", object: { uuid: s.acmeJune.externalId, id: 1 } },
    };
    expect(
      await acceptZoomEvent(services, redelivered, JSON.stringify(redelivered), {
        organizationId: s.org,
        dedupeKey: "redelivery-after-deletion",
      }),
    ).toBe("ignored");
    const event = await env.DB.prepare("SELECT status, reason FROM webhook_events WHERE dedupe_key = ?")
      .bind("redelivery-after-deletion")
      .first<{ status: string; reason: string }>();
    expect(event).toEqual({ status: "ignored", reason: "the meeting's conversation was deleted by an admin" });
    // And whatever path tries to create it again, D1 refuses.
    await expect(
      env.DB.prepare(
        "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, routing, status, created_at, updated_at) VALUES ('conv_again', ?, 'zoom_meeting', ?, 'Call', 1, 'unassigned', 'pending', 1, 1)",
      )
        .bind(s.org, s.acmeJune.externalId)
        .run(),
    ).rejects.toThrow(/tombstoned/);
    // Another organization's meeting with the same id is not affected.
    await env.DB.prepare(
      "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, routing, status, created_at, updated_at) VALUES (?, ?, 'zoom_meeting', ?, 'Call', 1, 'unassigned', 'pending', 1, 1)",
    )
      .bind(`conv_${crypto.randomUUID()}`, s.theirs.org.id, s.acmeJune.externalId)
      .run();
  });

  it("everything: the organization's conversations, archives and stored objects go; another organization keeps all", async () => {
    const s = await setUp();
    const stray = `orgs/${s.org}/webhooks/zoom/2026-06-11/evt_unmatched.json`;
    await env.BLOBS.put(stray, "{}");
    await env.DB.prepare(
      "INSERT INTO webhook_events (id, organization_id, provider, event_type, dedupe_key, r2_key, status, received_at) VALUES (?, ?, 'zoom', 'meeting.started', 'k-stray', ?, 'ignored', ?)",
    )
      .bind(`evt_${crypto.randomUUID()}`, s.org, stray, JUNE)
      .run();
    const deletion = await requestDeletion(s.org, s.mine.adminId, { scope: "all" });
    await runToEnd(s.org, deletion.id);
    for (const c of [s.acmeJune, s.acmeJuly, s.globexJune, s.unassigned])
      expect(await residueOf(s.org, c)).toEqual(gone);
    expect((await env.BLOBS.list({ prefix: `orgs/${s.org}/` })).objects).toEqual([]);
    const events = await env.DB.prepare("SELECT count(*) AS n FROM webhook_events WHERE organization_id = ?")
      .bind(s.org)
      .first<{ n: number }>();
    expect(events?.n).toBe(0);
    expect(await residueOf(s.theirs.org.id, s.theirJune)).toEqual(intact(s.theirJune));
    const { stored, recount } = await rollupsAndRecount(s.org);
    expect(stored).toEqual(recount);
    expect(stored.account_day_rollups).toEqual([]);
    const audit = await call("GET", `/api/v1/deletions/${deletion.id}`, { token: s.mine.adminToken });
    expect(audit.json).toMatchObject({
      status: "done",
      conversationsFound: 4,
      deleted: { conversations: 4, webhookEvents: 5 },
    });
  });

  it("runs in steps that each stay small, and a step run twice deletes nothing twice", async () => {
    const { adminToken, adminId, org } = await createTestOrg("Many");
    const calls = [];
    for (let i = 0; i < 30; i++)
      calls.push(await seedConversation(org.id, { accountId: null, startedAt: JUNE + i * DAY }));
    const deletion = await requestDeletion(org.id, adminId, { scope: "all" });
    expect(await runToEnd(org.id, deletion.id)).toBe(2);
    // A redelivered step after the end changes nothing.
    await runToEnd(org.id, deletion.id);
    const audit = await call("GET", `/api/v1/deletions/${deletion.id}`, { token: adminToken });
    expect(audit.json).toMatchObject({
      status: "done",
      conversationsFound: 30,
      deleted: { conversations: 30, insights: 90 },
    });
    for (const c of calls.slice(0, 3)) expect(await residueOf(org.id, c)).toEqual(gone);
  });

  it("refuses a target that is missing, of another organization, or not the scope's, and members", async () => {
    const s = await setUp();
    const theirAccount = await createAccount(s.theirs.adminToken, { name: "Not yours" });
    const foreign = await call("POST", "/api/v1/deletions", {
      token: s.mine.adminToken,
      body: { scope: "account", accountId: theirAccount.id },
    });
    expect(foreign.status).toBe(404);
    const mixed = await call("POST", "/api/v1/deletions", {
      token: s.mine.adminToken,
      body: { scope: "all", accountId: s.acme },
    });
    expect(mixed.status).toBe(400);
    expect(mixed.json.error.message).toContain("accountId:");
    const backwards = await call("POST", "/api/v1/deletions", {
      token: s.mine.adminToken,
      body: { scope: "all", from: "2026-07-01T00:00:00Z", to: "2026-06-01T00:00:00Z" },
    });
    expect(backwards.status).toBe(400);
    const member = await call("POST", "/api/v1/deletions", { token: s.mine.memberToken, body: { scope: "all" } });
    expect(member.status).toBe(403);
    // Nothing was deleted by any of these.
    expect(await residueOf(s.org, s.acmeJune)).toEqual(intact(s.acmeJune));
  });

  it("through the route and the real queue: 202 with the audit record, then done", async () => {
    const s = await setUp();
    const res = await call("POST", "/api/v1/deletions", {
      token: s.mine.adminToken,
      body: { scope: "account", accountId: s.acme },
    });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({
      scope: "account",
      accountId: s.acme,
      status: "pending",
      conversationsFound: null,
    });
    let status = "pending";
    for (let i = 0; i < 100 && status !== "done"; i++) {
      await new Promise((r) => setTimeout(r, 200));
      const now = await call("GET", `/api/v1/deletions/${res.json.id}`, { token: s.mine.adminToken });
      status = now.json.status;
    }
    expect(status).toBe("done");
    expect(await residueOf(s.org, s.acmeJune)).toEqual(gone);
    expect(await residueOf(s.org, s.acmeJuly)).toEqual(gone);
    expect(await residueOf(s.org, s.globexJune)).toEqual(intact(s.globexJune));
    const list = await call("GET", "/api/v1/deletions", { token: s.mine.adminToken });
    expect(list.json.deletions.map((d: { id: string }) => d.id)).toEqual([res.json.id]);
  });
});
