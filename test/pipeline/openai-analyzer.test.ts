import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../scripts/demo/seed-demo.ts";
import { type ChatRequest, type FakeOpenAI, startFakeOpenAI } from "../fakes/fake-openai.ts";
import { apiFetch } from "../support/api.ts";
import { queryLocalD1 } from "../support/local-d1.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { waitFor } from "../support/wait-for.ts";

/**
 * The OpenAI analyzer end to end: a real local worker with OPENAI_API_KEY set analyzes demo
 * conversations on its queue against a fake OpenAI-compatible server: a 429 is retried, a malformed
 * answer falls back to the built-in analyzer (and is not cached), and re-analysis of the same
 * transcript is served from the R2 cache with no request.
 */
let worker: LocalWorker;
let fake: FakeOpenAI;
let token = "";

const PARAPHRASE = "This sentence was never said by anybody on the call.";

/** Answers from the transcript lines in the request: real sentences as quotes, plus one paraphrase. */
function answer(request: ChatRequest) {
  const user = request.messages.find((m) => m.role === "user")?.content ?? "";
  const lines = [...user.matchAll(/^\[(\d+)\] \((\w+)\) [^:]+: (.+)$/gm)].map((m) => ({
    segment: Number(m[1]),
    side: m[2],
    sentence: (m[3] ?? "").split(/(?<=[.!?])\s+/)[0] ?? "",
  }));
  const theirs = lines.filter((l) => l.side === "theirs");
  const first = theirs[0] ?? lines[0];
  const last = lines.at(-1) ?? first;
  if (!first || !last) throw new Error("no transcript lines in the request");
  return {
    topics: [
      { phrase: "Rollout Plan", segment: first.segment, quote: first.sentence },
      { phrase: "made up topic", segment: 0, quote: PARAPHRASE },
    ],
    wins: [{ summary: "Customer is positive", segment: first.segment, quote: first.sentence }],
    issues: [{ summary: "Invented issue", segment: first.segment, quote: PARAPHRASE }],
    // A security objection left open: the closing probability is scored over the model's findings.
    objections: [
      {
        category: "security",
        summary: "Security review needed",
        segment: first.segment,
        quote: first.sentence,
        responseQuote: null,
        answered: false,
      },
    ],
    customerQuestions: [],
    nextSteps: [{ owner: null, action: "Follow up", due: "next week", segment: last.segment, quote: last.sentence }],
  };
}

const sql = <T>(command: string) => queryLocalD1<T>(worker, command);

/** Queues an analysis the way an admin would: a failed-job row, replayed through the API. */
async function analyze(conversationId: string) {
  const id = `job_openai_${conversationId}_${Date.now()}`;
  const payload = JSON.stringify({ kind: "analyze_conversation", organizationId: "org_demo", conversationId });
  await sql(
    `INSERT INTO failed_jobs (id, organization_id, job_type, payload, reason, attempts, created_at) VALUES ('${id}', 'org_demo', 'analyze_conversation', '${payload}', 'test', 1, ${Date.now()})`,
  );
  await apiFetch(worker.baseUrl, token, `/api/v1/operations/failed-jobs/${id}/replay`, { method: "POST" });
}

interface Row {
  kind: string;
  text: string;
  quote: string | null;
  analyzer: string;
  created_at: number;
  segment_text: string | null;
  data: string | null;
}
const rowsOf = (conversationId: string) =>
  sql<Row>(
    `SELECT i.kind, i.text, i.quote, i.analyzer, i.created_at, i.data, s.text AS segment_text FROM insights i LEFT JOIN transcript_segments s ON s.id = i.segment_id WHERE i.conversation_id = '${conversationId}'`,
  );
/** Waits until the conversation's insights were all written after `since` (a re-analysis finished). */
const analyzedAfter = (conversationId: string, since: number) =>
  waitFor(
    `a new analysis of ${conversationId}`,
    () => rowsOf(conversationId),
    (rows) => rows.length > 0 && rows.every((r) => r.created_at > since),
  );

/** What the conversation API says analyzed it, and what the model's answer cost. */
const analysisOf = async (conversationId: string) =>
  (
    await apiFetch<{ conversation: { analysis?: { analyzer: string | null; usage: Usage | null } } }>(
      worker.baseUrl,
      token,
      `/api/v1/conversations/${conversationId}?limit=1`,
    )
  ).conversation.analysis;
type Usage = { promptTokens: number; completionTokens: number; totalTokens: number; requests: number; cache: string };

beforeAll(async () => {
  fake = await startFakeOpenAI();
  fake.respondWith(answer);
  worker = await startLocalWorker({
    vars: {
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: `${fake.url}/v1`,
      OPENAI_MODEL: "gpt-test",
      INGEST_RETRY_BASE_SECONDS: "1",
    },
    beforeStart: async (persistDir, stateDir) => {
      token = (await seedDemo(persistDir, stateDir)).token;
    },
  });
});
afterAll(async () => {
  await worker?.stop();
  await fake?.close();
});

