import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createAccount, createTestOrg } from "../../test/api-client.ts";
import { replaceInsights } from "../insights/insight-writer.ts";
import { rebuildAllRollupsSql } from "../insights/rollups.ts";
import { createServices, type Services } from "../platform/services.ts";
import { acceptZoomEvent } from "../providers/zoom/webhook/accept-zoom-event.ts";
import type { IngestJob } from "../queue/jobs.ts";
import { CONVERSATION_TABLES } from "./conversation-tables.ts";
import { runDeletion } from "./run-deletion.ts";

/**
 * Deletion by scope and date range, against real D1 (FTS5 included) and R2: after each kind, a
 * residue check finds nothing of the deleted conversations anywhere (every table with a
 * conversation_id, the search index, the R2 objects), everything out of scope intact, rollups equal
 * to a recount, and a tombstone that keeps the call from coming back.
 */
const DAY = 86_400_000;
const JUNE = Date.UTC(2026, 5, 10, 15);
const JULY = Date.UTC(2026, 6, 10, 15);

interface Seeded {
  id: string;
  externalId: string;
  word: string;
  keys: string[];
}

/** One stored, analyzed Zoom conversation with everything a real one leaves behind. */
async function seedConversation(
  organizationId: string,
  opts: { accountId: string | null; startedAt: number; hostUserId?: string; transcriptHash?: string },
): Promise<Seeded> {
  const id = `conv_${crypto.randomUUID().slice(0, 12)}`;
  const externalId = `uuid-${crypto.randomUUID().slice(0, 8)}==`;
  // A word only this conversation says, so the search index can be asked about it alone.
  const word = `zq${crypto
    .randomUUID()
    .replace(/[^a-z]/g, "")
    .slice(0, 10)}`;
  const folder = `orgs/${organizationId}/transcripts/zoom/${encodeURIComponent(externalId)}/`;
  const transcriptKey = `${folder}file-1.vtt`;
  const hash = opts.transcriptHash ?? `hash-${id}`;
  const eventKey = `orgs/${organizationId}/webhooks/zoom/2026-06-10/evt_${id}.json`;
  const cacheKey = `orgs/${organizationId}/analysis-cache/${hash}/p1.json`;
  const keys = [transcriptKey, `${folder}whisper-audio.json`, eventKey, cacheKey];
  for (const key of keys) await env.BLOBS.put(key, `content of ${word}`);
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, host_user_id, account_id, routing, status, transcript_key, transcript_hash, created_at, updated_at) VALUES (?, ?, 'zoom_meeting', ?, 'Call', ?, ?, ?, ?, 'stored', ?, ?, 1, 1)",
    ).bind(
      id,
      organizationId,
      externalId,
      opts.startedAt,
      opts.hostUserId ?? null,
      opts.accountId,
      opts.accountId ? "auto" : "unassigned",
      transcriptKey,
      hash,
    ),
    ...[0, 1, 2].map((seq) =>
      env.DB.prepare(
        "INSERT INTO transcript_segments (organization_id, conversation_id, seq, speaker, start_ms, end_ms, text) VALUES (?, ?, ?, 'Dana', ?, ?, ?)",
      ).bind(organizationId, id, seq, seq * 1000, seq * 1000 + 900, `we talked about ${word} and renewal ${seq}`),
    ),
    env.DB.prepare(
      "INSERT INTO participants (id, organization_id, conversation_id, name, email, side) VALUES (?, ?, ?, 'Dana', 'dana@customer.example', 'theirs')",
    ).bind(`prt_${id}`, organizationId, id),
    env.DB.prepare(
      "INSERT INTO webhook_events (id, organization_id, provider, event_type, dedupe_key, r2_key, status, received_at, subject_id) VALUES (?, ?, 'zoom', 'recording.transcript_completed', ?, ?, 'processed', ?, ?)",
    ).bind(`evt_${id}`, organizationId, `recording.transcript_completed:1:${externalId}`, eventKey, JUNE, externalId),
  ]);
  await replaceInsights(createServices(env, {}).db, {
    organizationId,
    conversationId: id,
    rows: (["win", "issue", "topic"] as const).map((kind, i) => ({
      id: `ins_${crypto.randomUUID()}`,
      kind,
      text: `${kind} about ${word}`,
      quote: `we talked about ${word}`,
      segmentId: null,
      startMs: i * 1000,
      confidence: null,
      data: null,
    })),
    analyzer: "builtin@test",
    analysisUsage: null,
    now: new Date(),
  });
  return { id, externalId, word, keys };
}

