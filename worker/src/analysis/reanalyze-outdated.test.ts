import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createAccount, createTestOrg } from "../../test/api-client.ts";
import worker from "../index.ts";
import { createServices } from "../platform/services.ts";
import type { IngestJob } from "../queue/jobs.ts";
import { analyzeConversation } from "./analyze-conversation.ts";
import { BUILTIN_ANALYZER_VERSION } from "./builtin/builtin-analyzer.ts";
import { reanalyzeOutdatedConversations } from "./reanalyze-outdated.ts";

const lines = [
  ["Rita Rep", "How did the rollout go for your dispatch team?"],
  ["Carl Customer", "The rollout cut our dispatch time by thirty percent and the team loves the product."],
  ["Carl Customer", "The export keeps timing out though, which is really frustrating for our finance people."],
  ["Rita Rep", "I'll send the revised quote by Friday."],
] as const;

async function seedAnalyzedConversation(orgId: string, accountId: string): Promise<string> {
  const id = `conv_${crypto.randomUUID()}`;
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, account_id, routing, status, created_at, updated_at) VALUES (?, ?, 'zoom_meeting', ?, 'Review', ?, ?, 'auto', 'stored', 1, 1)",
    ).bind(id, orgId, id, Date.now() - 3_600_000, accountId),
    env.DB.prepare(
      "INSERT INTO participants (id, organization_id, conversation_id, name, side) VALUES (?, ?, ?, 'Rita Rep', 'ours'), (?, ?, ?, 'Carl Customer', 'theirs')",
    ).bind(`${id}_a`, orgId, id, `${id}_b`, orgId, id),
    ...lines.map(([speaker, text], seq) =>
      env.DB.prepare(
        "INSERT INTO transcript_segments (organization_id, conversation_id, seq, speaker, start_ms, end_ms, text) VALUES (?, ?, ?, ?, ?, ?, ?)",
      ).bind(orgId, id, seq, speaker, seq * 8000, seq * 8000 + 7000, text),
    ),
  ]);
  await analyzeConversation(createServices(env, {}), orgId, id);
  return id;
}

const analyzersOf = async (conversationId: string) =>
  (
    await env.DB.prepare("SELECT DISTINCT analyzer FROM insights WHERE conversation_id = ?")
      .bind(conversationId)
      .all<{ analyzer: string }>()
  ).results.map((r) => r.analyzer);

/** Runs the task with the real D1 and records what it queues, then hands the jobs to the real consumer. */
async function runTask(limit?: number, openAiKey?: string) {
  const sent: IngestJob[] = [];
  const queue = { sendBatch: async (batch: Array<{ body: IngestJob }>) => void sent.push(...batch.map((m) => m.body)) };
  const services = { ...createServices(env, {}), ingestQueue: queue as unknown as Queue<IngestJob> };
  const result = await reanalyzeOutdatedConversations(services, { apiKey: openAiKey ?? null }, limit);
  return { result, sent };
}

