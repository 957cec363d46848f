import { env } from "cloudflare:workers";
import type { RepCoaching } from "@sightline/shared";
import { describe, expect, it } from "vitest";
import { call, createAccount, createTestOrg } from "../../test/api-client.ts";
import { analyzeConversation } from "../analysis/analyze-conversation.ts";
import { createServices } from "../platform/services.ts";

const DAY = 86_400_000;

type Line = [speaker: string, startMs: number, endMs: number, text: string];

/** A conversation stored as the pipeline stores one, then analyzed by the real analysis job (unless `analyze: false`). */
async function seedCall(input: {
  org: string;
  accountId: string;
  daysAgo: number;
  title: string;
  host?: { userId?: string; email?: string };
  people: Array<{ name: string; email: string | null; side: "ours" | "theirs" }>;
  lines: Line[];
  analyze?: boolean;
}): Promise<string> {
  const id = `conv_${crypto.randomUUID()}`;
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, host_user_id, host_email, account_id, routing, status, created_at, updated_at) VALUES (?, ?, 'zoom_meeting', ?, ?, ?, ?, ?, ?, 'auto', ?, 1, 1)",
    ).bind(
      id,
      input.org,
      id,
      input.title,
      Date.now() - input.daysAgo * DAY,
      input.host?.userId ?? null,
      input.host?.email ?? null,
      input.accountId,
      input.analyze === false ? "analyzed" : "stored",
    ),
    ...input.people.map((p, i) =>
      env.DB.prepare(
        "INSERT INTO participants (id, organization_id, conversation_id, name, email, side) VALUES (?, ?, ?, ?, ?, ?)",
      ).bind(`${id}_p${i}`, input.org, id, p.name, p.email, p.side),
    ),
    ...input.lines.map(([speaker, startMs, endMs, text], seq) =>
      env.DB.prepare(
        "INSERT INTO transcript_segments (organization_id, conversation_id, seq, speaker, start_ms, end_ms, text) VALUES (?, ?, ?, ?, ?, ?, ?)",
      ).bind(input.org, id, seq, speaker, startMs, endMs, text),
    ),
  ]);
  if (input.analyze !== false) await analyzeConversation(createServices(env, {}), input.org, id);
  return id;
}

const MAX = "Max Member";
const CARL = "Carl Customer";

/**
 * The member's calls: A (2 days ago, hosted: long monologue, an open customer question, no next step),
 * B (10 days ago, hosted by e-mail only: a question asked, a dated next step), F (5 days ago, a
 * participant by e-mail, analyzed before coaching stats existed), C (40 days ago, a participant).
 * Not theirs: D (the admin's call) and a call of another organization with the member's e-mail.
 */
async function seedTeam() {
  const team = await createTestOrg();
  const other = await createTestOrg("Other");
  const account = await createAccount(team.adminToken, { name: "Carl's Co" });
  const otherAccount = await createAccount(other.adminToken, { name: "Elsewhere" });
  const me = await call("GET", "/api/v1/me", { token: team.memberToken });
  const memberEmail: string = me.json.user.email;
  const adminEmail: string = (await call("GET", "/api/v1/me", { token: team.adminToken })).json.user.email;
  const carl = { name: CARL, email: "carl@carls.example", side: "theirs" as const };
  const max = { name: MAX, email: memberEmail, side: "ours" as const };
  const ada = { name: "Ada Admin", email: adminEmail, side: "ours" as const };
  const org = team.org.id;

  const a = await seedCall({
    org,
    accountId: account.id,
    daysAgo: 2,
    title: "Dispatch demo",
    host: { userId: team.memberId, email: memberEmail },
    people: [max, carl],
    lines: [
      [
        MAX,
        0,
        150_000,
        "Let me walk you through the whole new dispatch board and how the routing works for your drivers.",
      ],
      [CARL, 151_000, 161_000, "When will the export fix ship to production?"],
      [MAX, 162_000, 172_000, "I don't know, honestly."],
    ],
  });
  const b = await seedCall({
    org,
    accountId: account.id,
    daysAgo: 10,
    title: "Depot discovery",
    host: { email: memberEmail.toUpperCase() },
    people: [max, carl],
    lines: [
      [MAX, 0, 8000, "How many trucks do you run across your depots today?"],
      [CARL, 9000, 39_000, "We run about forty trucks across three depots and the night shift is the busiest one."],
      [MAX, 40_000, 50_000, "I'll send the revised quote by Friday."],
    ],
  });
  const f = await seedCall({
    org,
    accountId: account.id,
    daysAgo: 5,
    title: "Old analysis",
    host: { userId: team.adminId, email: adminEmail },
    people: [ada, { ...max, email: memberEmail.toUpperCase() }, carl],
    lines: [[CARL, 0, 5000, "Hello there everyone."]],
    analyze: false,
  });
  const c = await seedCall({
    org,
    accountId: account.id,
    daysAgo: 40,
    title: "Intro call",
    host: { userId: team.adminId, email: adminEmail },
    people: [max, carl],
    lines: [
      [MAX, 0, 20_000, "Our platform handles routing, billing and the driver app in one place for you."],
      [CARL, 21_000, 41_000, "That sounds useful, but we already pay for a routing tool that works fine."],
    ],
  });
  const d = await seedCall({
    org,
    accountId: account.id,
    daysAgo: 3,
    title: "Admin only",
    host: { userId: team.adminId, email: adminEmail },
    people: [ada, carl],
    lines: [
      ["Ada Admin", 0, 10_000, "What would make this rollout a success for your team?"],
      [CARL, 11_000, 31_000, "Fewer late deliveries and a dispatch board the night shift can actually use."],
    ],
  });
  const foreign = await seedCall({
    org: other.org.id,
    accountId: otherAccount.id,
    daysAgo: 1,
    title: "Another organization",
    people: [max, carl],
    lines: [[MAX, 0, 10_000, "This call belongs to another organization entirely."]],
  });
  return { team, other, ids: { a, b, c, d, f, foreign } };
}

