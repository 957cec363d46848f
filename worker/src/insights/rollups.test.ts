import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createAccount, createTestOrg } from "../../test/api-client.ts";
import { analyzeConversation } from "../analysis/analyze-conversation.ts";
import { createDb, createServices } from "../platform/services.ts";
import { replaceZoomTranscript, upsertZoomConversation } from "../providers/zoom/store/store-zoom-conversation.ts";
import { aroundInsightWrites, DAY_MS, rebuildAllRollupsSql } from "./rollups.ts";

/**
 * The overview reads daily rollups for whole days and insight and participant rows for the window's
 * edges. These tests compare what it answers with the same figures computed straight from those rows
 * (the queries the overview ran before rollups existed), across periods, mid-day ranges, manual
 * reassignment, re-analysis and account deletion.
 */

type Item = { kind: string; text: string; mentions?: number; score?: number; atMs?: number };

/** A conversation with insight rows written by hand (no transcript), then its rollups recomputed. */
type Person = { name: string; email: string | null; side: "ours" | "theirs" | "unknown" };

async function seedConversation(
  org: string,
  account: string | null,
  startedAt: number,
  items: Item[],
  people: Person[] = [],
) {
  const id = `conv_${crypto.randomUUID()}`;
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, account_id, routing, status, created_at, updated_at) VALUES (?, ?, 'zoom_meeting', ?, 'Call', ?, ?, 'auto', 'analyzed', 1, 1)",
    ).bind(id, org, id, startedAt, account),
    ...people.map((p, n) =>
      env.DB.prepare(
        "INSERT INTO participants (id, organization_id, conversation_id, name, email, side) VALUES (?, ?, ?, ?, ?, ?)",
      ).bind(`${id}_p${n}`, org, id, p.name, p.email, p.side),
    ),
    ...items.map((item, n) =>
      env.DB.prepare(
        "INSERT INTO insights (id, organization_id, conversation_id, account_id, kind, text, quote, start_ms, confidence, data, analyzer, occurred_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'q', ?, ?, ?, 'builtin@1', ?, 1)",
      ).bind(
        `${id}_${n}`,
        org,
        id,
        account,
        item.kind,
        item.text,
        item.atMs ?? n * 1000,
        item.score ?? null,
        item.mentions ? JSON.stringify({ mentions: item.mentions }) : null,
        startedAt + (item.atMs ?? n * 1000),
      ),
    ),
  ]);
  const db = createDb(env.DB);
  await db.batch([...aroundInsightWrites(db, org, id).after]);
  return id;
}

const byPerson = (a: { side: string; email: string | null; name: string }, b: typeof a) =>
  a.side.localeCompare(b.side) || (a.email ?? a.name).localeCompare(b.email ?? b.name);