describe("re-analysis after a built-in analyzer release", () => {
  it("queues conversations analyzed by an older built-in version, and the consumer brings them to the current one", async () => {
    const { adminToken, org } = await createTestOrg();
    const account = await createAccount(adminToken, { name: "Carl's Co" });
    const outdated = await seedAnalyzedConversation(org.id, account.id);
    const current = await seedAnalyzedConversation(org.id, account.id);
    const countBefore = (
      await env.DB.prepare("SELECT COUNT(*) AS n FROM insights WHERE conversation_id = ?")
        .bind(outdated)
        .first<{ n: number }>()
    )?.n;
    await env.DB.batch([
      env.DB.prepare("UPDATE insights SET analyzer = 'builtin@0.9.0' WHERE conversation_id = ?").bind(outdated),
      env.DB.prepare("UPDATE conversations SET analyzer = 'builtin@0.9.0' WHERE id = ?").bind(outdated),
    ]);

    const { result, sent } = await runTask();
    const mine = sent.filter((job) => job.organizationId === org.id);
    expect(mine).toEqual([{ kind: "analyze_conversation", organizationId: org.id, conversationId: outdated }]);
    expect(sent.some((job) => "conversationId" in job && job.conversationId === current)).toBe(false);
    expect(result.queued).toBe(sent.length);

    const batch = createMessageBatch(
      "sightline-ingest",
      mine.map((body, i) => ({ id: `re${i}`, timestamp: new Date(), attempts: 1, body })),
    );
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["re0"]);
    expect(await analyzersOf(outdated)).toEqual([`builtin@${BUILTIN_ANALYZER_VERSION}`]);
    const row = await env.DB.prepare("SELECT analyzer, analysis_usage FROM conversations WHERE id = ?")
      .bind(outdated)
      .first<{ analyzer: string; analysis_usage: string | null }>();
    expect(row).toEqual({ analyzer: `builtin@${BUILTIN_ANALYZER_VERSION}`, analysis_usage: null });
    const countAfter = (
      await env.DB.prepare("SELECT COUNT(*) AS n FROM insights WHERE conversation_id = ?")
        .bind(outdated)
        .first<{ n: number }>()
    )?.n;
    expect(countAfter).toBe(countBefore);
  });

  it("queues current conversations that have no coaching stats yet, and the consumer writes them", async () => {
    const { adminToken, org } = await createTestOrg();
    const account = await createAccount(adminToken, { name: "Stats" });
    const withStats = await seedAnalyzedConversation(org.id, account.id);
    const without = await seedAnalyzedConversation(org.id, account.id);
    const statsOf = (id: string) =>
      env.DB.prepare(
        "SELECT our_talk_ms, questions_asked, next_steps FROM conversation_coaching_stats WHERE conversation_id = ?",
      )
        .bind(id)
        .first<{ our_talk_ms: number; questions_asked: number; next_steps: number }>();
    const before = await statsOf(without);
    expect(before).toMatchObject({ our_talk_ms: 14_000, questions_asked: 1, next_steps: 1 });
    await env.DB.prepare("DELETE FROM conversation_coaching_stats WHERE conversation_id = ?").bind(without).run();

    const { sent } = await runTask();
    const mine = sent.filter((job) => job.organizationId === org.id);
    expect(mine).toEqual([{ kind: "analyze_conversation", organizationId: org.id, conversationId: without }]);
    expect(mine.some((job) => "conversationId" in job && job.conversationId === withStats)).toBe(false);
    const batch = createMessageBatch(
      "sightline-ingest",
      mine.map((body, i) => ({ id: `st${i}`, timestamp: new Date(), attempts: 1, body })),
    );
    await worker.queue(batch, env);
    expect(await statsOf(without)).toEqual(before);
  });

  it("pages by conversation and stops at the per-run limit", async () => {
    const { adminToken, org } = await createTestOrg();
    const account = await createAccount(adminToken, { name: "Many" });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await seedAnalyzedConversation(org.id, account.id));
    await env.DB.prepare("UPDATE conversations SET analyzer = 'builtin@0.1.0' WHERE organization_id = ?")
      .bind(org.id)
      .run();
    const all = await runTask(10_000);
    const mine = all.sent
      .filter((job) => job.organizationId === org.id)
      .map((job) => "conversationId" in job && job.conversationId);
    expect(mine.sort()).toEqual([...ids].sort());
    const limited = await runTask(1);
    expect(limited.sent).toHaveLength(1);
    expect(limited.result.queued).toBe(1);
  });

  it("leaves old transcripts alone when the OpenAI analyzer is configured (re-analysis would be paid)", async () => {
    const { adminToken, org } = await createTestOrg();
    const account = await createAccount(adminToken, { name: "Paid" });
    const id = await seedAnalyzedConversation(org.id, account.id);
    await env.DB.prepare("UPDATE conversations SET analyzer = 'builtin@0.9.0' WHERE id = ?").bind(id).run();
    const { result, sent } = await runTask(undefined, "sk-test");
    expect(result.queued).toBe(0);
    expect(sent).toHaveLength(0);
  });
});
