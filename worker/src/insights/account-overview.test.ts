import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createAccount, createTestOrg } from "../../test/api-client.ts";
import { createDb } from "../platform/services.ts";
import { aroundInsightWrites } from "./rollups.ts";

const DAY = 86_400_000;

/** Seeds one conversation with a segment per insight, as the pipeline would have stored them. */
async function seedConversation(
  org: string,
  account: string,
  daysAgo: number,
  source: string,
  items: Array<{ kind: string; text: string; data?: unknown; confidence?: number }>,
  people: Array<{ name: string; email: string; side: "ours" | "theirs" }>,
) {
  const id = `conv_${crypto.randomUUID()}`;
  const startedAt = Date.now() - daysAgo * DAY;
  const statements = [
    env.DB.prepare(
      "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, account_id, routing, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'auto', 'analyzed', 1, 1)",
    ).bind(id, org, source, id, `Call ${daysAgo}d ago`, startedAt, account),
    ...people.map((p, i) =>
      env.DB.prepare(
        "INSERT INTO participants (id, organization_id, conversation_id, name, email, side) VALUES (?, ?, ?, ?, ?, ?)",
      ).bind(`${id}_p${i}`, org, id, p.name, p.email, p.side),
    ),
  ];
  items.forEach((item, seq) => {
    statements.push(
      env.DB.prepare(
        "INSERT INTO transcript_segments (organization_id, conversation_id, seq, speaker, start_ms, end_ms, text) VALUES (?, ?, ?, 'Pat Buyer', ?, ?, ?)",
      ).bind(org, id, seq, seq * 1000, seq * 1000 + 900, `Quote for ${item.text}.`),
      env.DB.prepare(
        "INSERT INTO insights (id, organization_id, conversation_id, account_id, kind, text, quote, segment_id, start_ms, confidence, data, analyzer, occurred_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT id FROM transcript_segments WHERE conversation_id = ? AND seq = ?), ?, ?, ?, 'builtin@1', ?, 1)",
      ).bind(
        `${id}_i${seq}`,
        org,
        id,
        account,
        item.kind,
        item.text,
        `Quote for ${item.text}.`,
        id,
        seq,
        seq * 1000,
        item.confidence ?? null,
        item.data ? JSON.stringify(item.data) : null,
        startedAt + seq * 1000,
      ),
    );
  });
  await env.DB.batch(statements);
  // Rows written by hand get their daily rollups the way the analysis job writes them.
  const db = createDb(env.DB);
  await db.batch([...aroundInsightWrites(db, org, id).after]);
  return id;
}