/** What the overview must say about topics, counts and weekly sentiment, from the insight rows alone. */
async function expectedFromInsights(org: string, account: string, from: number, to: number) {
  const scope = "organization_id = ?1 AND account_id = ?2 AND occurred_at >= ?3 AND occurred_at <= ?4";
  const args = [org, account, from, to];
  const topics = await env.DB.prepare(
    `SELECT lower(text) AS key, min(text) AS phrase, count(DISTINCT conversation_id) AS conversations, sum(coalesce(json_extract(data, '$.mentions'), 1)) AS mentions, max(occurred_at) AS last_at FROM insights WHERE ${scope} AND kind = 'topic' GROUP BY lower(text) ORDER BY conversations DESC, last_at / 86400000 DESC, mentions DESC, key LIMIT 15`,
  )
    .bind(...args)
    .all<{ phrase: string; conversations: number; mentions: number; last_at: number }>();
  const counts = await env.DB.prepare(
    `SELECT sum(kind = 'win') AS wins, sum(kind = 'issue') AS issues FROM insights WHERE ${scope}`,
  )
    .bind(...args)
    .first<{ wins: number | null; issues: number | null }>();
  const weeks = await env.DB.prepare(
    `SELECT (occurred_at / 86400000) - (((occurred_at / 86400000) + 3) % 7) AS week_day, avg(coalesce(confidence, 0)) AS score, count(*) AS n FROM insights WHERE ${scope} AND kind = 'sentiment' GROUP BY week_day ORDER BY week_day`,
  )
    .bind(...args)
    .all<{ week_day: number; score: number; n: number }>();
  // The participants query the overview ran before contact rollups (bare name and e-mail of the latest row).
  const people = await env.DB.prepare(
    "SELECT p.name, p.email, p.side, count(DISTINCT p.conversation_id) AS conversations, max(c.started_at) AS last_at FROM participants p JOIN conversations c ON c.id = p.conversation_id AND c.organization_id = ?1 WHERE p.organization_id = ?1 AND c.account_id = ?2 AND c.started_at >= ?3 AND c.started_at <= ?4 GROUP BY lower(coalesce(p.email, p.name)), p.side",
  )
    .bind(...args)
    .all<{ name: string; email: string | null; side: string; conversations: number; last_at: number }>();
  const started = await env.DB.prepare(
    "SELECT count(*) AS n, max(started_at) AS last_at FROM conversations WHERE organization_id = ?1 AND account_id = ?2 AND started_at >= ?3 AND started_at <= ?4",
  )
    .bind(...args)
    .first<{ n: number; last_at: number | null }>();
  return {
    conversations: {
      count: started?.n ?? 0,
      lastAt: started?.last_at ? new Date(started.last_at).toISOString() : null,
    },
    contacts: people.results
      .filter((p) => p.side !== "unknown")
      .map((p) => ({
        name: p.name,
        email: p.email,
        side: p.side,
        conversations: p.conversations,
        lastInteractionAt: new Date(p.last_at).toISOString(),
      }))
      .sort(byPerson),
    topics: await Promise.all(
      topics.results.map(async (t) => ({
        phrase: t.phrase.toLowerCase(),
        conversations: t.conversations,
        mentions: t.mentions,
        lastAt: new Date(t.last_at).toISOString(),
        // Its latest five rows (the overview's sources), as a sorted set: ties may come in any order.
        sources: (
          await env.DB.prepare(
            `SELECT conversation_id, occurred_at FROM insights WHERE ${scope} AND kind = 'topic' AND lower(text) = ?5 ORDER BY occurred_at DESC LIMIT 5`,
          )
            .bind(...args, t.phrase.toLowerCase())
            .all<{ conversation_id: string; occurred_at: number }>()
        ).results
          .map((r) => `${new Date(r.occurred_at).toISOString()} ${r.conversation_id}`)
          .sort(),
      })),
    ),
    wins: counts?.wins ?? 0,
    issues: counts?.issues ?? 0,
    weeks: weeks.results.map((w) => ({
      weekStart: new Date(w.week_day * DAY_MS).toISOString(),
      score: Math.round(w.score * 1000) / 1000,
      conversations: w.n,
    })),
  };
}

