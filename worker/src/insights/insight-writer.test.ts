import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createAccount, createTestOrg } from "../../test/api-client.ts";
import { createDb } from "../platform/services.ts";
import { moveConversation, type NewInsight, replaceInsights, storeConversationFacts } from "./insight-writer.ts";

const STARTED_AT = Date.UTC(2026, 5, 10, 15, 0, 0);
const ROWS: Array<Omit<NewInsight, "id">> = [
  { kind: "win", text: "Faster dispatch", quote: "q", segmentId: null, startMs: 1_000, confidence: null, data: null },
  { kind: "issue", text: "Export", quote: "q", segmentId: null, startMs: 2_000, confidence: null, data: null },
  {
    kind: "topic",
    text: "renewal",
    quote: "q",
    segmentId: null,
    startMs: 3_000,
    confidence: 0.5,
    data: { mentions: 2 },
  },
];

const rows = () => ROWS.map((row) => ({ ...row, id: `ins_${crypto.randomUUID()}` }));

const STATS = {
  durationMs: 60_000,
  ourTalkMs: 20_000,
  theirTalkMs: 30_000,
  unknownTalkMs: 0,
  longestMonologueMs: 12_000,
  longestMonologueStartMs: 4_000,
  longestMonologueSpeaker: "Rep",
  questionsAsked: 3,
  customerQuestions: 2,
  unansweredQuestions: 1,
  nextSteps: 1,
  nextStepsWithDate: 1,
};

const statsOf = (conversationId: string) =>
  env.DB.prepare(
    "SELECT analyzer, our_talk_ms, questions_asked FROM conversation_coaching_stats WHERE conversation_id = ?",
  )
    .bind(conversationId)
    .all<{ analyzer: string; our_talk_ms: number; questions_asked: number }>();

async function setUp() {
  const { adminToken, org } = await createTestOrg();
  const first = await createAccount(adminToken, { name: "First" });
  const second = await createAccount(adminToken, { name: "Second" });
  const id = `conv_${crypto.randomUUID()}`;
  await env.DB.prepare(
    "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, account_id, routing, status, created_at, updated_at) VALUES (?, ?, 'zoom_meeting', ?, 'Call', ?, ?, 'auto', 'stored', 1, 1)",
  )
    .bind(id, org.id, id, STARTED_AT, first.id)
    .run();
  return { db: createDb(env.DB), org: org.id, first: first.id, second: second.id, id };
}

/** Per account: its insights of the conversation, its day rollup counts and its last activity. */
async function stateOf(org: string, account: string, conversationId: string) {
  const insights = await env.DB.prepare(
    "SELECT kind, data, occurred_at FROM insights WHERE organization_id = ? AND account_id = ? AND conversation_id = ? ORDER BY occurred_at",
  )
    .bind(org, account, conversationId)
    .all<{ kind: string; data: string | null; occurred_at: number }>();
  const day = await env.DB.prepare(
    "SELECT sum(wins) AS wins, sum(issues) AS issues, sum(conversations) AS conversations FROM account_day_rollups WHERE account_id = ?",
  )
    .bind(account)
    .first<{ wins: number | null; issues: number | null; conversations: number | null }>();
  const topics = await env.DB.prepare("SELECT count(*) AS n FROM account_topic_week_rollups WHERE account_id = ?")
    .bind(account)
    .first<{ n: number }>();
  const activity = await env.DB.prepare("SELECT last_activity_at AS at FROM accounts WHERE id = ?")
    .bind(account)
    .first<{ at: number | null }>();
  return { insights: insights.results, rollups: { ...day, topics: topics?.n }, lastActivityAt: activity?.at };
}

describe("insight writer", () => {
  it("writes insights at the conversation's account and start, with rollups and activity", async () => {
    const { db, org, first, id } = await setUp();
    const written = await replaceInsights(db, {
      organizationId: org,
      conversationId: id,
      rows: rows(),
      analyzer: "builtin@test",
      analysisUsage: null,
      coachingStats: STATS,
      now: new Date(),
    });
    expect(written).toEqual({ accountId: first });
    const state = await stateOf(org, first, id);
    expect(state.insights.map((r) => [r.kind, r.occurred_at])).toEqual([
      ["win", STARTED_AT + 1_000],
      ["issue", STARTED_AT + 2_000],
      ["topic", STARTED_AT + 3_000],
    ]);
    expect(JSON.parse(state.insights[2]?.data ?? "null")).toEqual({ mentions: 2 });
    expect(state.rollups).toEqual({ wins: 1, issues: 1, conversations: 1, topics: 1 });
    expect(state.lastActivityAt).toBe(STARTED_AT);
    expect((await statsOf(id)).results).toEqual([
      { analyzer: "builtin@test", our_talk_ms: 20_000, questions_asked: 3 },
    ]);

    // Analyzed again: the coaching figures are replaced in the same batch, never added.
    await replaceInsights(db, {
      organizationId: org,
      conversationId: id,
      rows: rows(),
      analyzer: "builtin@again",
      analysisUsage: null,
      coachingStats: { ...STATS, questionsAsked: 5 },
      now: new Date(),
    });
    expect((await statsOf(id)).results).toEqual([
      { analyzer: "builtin@again", our_talk_ms: 20_000, questions_asked: 5 },
    ]);
  });

  it("moves insights, rollups and activity with an automatic routing, and keeps a manual one", async () => {
    const { db, org, first, second, id } = await setUp();
    const now = new Date();
    const analysis = {
      organizationId: org,
      conversationId: id,
      rows: rows(),
      analyzer: "builtin@test",
      analysisUsage: null,
      coachingStats: STATS,
    };
    await replaceInsights(db, { ...analysis, now });
    const rerouted = await storeConversationFacts(
      db,
      { organizationId: org, conversation: id, route: { accountId: second, routing: "auto" } },
      [],
    );
    expect(rerouted).toEqual([]);
    expect(await stateOf(org, first, id)).toEqual({ insights: [], rollups: emptyRollups, lastActivityAt: null });
    const moved = await stateOf(org, second, id);
    expect(moved.insights).toHaveLength(3);
    expect(moved.rollups).toEqual({ wins: 1, issues: 1, conversations: 1, topics: 1 });
    expect(moved.lastActivityAt).toBe(STARTED_AT);

    // An admin's choice stands against the next automatic routing.
    await moveConversation(db, {
      organizationId: org,
      conversationId: id,
      to: { accountId: first, routing: "manual" },
      now,
    });
    await storeConversationFacts(
      db,
      { organizationId: org, conversation: id, route: { accountId: second, routing: "auto" } },
      [],
    );
    expect((await stateOf(org, first, id)).insights).toHaveLength(3);
    expect(await stateOf(org, second, id)).toEqual({ insights: [], rollups: emptyRollups, lastActivityAt: null });

    // Unassigned: no account holds anything of it.
    await moveConversation(db, {
      organizationId: org,
      conversationId: id,
      to: { accountId: null, routing: "unassigned" },
      now,
    });
    expect(await stateOf(org, first, id)).toEqual({ insights: [], rollups: emptyRollups, lastActivityAt: null });
  });
});

const emptyRollups = { wins: null, issues: null, conversations: null, topics: 0 };