/** Runs a deletion to its end the way the queue does: each step's follow-up message is the next step. */
async function runToEnd(organizationId: string, deletionId: string) {
  const sent: IngestJob[] = [];
  const services: Services = {
    ...createServices(env, {}),
    ingestQueue: { send: async (job: IngestJob) => void sent.push(job) } as unknown as Queue<IngestJob>,
  };
  let steps = 0;
  let outcome = await runDeletion(services, { organizationId, deletionId });
  while (outcome === "more") {
    const next = sent.shift();
    expect(next).toEqual({ kind: "delete_data", organizationId, deletionId });
    outcome = await runDeletion(services, { organizationId, deletionId });
    steps++;
  }
  return steps + 1;
}

/**
 * A deletion row as POST /api/v1/deletions writes it, without its queue message: these tests run
 * the steps themselves (the last test goes through the route and the real queue).
 */
async function requestDeletion(
  organizationId: string,
  requestedBy: string,
  target: { scope: string; userId?: string; accountId?: string; from?: number; to?: number },
) {
  const id = `del_${crypto.randomUUID().slice(0, 12)}`;
  await env.DB.prepare(
    "INSERT INTO deletion_requests (id, organization_id, requested_by_user_id, scope, target_user_id, target_account_id, from_at, to_at, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
  )
    .bind(
      id,
      organizationId,
      requestedBy,
      target.scope,
      target.userId ?? null,
      target.accountId ?? null,
      target.from ?? null,
      target.to ?? null,
      Date.now(),
      Date.now(),
    )
    .run();
  return { id };
}

/** Every D1 table with a conversation_id column (found in the live schema, not from a list). */
async function tablesWithConversationId(): Promise<string[]> {
  const tables = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' AND name NOT LIKE '_cf_%'",
  ).all<{ name: string }>();
  const found: string[] = [];
  for (const { name } of tables.results) {
    const columns = await env.DB.prepare("SELECT name FROM pragma_table_info(?)").bind(name).all<{ name: string }>();
    if (columns.results.some((c) => c.name === "conversation_id")) found.push(name);
  }
  return found.sort();
}

/** What is left of a conversation anywhere: rows per table, search hits, R2 objects. */
async function residueOf(organizationId: string, c: Seeded) {
  const rows: Record<string, number> = {};
  for (const table of await tablesWithConversationId()) {
    const n = await env.DB.prepare(`SELECT count(*) AS n FROM "${table}" WHERE conversation_id = ?`)
      .bind(c.id)
      .first<{ n: number }>();
    if (n?.n) rows[table] = n.n;
  }
  const conversation = await env.DB.prepare("SELECT count(*) AS n FROM conversations WHERE id = ?")
    .bind(c.id)
    .first<{ n: number }>();
  if (conversation?.n) rows.conversations = conversation.n;
  const events = await env.DB.prepare(
    "SELECT count(*) AS n FROM webhook_events WHERE organization_id = ? AND subject_id = ?",
  )
    .bind(organizationId, c.externalId)
    .first<{ n: number }>();
  if (events?.n) rows.webhook_events = events.n;
  const hits = await env.DB.prepare(
    "SELECT count(*) AS n FROM transcript_segments_fts WHERE transcript_segments_fts MATCH ?",
  )
    .bind(c.word)
    .first<{ n: number }>();
  const objects: string[] = [];
  for (const key of c.keys) if (await env.BLOBS.head(key)) objects.push(key);
  return { rows, searchHits: hits?.n ?? 0, objects };
}

const gone = { rows: {}, searchHits: 0, objects: [] };
const intact = (c: Seeded) => ({
  rows: { conversations: 1, insights: 3, participants: 1, transcript_segments: 3, webhook_events: 1 },
  searchHits: 3,
  objects: c.keys,
});

/** The organization's rollups as stored, and as a full recount from the rows computes them. */
async function rollupsAndRecount(organizationId: string) {
  const read = async () => {
    const out: Record<string, unknown[]> = {};
    for (const table of [
      "account_day_rollups",
      "account_topic_day_rollups",
      "account_contact_day_rollups",
      "account_week_rollups",
      "account_topic_four_week_rollups",
    ]) {
      const rows = await env.DB.prepare(`SELECT * FROM ${table} WHERE organization_id = ? ORDER BY 1, 2, 3, 4`)
        .bind(organizationId)
        .all();
      out[table] = rows.results;
    }
    const activity = await env.DB.prepare(
      "SELECT id, last_activity_at FROM accounts WHERE organization_id = ? ORDER BY id",
    )
      .bind(organizationId)
      .all();
    out.activity = activity.results;
    return out;
  };
  const stored = await read();
  await env.DB.batch(rebuildAllRollupsSql(organizationId).map((s) => env.DB.prepare(s)));
  return { stored, recount: await read() };
}

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
    const known = [...CONVERSATION_TABLES.map((t) => t[Symbol.for("drizzle:Name") as never] as string), "insights"];
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