describe("GET /api/v1/accounts/{id}/overview", () => {
  it("aggregates topics, wins, issues, contacts, sentiment and closing by period, with sources", async () => {
    const { adminToken, memberToken, org } = await createTestOrg();
    const acme = await createAccount(adminToken, { name: "Acme", domains: ["acme.example"] });
    const other = await createAccount(adminToken, { name: "Other" });
    await call("POST", "/api/v1/contacts", {
      token: adminToken,
      body: { name: "Pat Buyer", email: "pat@acme.example", title: "VP Ops", accountId: acme.id },
    });
    // A contact who took part in none of the conversations: listed after them, with their last interaction.
    await call("POST", "/api/v1/contacts", {
      token: adminToken,
      body: { name: "Quinn Quiet", email: "quinn@acme.example", title: "CFO", accountId: acme.id },
    });
    await env.DB.prepare("UPDATE contacts SET last_interaction_at = ? WHERE email = ? AND organization_id = ?")
      .bind(Date.UTC(2026, 0, 2), "quinn@acme.example", org.id)
      .run();
    const pat = { name: "Pat B.", email: "pat@acme.example", side: "theirs" as const };
    const rep = { name: "Rita Rep", email: "rita@ourco.example", side: "ours" as const };

    const recent = await seedConversation(
      org.id,
      acme.id,
      2,
      "zoom_meeting",
      [
        { kind: "topic", text: "export timeouts", data: { mentions: 3 } },
        { kind: "issue", text: "The export keeps timing out" },
        { kind: "win", text: "Dispatch time down 30 percent" },
        { kind: "sentiment", text: "negative", confidence: -0.4 },
        {
          kind: "closing_probability",
          text: "64",
          confidence: 0.64,
          data: { reasons: ["issue raised", "next step dated"], signals: [] },
        },
        { kind: "next_step", text: "send the revised quote", data: { owner: "Rita Rep", due: "by Friday" } },
      ],
      [pat, rep],
    );
    await seedConversation(
      org.id,
      acme.id,
      20,
      "gong_call",
      [
        { kind: "topic", text: "Export Timeouts", data: { mentions: 1 } },
        { kind: "topic", text: "renewal pricing", data: { mentions: 2 } },
        { kind: "objection", text: "Price is higher than today", data: { category: "price" } },
        { kind: "sentiment", text: "positive", confidence: 0.5 },
        { kind: "closing_probability", text: "40", confidence: 0.4 },
      ],
      [pat],
    );
    await seedConversation(org.id, acme.id, 200, "zcc_messaging", [{ kind: "win", text: "Old praise" }], [pat]);
    await seedConversation(org.id, other.id, 1, "zoom_meeting", [{ kind: "win", text: "Not Acme's" }], []);

    const get = async (qs: string) =>
      (await call("GET", `/api/v1/accounts/${acme.id}/overview?${qs}`, { token: memberToken })).json;

    const week = await get("period=7d");
    expect(week.conversations.count).toBe(1);
    expect(week.topics.map((t: { phrase: string }) => t.phrase)).toEqual(["export timeouts"]);
    expect(week.issues).toMatchObject({ count: 1, items: [{ text: "The export keeps timing out" }] });
    expect(week.issues.items[0].source).toMatchObject({
      conversationId: recent,
      kind: "meeting",
      quote: "Quote for The export keeps timing out.",
      startMs: 1000,
      speaker: "Pat Buyer",
    });
    expect(week.closingProbability).toMatchObject({
      value: 64,
      reasons: ["issue raised", "next step dated"],
      conversationId: recent,
    });
    expect(week.nextSteps[0]).toMatchObject({ text: "send the revised quote", owner: "Rita Rep", due: "by Friday" });

    const quarter = await get("period=90d");
    expect(quarter.conversations.count).toBe(2);
    // The same topic in two conversations is merged and ranked first.
    expect(quarter.topics[0]).toMatchObject({ phrase: "export timeouts", conversations: 2, mentions: 4 });
    expect(quarter.topics.map((t: { phrase: string }) => t.phrase)).toContain("renewal pricing");
    expect(quarter.objections).toEqual([
      expect.objectContaining({ category: "price", text: "Price is higher than today" }),
    ]);
    expect(quarter.objections[0].source.kind).toBe("call");
    expect(quarter.sentimentByWeek.length).toBe(2);
    expect(quarter.sentimentByWeek.at(-1)).toMatchObject({ label: "negative", conversations: 1 });
    expect(quarter.wins.count).toBe(1);
    const theirs = quarter.contacts.find((c: { side: string }) => c.side === "theirs");
    expect(theirs).toMatchObject({ name: "Pat Buyer", title: "VP Ops", conversations: 2 });
    expect(quarter.contacts.find((c: { side: string }) => c.side === "ours")).toMatchObject({ name: "Rita Rep" });
    expect(quarter.contacts.find((c: { email: string | null }) => c.email === "quinn@acme.example")).toEqual({
      name: "Quinn Quiet",
      email: "quinn@acme.example",
      title: "CFO",
      side: "theirs",
      conversations: 0,
      lastInteractionAt: "2026-01-02T00:00:00.000Z",
    });
    expect(quarter.account.domains).toEqual(["acme.example"]);

    const all = await get("period=all");
    expect(all.period.from).toBeNull();
    expect(all.wins.items.map((w: { text: string }) => w.text)).toEqual([
      "Dispatch time down 30 percent",
      "Old praise",
    ]);
    expect(all.wins.items[1].source.kind).toBe("chat");

    const range = await get(
      `from=${new Date(Date.now() - 30 * DAY).toISOString()}&to=${new Date(Date.now() - 10 * DAY).toISOString()}`,
    );
    expect(range.conversations.count).toBe(1);
    expect(range.closingProbability.value).toBe(40);
    // A score stored before analyzer 1.3.0 has no reasons: an empty list, never a failure.
    expect(range.closingProbability.reasons).toEqual([]);
  });

  it("ranks topics by conversations, then by the day last heard, then by mentions (not the minute within a call)", async () => {
    const { adminToken, org } = await createTestOrg();
    const acme = await createAccount(adminToken, { name: "Acme" });
    // Noon UTC, so the seconds between a call's topics never cross into another day.
    const daysAgoAtNoon = (days: number) => {
      const noon = new Date();
      noon.setUTCHours(12, 0, 0, 0);
      return (Date.now() - noon.getTime()) / DAY + days;
    };
    await seedConversation(
      org.id,
      acme.id,
      daysAgoAtNoon(1),
      "zoom_meeting",
      [
        { kind: "topic", text: "memphis", data: { mentions: 11 } },
        { kind: "topic", text: "sandbox", data: { mentions: 4 } },
      ],
      [],
    );
    await seedConversation(
      org.id,
      acme.id,
      daysAgoAtNoon(3),
      "zoom_meeting",
      [{ kind: "topic", text: "pricing", data: { mentions: 20 } }],
      [],
    );
    const res = await call("GET", `/api/v1/accounts/${acme.id}/overview?period=7d`, { token: adminToken });
    expect(res.json.topics.map((t: { phrase: string }) => t.phrase)).toEqual(["memphis", "sandbox", "pricing"]);
  });

  it("names a bad period or range", async () => {
    const { adminToken } = await createTestOrg();
    const acme = await createAccount(adminToken, { name: "Acme" });
    const bad = await call("GET", `/api/v1/accounts/${acme.id}/overview?period=2w`, { token: adminToken });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain("period:");
    const backwards = await call(
      "GET",
      `/api/v1/accounts/${acme.id}/overview?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
      {
        token: adminToken,
      },
    );
    expect(backwards.json.error.message).toContain("from:");
  });
});
