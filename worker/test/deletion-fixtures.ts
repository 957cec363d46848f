import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { runDeletion } from "../src/deletions/run-deletion.ts";
import { replaceInsights } from "../src/insights/insight-writer.ts";
import { rebuildAllRollupsSql } from "../src/insights/rollups.ts";
import { createServices, type Services } from "../src/platform/services.ts";
import type { IngestJob } from "../src/queue/jobs.ts";

/** Seeding and residue checks shared by the deletion and retention tests (real D1, FTS5 and R2). */
const JUNE = Date.UTC(2026, 5, 10, 15);

export interface Seeded {
  id: string;
  externalId: string;
  word: string;
  keys: string[];
}

/** One stored, analyzed Zoom conversation with everything a real one leaves behind. */
export async function seedConversation(
  organizationId: string,
  opts: {
    accountId: string | null;
    startedAt: number;
    hostUserId?: string;
    transcriptHash?: string;
    /** When its webhook event was received (default: June 10th, 2026). */
    receivedAt?: number;
  },
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
    ).bind(
      `evt_${id}`,
      organizationId,
      `recording.transcript_completed:1:${externalId}`,
      eventKey,
      opts.receivedAt ?? JUNE,
      externalId,
    ),
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
    coachingStats: {
      durationMs: 60_000,
      ourTalkMs: 20_000,
      theirTalkMs: 30_000,
      unknownTalkMs: 0,
      longestMonologueMs: 10_000,
      longestMonologueStartMs: 0,
      longestMonologueSpeaker: "Rep",
      questionsAsked: 2,
      customerQuestions: 1,
      unansweredQuestions: 0,
      nextSteps: 1,
      nextStepsWithDate: 0,
    },
    now: new Date(),
  });
  return { id, externalId, word, keys };
}

/** Runs a deletion to its end the way the queue does: each step's follow-up message is the next step. */
export async function runToEnd(organizationId: string, deletionId: string) {
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
export async function requestDeletion(
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
export async function tablesWithConversationId(): Promise<string[]> {
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
export async function residueOf(organizationId: string, c: Seeded) {
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

export const gone = { rows: {}, searchHits: 0, objects: [] };
export const intact = (c: Seeded) => ({
  rows: {
    conversations: 1,
    conversation_coaching_stats: 1,
    insights: 3,
    participants: 1,
    transcript_segments: 3,
    webhook_events: 1,
  },
  searchHits: 3,
  objects: c.keys,
});

/** The organization's rollups as stored, and as a full recount from the rows computes them. */
export async function rollupsAndRecount(organizationId: string) {
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