/** The overview's answer, reduced to the figures the rollups feed. */
async function overviewFigures(token: string, account: string, query: string) {
  const res = await call("GET", `/api/v1/accounts/${account}/overview?${query}`, { token });
  expect(res.status).toBe(200);
  const o = res.json;
  return {
    range: { from: o.period.from ? Date.parse(o.period.from) : 0, to: Date.parse(o.period.to) },
    figures: {
      conversations: o.conversations,
      contacts: o.contacts
        .map(
          (c: {
            name: string;
            email: string | null;
            side: string;
            conversations: number;
            lastInteractionAt: string;
          }) => ({
            name: c.name,
            email: c.email,
            side: c.side,
            conversations: c.conversations,
            lastInteractionAt: c.lastInteractionAt,
          }),
        )
        .sort(byPerson),
      topics: o.topics.map(
        (t: {
          phrase: string;
          conversations: number;
          mentions: number;
          lastAt: string;
          sources: Array<{ occurredAt: string; conversationId: string }>;
        }) => {
          // Newest first.
          const times = t.sources.map((x) => x.occurredAt);
          expect(times).toEqual([...times].sort().reverse());
          return {
            phrase: t.phrase,
            conversations: t.conversations,
            mentions: t.mentions,
            lastAt: t.lastAt,
            sources: t.sources.map((x) => `${x.occurredAt} ${x.conversationId}`).sort(),
          };
        },
      ),
      wins: o.wins.count,
      issues: o.issues.count,
      weeks: o.sentimentByWeek.map((w: { weekStart: string; score: number; conversations: number }) => ({
        weekStart: w.weekStart,
        score: w.score,
        conversations: w.conversations,
      })),
    },
    topicSources: o.topics.map((t: { sources: unknown[] }) => t.sources.length),
  };
}

async function expectMatchesInsights(token: string, org: string, account: string, query: string) {
  const { range, figures, topicSources } = await overviewFigures(token, account, query);
  expect(figures).toEqual(await expectedFromInsights(org, account, range.from, range.to));
  return { figures, topicSources };
}

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

const PERIODS = ["period=7d", "period=30d", "period=90d", "period=365d", "period=all"];

/** A deterministic spread of conversations over ~400 days, many at the edges of UTC days. */
async function seedSpread(org: string, account: string, count: number, now: number) {
  const phrases = ["Pricing", "pricing", "SSO", "export timeouts", "Export Timeouts", "renewal", "mobile app"];
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    const dayStart = Math.floor((now - ((n * 37) % 400) * DAY_MS) / DAY_MS) * DAY_MS;
    // Half start just before midnight UTC, so their later insights fall on the next day.
    const startedAt = n % 2 ? dayStart + DAY_MS - 90_000 : dayStart + ((n * 7919) % DAY_MS);
    const items: Item[] = [
      { kind: "topic", text: phrases[n % phrases.length] ?? "x", mentions: 1 + (n % 3), atMs: 0 },
      { kind: "topic", text: phrases[(n + 3) % phrases.length] ?? "y", atMs: 120_000 },
      { kind: n % 3 ? "win" : "issue", text: `item ${n}`, atMs: 60_000 },
      { kind: "sentiment", text: "neutral", score: ((n % 9) - 4) / 8, atMs: 100_000 },
    ];
    if (n % 4 === 0) items.push({ kind: "win", text: `extra ${n}`, atMs: 30_000 });
    // People come back under other spellings; the overview shows the latest one.
    const people: Person[] = [
      {
        name: n % 3 ? "Pat Buyer" : "Patricia Buyer",
        email: n % 2 ? "pat@acme.example" : "PAT@acme.example",
        side: "theirs",
      },
      { name: `Guest ${n % 5}`, email: null, side: n % 5 ? "theirs" : "unknown" },
      { name: `Rep ${n % 3}`, email: `rep${n % 3}@ourco.example`, side: "ours" },
    ];
    ids.push(await seedConversation(org, account, Math.min(startedAt, now - 200_000), items, people));
    // Now and then a conversation with no insights yet (stored, not analyzed): counted all the same.
    if (n % 5 === 2) await seedConversation(org, account, Math.min(startedAt + 3_600_000, now - 100_000), []);
  }
  return ids;
}

