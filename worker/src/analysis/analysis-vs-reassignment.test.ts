import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { call, createAccount, createTestOrg } from "../../test/api-client.ts";
import { createServices } from "../platform/services.ts";
import { analyzeConversation } from "./analyze-conversation.ts";
import { type LlmChunkOutput, PROMPT_VERSION } from "./openai/llm-output.ts";

const lines: Array<[string, string]> = [
  ["Rita Rep", "Thanks for making time today. How did the rollout go for your dispatch team?"],
  ["Carl Customer", "Honestly the rollout cut our dispatch time by thirty percent and the team loves it."],
  ["Carl Customer", "The export keeps timing out though, which is really frustrating for our finance people."],
];

const ROLLUP_TABLES = [
  "account_day_rollups",
  "account_topic_day_rollups",
  "account_contact_day_rollups",
  "account_week_rollups",
  "account_topic_week_rollups",
  "account_contact_week_rollups",
  "account_topic_four_week_rollups",
  "account_contact_four_week_rollups",
];

/** What the model "finds": quotes said verbatim on the call, so every finding is kept. */
const answer: LlmChunkOutput = {
  topics: [{ phrase: "dispatch rollout", segment: 1, quote: "the team loves it." }],
  wins: [{ summary: "Dispatch time cut by thirty percent", segment: 1, quote: "the team loves it." }],
  issues: [{ summary: "Export times out", segment: 2, quote: "The export keeps timing out though" }],
  objections: [],
  customerQuestions: [],
  nextSteps: [],
};
const completion = () =>
  Response.json({
    id: "chatcmpl-1",
    object: "chat.completion",
    created: 1,
    model: "gpt-test",
    choices: [{ index: 0, message: { role: "assistant", content: JSON.stringify(answer) }, finish_reason: "stop" }],
    usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
  });

async function storedConversation(organizationId: string, accountId: string) {
  const id = `conv_${crypto.randomUUID()}`;
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, account_id, routing, status, created_at, updated_at) VALUES (?, ?, 'zoom_meeting', ?, 'Review', ?, ?, 'auto', 'stored', 1, 1)",
    ).bind(id, organizationId, id, Date.now() - 3_600_000, accountId),
    env.DB.prepare(
      "INSERT INTO participants (id, organization_id, conversation_id, name, side) VALUES (?, ?, ?, 'Rita Rep', 'ours'), (?, ?, ?, 'Carl Customer', 'theirs')",
    ).bind(`${id}_a`, organizationId, id, `${id}_b`, organizationId, id),
    ...lines.map(([speaker, text], seq) =>
      env.DB.prepare(
        "INSERT INTO transcript_segments (organization_id, conversation_id, seq, speaker, start_ms, end_ms, text) VALUES (?, ?, ?, ?, ?, ?, ?)",
      ).bind(organizationId, id, seq, speaker, seq * 8000, seq * 8000 + 7000, text),
    ),
  ]);
  return id;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("analysis while an admin reassigns the conversation", () => {
  it("writes every insight and rollup to the account the conversation has when the analysis ends", async () => {
    const { adminToken, org } = await createTestOrg();
    const before = await createAccount(adminToken, { name: "Before Co" });
    const after = await createAccount(adminToken, { name: "After Co" });
    const id = await storedConversation(org.id, before.id);
    const services = createServices(env, { test: true });
    // A first (built-in) analysis: the conversation has insights on its first account.
    await analyzeConversation(services, org.id, id);

    // The model's answer is held until the admin has moved the conversation.
    let requested: () => void = () => {};
    const modelCalled = new Promise<void>((resolve) => {
      requested = resolve;
    });
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    vi.stubGlobal("fetch", async () => {
      requested();
      await released;
      return completion();
    });
    const analysis = analyzeConversation(services, org.id, id, {
      apiKey: "sk-test",
      baseUrl: "http://openai.invalid/v1",
      model: "gpt-test",
    });
    await modelCalled;
    const put = await call("PUT", `/api/v1/conversations/${id}/account`, {
      token: adminToken,
      body: { accountId: after.id },
    });
    expect(put.status).toBe(200);
    release();
    await analysis;

    const rows = await env.DB.prepare("SELECT account_id, analyzer FROM insights WHERE conversation_id = ?")
      .bind(id)
      .all<{ account_id: string | null; analyzer: string }>();
    expect(rows.results.length).toBeGreaterThan(0);
    expect(new Set(rows.results.map((r) => r.analyzer))).toEqual(new Set([`openai:gpt-test@${PROMPT_VERSION}`]));
    expect(new Set(rows.results.map((r) => r.account_id))).toEqual(new Set([after.id]));

    const overview = (accountId: string) =>
      call("GET", `/api/v1/accounts/${accountId}/overview?period=all`, { token: adminToken });
    const moved = (await overview(after.id)).json;
    expect(moved.conversations.count).toBe(1);
    expect(moved.wins).toMatchObject({ count: 1, items: [{ text: "Dispatch time cut by thirty percent" }] });
    expect(moved.issues.count).toBe(1);
    expect(moved.topics.map((t: { phrase: string }) => t.phrase)).toContain("dispatch rollout");
    expect(moved.account.lastActivityAt).not.toBeNull();

    const left = (await overview(before.id)).json;
    expect(left).toMatchObject({ conversations: { count: 0 }, wins: { count: 0 }, issues: { count: 0 }, topics: [] });
    expect(left.account.lastActivityAt).toBeNull();
    const rollupRows = await env.DB.prepare(
      `SELECT ${ROLLUP_TABLES.map((t) => `(SELECT count(*) FROM ${t} WHERE account_id = ?1)`).join(" + ")} AS n`,
    )
      .bind(before.id)
      .first<{ n: number }>();
    expect(rollupRows?.n).toBe(0);
  });
});