const get = async (token: string, userId: string, qs = "") =>
  call("GET", `/api/v1/reps/${userId}/coaching${qs}`, { token }) as Promise<{ status: number; json: RepCoaching }>;

describe("GET /api/v1/reps/{id}/coaching", () => {
  it("aggregates the rep's calls: figures, previous period, trend by week, tips with moments, the calls", async () => {
    const { team, ids } = await seedTeam();
    const res = await get(team.memberToken, team.memberId, "?period=30d");
    expect(res.status).toBe(200);
    const body = res.json;
    expect(body.rep).toMatchObject({ id: team.memberId, name: "Max Member", role: "member" });
    expect(body.callCount).toBe(3);
    expect(body.callsWithStats).toBe(2);
    expect(body.previousCallCount).toBe(1);
    expect(body.calls.map((x) => x.conversationId)).toEqual([ids.a, ids.f, ids.b]);
    expect(body.calls.map((x) => x.role)).toEqual(["host", "participant", "host"]);

    const [a, f, b] = body.calls;
    // A: our side talked 160 s of 170 s; a 150 s monologue from the start; one open customer question.
    expect(a).toMatchObject({
      hasStats: true,
      durationMs: 172_000,
      talkRatio: 0.941,
      longestMonologueMs: 150_000,
      longestMonologueStartMs: 0,
      questionsAsked: 0,
      customerQuestions: 1,
      unansweredQuestions: 1,
      nextSteps: 0,
      accountName: "Carl's Co",
      kind: "meeting",
    });
    expect(a?.tips).toBeGreaterThanOrEqual(3);
    expect(f).toMatchObject({ hasStats: false, talkRatio: null, longestMonologueMs: null, tips: 0 });
    expect(b).toMatchObject({
      talkRatio: 0.375,
      longestMonologueMs: 10_000,
      longestMonologueStartMs: 40_000,
      questionsAsked: 1,
      unansweredQuestions: 0,
      nextSteps: 1,
      nextStepsWithDate: 1,
    });

    // Means and medians over the two calls with stats, against C (talk ratio 0.5, 20 s monologue).
    expect(body.metrics.talkRatio).toEqual({
      average: 0.658,
      median: 0.658,
      total: null,
      max: 0.941,
      previousAverage: 0.5,
      change: 0.158,
    });
    expect(body.metrics.longestMonologueMs).toMatchObject({
      average: 80_000,
      total: 160_000,
      max: 150_000,
      previousAverage: 20_000,
      change: 60_000,
    });
    expect(body.metrics.questionsAsked).toMatchObject({ total: 1, average: 0.5, previousAverage: 0 });
    expect(body.metrics.unansweredQuestions).toMatchObject({ total: 1, average: 0.5 });
    expect(body.metrics.nextSteps).toMatchObject({ total: 1, average: 0.5 });

    // The weekly series covers the period; A's week carries A's ratio (F, without stats, adds no value).
    expect(body.weeks.length).toBeGreaterThanOrEqual(5);
    expect(body.weeks.reduce((n, w) => n + w.calls, 0)).toBe(3);
    for (const w of body.weeks) expect(new Date(w.weekStart).getUTCDay()).toBe(1);
    const aWeek = body.weeks.filter((w) => w.calls > 0).at(-1);
    expect(aWeek?.talkRatio).toBe(0.941);

    // Tips: each kind with its count, calls and the quote at its moment.
    const kinds = Object.fromEntries(body.tips.map((t) => [t.kind, t]));
    expect(kinds.long_monologue).toMatchObject({ count: 1, calls: 1 });
    expect(kinds.long_monologue?.examples[0]).toMatchObject({ conversationId: ids.a, startMs: 0 });
    expect(kinds.unanswered_question?.examples[0]).toMatchObject({
      conversationId: ids.a,
      conversationTitle: "Dispatch demo",
      quote: "When will the export fix ship to production?",
      startMs: 151_000,
    });
    expect(body.tips.map((t) => t.count)).toEqual([...body.tips.map((t) => t.count)].sort((x, y) => y - x));
    for (const t of body.tips) expect(t.previousCount).not.toBeNull();
  });

  it("filters by period and explicit range", async () => {
    const { team, ids } = await seedTeam();
    const week = (await get(team.memberToken, team.memberId, "?period=7d")).json;
    expect(week.calls.map((x) => x.conversationId)).toEqual([ids.a, ids.f]);
    // The 7 days before: B.
    expect(week.previousCallCount).toBe(1);
    expect(week.metrics.talkRatio).toMatchObject({ average: 0.941, previousAverage: 0.375, change: 0.566 });

    const all = (await get(team.memberToken, team.memberId, "?period=all")).json;
    expect(all.callCount).toBe(4);
    expect(all.previousPeriod).toBeNull();
    expect(all.previousCallCount).toBeNull();
    expect(all.metrics.talkRatio.change).toBeNull();
    expect(all.weeks[0]?.calls).toBe(1);

    const from = new Date(Date.now() - 45 * DAY).toISOString();
    const to = new Date(Date.now() - 35 * DAY).toISOString();
    const range = (await get(team.memberToken, team.memberId, `?from=${from}&to=${to}`)).json;
    expect(range.calls.map((x) => x.conversationId)).toEqual([ids.c]);
    expect(range.period).toEqual({ from, to });
    expect(range.metrics.talkRatio.average).toBe(0.5);

    const bad = await call("GET", `/api/v1/reps/${team.memberId}/coaching?period=2w`, { token: team.memberToken });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain("period");
  });

  it("lets a member read only their own coaching, and an admin any rep of the organization", async () => {
    const { team, ids } = await seedTeam();
    const denied = await get(team.memberToken, team.adminId, "?period=30d");
    expect(denied.status).toBe(403);
    expect((denied.json as unknown as { error: { code: string } }).error.code).toBe("forbidden");
    expect((await get(team.memberToken, "usr_nobody")).status).toBe(403);

    const asAdmin = await get(team.adminToken, team.memberId, "?period=30d");
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.json.calls.map((x) => x.conversationId)).toEqual([ids.a, ids.f, ids.b]);

    // The admin's own calls: D (host) and F (host); not the member's A or B.
    const own = await get(team.adminToken, team.adminId, "?period=30d");
    expect(own.json.calls.map((x) => x.conversationId)).toEqual([ids.d, ids.f]);
    expect(own.json.rep.role).toBe("admin");
  });

  it("is a 404 for another organization's user or no user, and never counts another organization's calls", async () => {
    const { team, other, ids } = await seedTeam();
    const foreign = await get(team.adminToken, other.memberId);
    expect(foreign.status).toBe(404);
    expect((await get(team.adminToken, "usr_nobody")).status).toBe(404);
    const all = (await get(team.memberToken, team.memberId, "?period=all")).json;
    expect(all.calls.map((x) => x.conversationId)).not.toContain(ids.foreign);
    // The other organization's member (same name, another e-mail) has no calls there.
    const theirs = (await get(other.adminToken, other.memberId, "?period=all")).json;
    expect(theirs.callCount).toBe(0);
    expect(theirs.weeks).toEqual([]);
    expect(theirs.metrics.talkRatio).toEqual({
      average: null,
      median: null,
      total: null,
      max: null,
      previousAverage: null,
      change: null,
    });
  });
});