describe("account rollups", () => {
  it("give the same topics, counts and weekly sentiment as the insight rows, for every period and mid-day ranges", async () => {
    const { adminToken, org } = await createTestOrg();
    const acme = await createAccount(adminToken, { name: "Acme" });
    const now = Date.now();
    await seedSpread(org.id, acme.id, 40, now);
    for (const query of PERIODS) {
      const { figures, topicSources } = await expectMatchesInsights(adminToken, org.id, acme.id, query);
      if (query !== "period=7d") expect(figures.topics.length).toBeGreaterThan(0);
      expect(topicSources.every((n: number) => n > 0 && n <= 5)).toBe(true);
    }
    const all = await overviewFigures(adminToken, acme.id, "period=all");
    expect(all.figures.wins).toBeGreaterThan(20);
    // Case variants of a phrase are one topic.
    expect(all.figures.topics.filter((t: { phrase: string }) => t.phrase === "pricing")).toHaveLength(1);
    // Ranges whose ends cut days in the middle (edges read from the insight rows), and within one day.
    for (const [fromAgo, toAgo] of [
      [200.4, 10.7],
      [399.9, 0.1],
      [37.5, 36.9],
      [3.25, 3.2],
    ] as const) {
      const from = new Date(now - fromAgo * DAY_MS).toISOString();
      const to = new Date(now - toAgo * DAY_MS).toISOString();
      await expectMatchesInsights(adminToken, org.id, acme.id, `from=${from}&to=${to}`);
    }
  });

  it("give the same figures for windows of whole weeks (week rows), the days around them and their edges", async () => {
    const { adminToken, org } = await createTestOrg();
    const acme = await createAccount(adminToken, { name: "Acme" });
    const now = Date.now();
    await seedSpread(org.id, acme.id, 60, now);
    // A Monday 00:00 UTC some weeks back (day 4 since the epoch was a Monday).
    const today = Math.floor(now / DAY_MS);
    const monday = (today - ((today + 3) % 7) - 7 * 30) * DAY_MS;
    const windows: Array<[number, number]> = [
      [monday, monday + 8 * 7 * DAY_MS - 1], // exactly 8 whole weeks: week rows only
      [monday, monday + 7 * DAY_MS - 1], // exactly one week
      [monday + DAY_MS, monday + 7 * DAY_MS - 1], // six whole days, no whole week
      [monday + DAY_MS, monday + 14 * DAY_MS - 1], // six days, then a whole week
      [monday, monday + 7 * DAY_MS], // a whole week and the first millisecond of the next
      [monday - 1, monday + 21 * DAY_MS], // the last millisecond of a Sunday, three weeks, one millisecond
      [monday - 3 * DAY_MS, monday + 10 * 7 * DAY_MS + 2 * DAY_MS - 1], // whole days around whole weeks
      [monday - 2.6 * DAY_MS, monday + 19 * 7 * DAY_MS + 4.3 * DAY_MS], // partial days, days, 19 weeks
      [monday + 3.5 * DAY_MS, monday + 10.5 * DAY_MS], // a week's span from Thursday noon
      [monday + 5 * DAY_MS, monday + 13 * DAY_MS - 1], // Saturday to Saturday: two day ranges, no week
    ];
    for (const [from, to] of windows) {
      const iso = (ms: number) => new Date(ms).toISOString();
      await expectMatchesInsights(adminToken, org.id, acme.id, `from=${iso(from)}&to=${iso(to)}`);
    }
    const eightWeeks = await overviewFigures(
      adminToken,
      acme.id,
      `from=${new Date(monday).toISOString()}&to=${new Date(monday + 8 * 7 * DAY_MS - 1).toISOString()}`,
    );
    expect(eightWeeks.figures.topics.length).toBeGreaterThan(0);
    expect(eightWeeks.figures.contacts.length).toBeGreaterThan(0);
  });

  it("follow a conversation reassigned to another account and back, and a deleted account", async () => {
    const { adminToken, org } = await createTestOrg();
    const acme = await createAccount(adminToken, { name: "Acme" });
    const globex = await createAccount(adminToken, { name: "Globex" });
    const now = Date.now();
    const ids = await seedSpread(org.id, acme.id, 12, now);
    const moved = ids[1] ?? "";
    const before = await overviewFigures(adminToken, acme.id, "period=all");

    const put = (accountId: string | null) =>
      call("PUT", `/api/v1/conversations/${moved}/account`, { token: adminToken, body: { accountId } });
    expect((await put(globex.id)).status).toBe(200);
    for (const account of [acme.id, globex.id])
      for (const query of PERIODS) await expectMatchesInsights(adminToken, org.id, account, query);
    const globexAll = await overviewFigures(adminToken, globex.id, "period=all");
    expect(globexAll.figures.wins + globexAll.figures.issues).toBeGreaterThan(0);

    expect((await put(null)).status).toBe(200);
    expect((await overviewFigures(adminToken, globex.id, "period=all")).figures).toMatchObject({
      topics: [],
      wins: 0,
      issues: 0,
      weeks: [],
    });
    expect((await put(acme.id)).status).toBe(200);
    expect((await overviewFigures(adminToken, acme.id, "period=all")).figures).toEqual(before.figures);

    // Deleting an account unassigns its insights and drops its rollups.
    expect((await call("DELETE", `/api/v1/accounts/${acme.id}`, { token: adminToken })).status).toBe(204);
    const left = await env.DB.prepare(
      `SELECT ${ROLLUP_TABLES.map((t) => `(SELECT count(*) FROM ${t} WHERE account_id = ?1)`).join(" + ")} AS n`,
    )
      .bind(acme.id)
      .first<{ n: number }>();
    expect(left?.n).toBe(0);
  });

  it("are rewritten, never added to, when a conversation is analyzed again or was re-routed by ingestion", async () => {
    const { adminToken, org } = await createTestOrg();
    const acme = await createAccount(adminToken, { name: "Acme" });
    const initech = await createAccount(adminToken, { name: "Initech" });
    const now = Date.now();
    await seedSpread(org.id, acme.id, 6, now);
    const id = `conv_${crypto.randomUUID()}`;
    const lines = [
      "Honestly the rollout cut our dispatch time by thirty percent and the team loves it.",
      "The export keeps timing out though, which is really frustrating for our finance people.",
      "Also the price is higher than what we pay today, so I need to justify the renewal pricing.",
      "The renewal pricing and the export timeouts are what my CFO will ask about.",
    ];
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, account_id, routing, status, created_at, updated_at) VALUES (?, ?, 'zoom_meeting', ?, 'Review', ?, ?, 'auto', 'stored', 1, 1)",
      ).bind(id, org.id, id, now - 2 * DAY_MS, acme.id),
      ...lines.map((text, seq) =>
        env.DB.prepare(
          "INSERT INTO transcript_segments (organization_id, conversation_id, seq, speaker, start_ms, end_ms, text) VALUES (?, ?, ?, 'Carl Customer', ?, ?, ?)",
        ).bind(org.id, id, seq, seq * 8000, seq * 8000 + 7000, text),
      ),
    ]);
    const services = createServices(env, { test: true });
    await analyzeConversation(services, org.id, id);
    const once = await expectMatchesInsights(adminToken, org.id, acme.id, "period=all");
    await analyzeConversation(services, org.id, id);
    await analyzeConversation(services, org.id, id);
    const thrice = await expectMatchesInsights(adminToken, org.id, acme.id, "period=all");
    expect(thrice.figures).toEqual(once.figures);
    for (const query of PERIODS) await expectMatchesInsights(adminToken, org.id, acme.id, query);

    // Ingestion re-routes the conversation (a new transcript changed the participants) without
    // touching its insights; the next analysis moves its rollups off the old account.
    await env.DB.prepare("UPDATE conversations SET account_id = ? WHERE id = ?").bind(initech.id, id).run();
    await analyzeConversation(services, org.id, id);
    for (const account of [acme.id, initech.id]) await expectMatchesInsights(adminToken, org.id, account, "period=all");
    const initechAll = await overviewFigures(adminToken, initech.id, "period=all");
    expect(initechAll.figures.topics.length).toBeGreaterThan(0);
    const left = await env.DB.prepare("SELECT count(*) AS n FROM rollup_dirty_days").first<{ n: number }>();
    expect(left?.n).toBe(0);
  });

  it("count a conversation as soon as its transcript is stored, and follow its start when Zoom moves it", async () => {
    const { adminToken, org } = await createTestOrg();
    const acme = await createAccount(adminToken, { name: "Acme" });
    const now = Date.now();
    await seedSpread(org.id, acme.id, 5, now);
    const db = createDb(env.DB);
    const meeting = {
      uuid: `uuid-${crypto.randomUUID()}`,
      title: "Renewal call",
      startedAt: new Date(now - 3 * DAY_MS),
      durationSeconds: 1800,
      hostEmail: null,
      hostUserId: null,
    };
    const { id } = await upsertZoomConversation(db, org.id, meeting, new Date(now));
    const before = await overviewFigures(adminToken, acme.id, "period=all");
    await replaceZoomTranscript(db, {
      organizationId: org.id,
      conversationId: id,
      webhookEventId: "evt_none",
      segments: [{ speaker: "Carl Customer", startMs: 0, endMs: 4000, text: "Hello there." }],
      people: [
        {
          name: "Carl Customer",
          email: "carl@acme.example",
          side: "theirs",
          contactId: null,
          joinedAt: null,
          leftAt: null,
        },
      ],
      decision: { routing: "auto", accountId: acme.id, matchedBy: "email" },
      transcriptKey: "k",
      transcriptHash: "h",
      now: new Date(now),
    });
    // Stored, not analyzed: it counts, and its participant is a contact, in every period that holds it.
    const stored = await overviewFigures(adminToken, acme.id, "period=all");
    expect(stored.figures.conversations.count).toBe(before.figures.conversations.count + 1);
    expect(stored.figures.contacts.map((c: { email: string | null }) => c.email)).toContain("carl@acme.example");
    for (const query of PERIODS) await expectMatchesInsights(adminToken, org.id, acme.id, query);
    const storedWeek = await overviewFigures(adminToken, acme.id, "period=7d");

    // Zoom reports another start (weeks earlier): the count moves with it, in one batch.
    await upsertZoomConversation(db, org.id, { ...meeting, startedAt: new Date(now - 60 * DAY_MS) }, new Date(now));
    const movedWeek = await overviewFigures(adminToken, acme.id, "period=7d");
    expect(movedWeek.figures.conversations.count).toBe(storedWeek.figures.conversations.count - 1);
    for (const query of PERIODS) await expectMatchesInsights(adminToken, org.id, acme.id, query);
    const left = await env.DB.prepare("SELECT count(*) AS n FROM rollup_dirty_days").first<{ n: number }>();
    expect(left?.n).toBe(0);
  });

  it("can be rebuilt from scratch (the migration's backfill) with the same result", async () => {
    const { adminToken, org } = await createTestOrg();
    const acme = await createAccount(adminToken, { name: "Acme" });
    await seedSpread(org.id, acme.id, 15, Date.now());
    // Every rollup table, day and week level, row for row (columns after the key, in key order).
    const snapshot = () =>
      Promise.all(
        ROLLUP_TABLES.map(async (table) => {
          const rows = await env.DB.prepare(`SELECT * FROM ${table} WHERE organization_id = ? ORDER BY 1, 2, 3, 4, 5`)
            .bind(org.id)
            .all();
          return rows.results;
        }),
      );
    const incremental = await snapshot();
    await env.DB.batch(rebuildAllRollupsSql(org.id).map((statement) => env.DB.prepare(statement)));
    const rebuilt = await snapshot();
    expect(rebuilt).toEqual(incremental);
    for (const rows of rebuilt) expect(rows.length).toBeGreaterThan(2);
    await expectMatchesInsights(adminToken, org.id, acme.id, "period=all");
  });
});