describe("OpenAI analyzer", () => {
  const acme = "conv_demo_acme_qbr_q3";
  const ledgerline = "conv_demo_ledgerline_renewal_followup";

  it("retries a 429 and stores the model's findings with verbatim quotes only", async () => {
    const since = Date.now();
    fake.failNext(1, 429);
    await analyze(acme);
    const rows = await analyzedAfter(acme, since);
    expect(new Set(rows.map((r) => r.analyzer))).toEqual(new Set(["openai:gpt-test@p2"]));
    expect(fake.requests[0]?.status).toBe(429);
    expect(fake.requests.slice(1).every((r) => r.status === 200)).toBe(true);
    expect(fake.requests.length).toBeGreaterThanOrEqual(2);
    const sent = fake.requests[0]?.body;
    expect(sent?.model).toBe("gpt-test");
    expect(sent?.response_format).toMatchObject({ type: "json_schema", json_schema: { strict: true } });
    expect(fake.requests[0]?.authorization).toBe("Bearer sk-test");
    // The model's qualitative findings, each quote located verbatim; the paraphrases were dropped.
    expect(rows.find((r) => r.kind === "topic")?.text).toBe("rollout plan");
    expect(rows.filter((r) => r.kind === "topic").map((r) => r.text)).not.toContain("made up topic");
    expect(rows.some((r) => r.kind === "win" && r.text === "Customer is positive")).toBe(true);
    expect(rows.filter((r) => r.kind === "issue")).toHaveLength(0);
    expect(rows.some((r) => r.kind === "next_step" && r.text === "Follow up")).toBe(true);
    for (const row of rows) {
      expect(row.quote).not.toBe(PARAPHRASE);
      if (row.quote) expect(row.segment_text).toContain(row.quote);
    }
    // Sentiment is measured by the built-in analyzer; closing is its score over the model's findings.
    expect(rows.some((r) => r.kind === "sentiment")).toBe(true);
    const closing = rows.find((r) => r.kind === "closing_probability");
    expect(Number(closing?.text)).toBeLessThanOrEqual(80);
    expect(JSON.parse(closing?.data ?? "{}").reasons).toContain("security concern open");
    expect(rows.some((r) => r.kind === "objection" && r.text === "Security review needed")).toBe(true);
    // Token usage is recorded on the conversation: one successful request per chunk, the 429 not counted.
    const analysis = await analysisOf(acme);
    expect(analysis?.analyzer).toBe("openai:gpt-test@p2");
    const usage = analysis?.usage;
    expect(usage?.cache).toBe("miss");
    expect(usage?.requests).toBe(fake.requests.filter((r) => r.status === 200).length);
    expect(usage?.promptTokens).toBeGreaterThan(0);
    expect(usage?.completionTokens).toBeGreaterThan(0);
    expect(usage?.totalTokens).toBe((usage?.promptTokens ?? 0) + (usage?.completionTokens ?? 0));
  });

  it("falls back to the built-in analyzer on a malformed response, and does not cache it", async () => {
    const since = Date.now();
    const before = fake.calls;
    fake.malformedNext(1);
    await analyze(ledgerline);
    const rows = await analyzedAfter(ledgerline, since);
    expect(fake.calls).toBeGreaterThan(before);
    expect(rows.every((r) => r.analyzer.startsWith("builtin@"))).toBe(true);
    expect(rows.length).toBeGreaterThan(5);
    const fallback = await analysisOf(ledgerline);
    expect(fallback?.analyzer).toMatch(/^builtin@/);
    expect(fallback?.usage).toBeNull();

    const again = Date.now();
    const calls = fake.calls;
    await analyze(ledgerline);
    const retried = await analyzedAfter(ledgerline, again);
    expect(fake.calls).toBeGreaterThan(calls);
    expect(retried.every((r) => r.analyzer === "openai:gpt-test@p2")).toBe(true);
  });

  it("serves a second analysis of the same transcript from the cache, with no request", async () => {
    const since = Date.now();
    const calls = fake.calls;
    const paid = (await analysisOf(acme))?.usage;
    await analyze(acme);
    const rows = await analyzedAfter(acme, since);
    expect(fake.calls).toBe(calls);
    expect(rows.every((r) => r.analyzer === "openai:gpt-test@p2")).toBe(true);
    expect(rows.some((r) => r.kind === "win" && r.text === "Customer is positive")).toBe(true);
    // The cached answer's cost is shown, marked as a cache hit (nothing new was paid).
    expect((await analysisOf(acme))?.usage).toEqual({ ...paid, cache: "hit" });
  });
});
