import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createAccount, createTestOrg } from "../../test/api-client.ts";

const DAY = 86_400_000;

/** A small deterministic generator, so the seeded rows vary but every run is the same. */
function generator(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return Math.floor((s / 2_147_483_648) * n);
  };
}

interface SeededConversation {
  accountId: string;
  startedAt: number;
  wins: number;
  issues: number;
  closing: number | null;
  /** The sentiment curve's last label, or null when the conversation was not analyzed. */
  ending: string | null;
}

describe("GET /api/v1/reports/attribution", () => {
  it("equals a recount over the seeded rows, per lead source, with contacts' lead sources for accounts without one", async () => {
    const { adminToken, memberToken, org } = await createTestOrg("Attribution");
    const utm = { utmSource: "google", utmMedium: "cpc", utmCampaign: "spring" };
    const a1 = await createAccount(adminToken, { name: "Utm One", leadSource: utm });
    const a2 = await createAccount(adminToken, { name: "Utm Two", leadSource: { ...utm } });
    const a3 = await createAccount(adminToken, { name: "Webinar Own", leadSource: "Webinar" });
    const a4 = await createAccount(adminToken, { name: "Webinar By Contact" });
    const a5 = await createAccount(adminToken, { name: "Unattributed" });
    const firstContact = await call("POST", "/api/v1/contacts", {
      token: adminToken,
      body: {
        accountId: a4.id,
        name: "Lee",
        email: `lee@${crypto.randomUUID().slice(0, 6)}.example`,
        leadSource: { crmLeadSource: "Webinar" },
      },
    });
    expect(firstContact.status).toBe(201);
    expect(firstContact.json.leadSource).toEqual({
      utmSource: null,
      utmMedium: null,
      utmCampaign: null,
      crmLeadSource: "Webinar",
    });
    // A later contact of the same account with another lead source does not change the account's.
    await env.DB.prepare(
      "INSERT INTO contacts (id, organization_id, account_id, name, side, crm_lead_source, created_at) VALUES (?, ?, ?, 'Later', 'theirs', 'Trade Show', ?)",
    )
      .bind(`ctc_later_${crypto.randomUUID()}`, org.id, a4.id, Date.now() + 1000)
      .run();

    const now = Date.now();
    const next = generator(1234);
    const labels = ["positive", "neutral", "negative"];
    const seeded: SeededConversation[] = [];
    for (const account of [a1, a2, a3, a4, a5])
      for (let i = 0; i < 2 + next(4); i++) {
        const inside = next(4) !== 0;
        seeded.push({
          accountId: account.id,
          startedAt: inside ? now - (1 + next(80)) * DAY - next(1000) : now - (100 + next(200)) * DAY,
          wins: next(4),
          issues: next(3),
          closing: next(5) === 0 ? null : 5 + next(90),
          ending: next(6) === 0 ? null : (labels[next(3)] as string),
        });
      }
    // a5 talked to nobody in the window: it must count as an account with no conversation.
    const statements: D1PreparedStatement[] = [];
    seeded.forEach((c, n) => {
      if (c.accountId === a5.id) c.startedAt = now - 300 * DAY;
      const id = `conv_attr_${n}_${crypto.randomUUID().slice(0, 8)}`;
      statements.push(
        env.DB.prepare(
          "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, account_id, routing, status, created_at, updated_at) VALUES (?, ?, 'gong_call', ?, 'Call', ?, ?, 'auto', 'analyzed', 1, 1)",
        ).bind(id, org.id, id, c.startedAt, c.accountId),
      );
      const insight = (kind: string, text: string, startMs: number, confidence: number | null, data: unknown) =>
        env.DB.prepare(
          "INSERT INTO insights (id, organization_id, conversation_id, account_id, kind, text, start_ms, confidence, data, analyzer, occurred_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'builtin@test', ?, 1)",
        ).bind(
          `ins_${crypto.randomUUID()}`,
          org.id,
          id,
          c.accountId,
          kind,
          text,
          startMs,
          confidence,
          data === null ? null : JSON.stringify(data),
          c.startedAt + startMs,
        );
      for (let w = 0; w < c.wins; w++) statements.push(insight("win", `win ${w}`, w * 1000, null, null));
      for (let s = 0; s < c.issues; s++) statements.push(insight("issue", `issue ${s}`, s * 1000, null, null));
      if (c.closing !== null)
        statements.push(insight("closing_probability", String(c.closing), 5000, c.closing / 100, { reasons: [] }));
      if (c.ending !== null) {
        // The overall label differs from how the call ended: the report must read the end.
        const overall = c.ending === "positive" ? "negative" : "positive";
        statements.push(
          insight("sentiment", overall, 0, 0, {
            overTime: [
              { label: overall, score: 0, startMs: 0, endMs: 1 },
              { label: c.ending, score: 0, startMs: 1, endMs: 2 },
            ],
          }),
        );
      }
    });
    for (let i = 0; i < statements.length; i += 50) await env.DB.batch(statements.slice(i, i + 50));

    // The recount: plain loops over what was seeded.
    const from = now - 90 * DAY;
    const groupOf: Record<string, string> = {
      [a1.id]: "utm: google / cpc / spring",
      [a2.id]: "utm: google / cpc / spring",
      [a3.id]: "crm: Webinar",
      [a4.id]: "crm: Webinar",
      [a5.id]: "(none)",
    };
    const expected = new Map<string, Record<string, number | null>>();
    for (const label of new Set(Object.values(groupOf))) {
      const accountIds = Object.keys(groupOf).filter((id) => groupOf[id] === label);
      let conversations = 0;
      let wins = 0;
      let issues = 0;
      const closings: number[] = [];
      let ended = 0;
      let positive = 0;
      for (const accountId of accountIds) {
        const inWindow = seeded
          .filter((c) => c.accountId === accountId && c.startedAt >= from)
          .sort((x, y) => x.startedAt - y.startedAt);
        conversations += inWindow.length;
        for (const c of inWindow) {
          wins += c.wins;
          issues += c.issues;
        }
        const lastScored = inWindow.filter((c) => c.closing !== null).at(-1);
        if (lastScored?.closing != null) closings.push(lastScored.closing);
        const lastAnalyzed = inWindow.filter((c) => c.ending !== null).at(-1);
        if (lastAnalyzed) {
          ended++;
          if (lastAnalyzed.ending === "positive") positive++;
        }
      }
      expected.set(label, {
        accounts: accountIds.length,
        conversations,
        wins,
        issues,
        averageClosingProbability: closings.length
          ? Math.round((closings.reduce((a, b) => a + b, 0) / closings.length) * 10) / 10
          : null,
        positiveLatestShare: ended ? Math.round((positive / ended) * 1000) / 1000 : null,
        accountsWithLatestCall: ended,
      });
    }

    const report = await call("GET", "/api/v1/reports/attribution?period=90d", { token: memberToken });
    expect(report.status).toBe(200);
    expect(report.json.rows.map((r: { label: string }) => r.label)).toEqual([
      "crm: Webinar",
      "utm: google / cpc / spring",
      "(none)",
    ]);
    for (const row of report.json.rows) {
      const { leadSource: _source, label, ...figures } = row;
      expect(figures, label).toEqual(expected.get(label));
    }
    expect(report.json.rows[1].leadSource).toEqual({ ...utm, crmLeadSource: null });
    // Some figures are not trivially zero, so the recount compares something.
    expect(report.json.rows.reduce((n: number, r: { wins: number }) => n + r.wins, 0)).toBeGreaterThan(0);
    expect(report.json.rows.some((r: { positiveLatestShare: number | null }) => r.positiveLatestShare === 0.5)).toBe(
      true,
    );

    // By one part: the campaign alone.
    const byCampaign = await call("GET", "/api/v1/reports/attribution?period=90d&by=utm_campaign", {
      token: memberToken,
    });
    expect(byCampaign.json.rows.map((r: { label: string; accounts: number }) => [r.label, r.accounts])).toEqual([
      ["utm: - / - / spring", 2],
      ["(none)", 3],
    ]);
    expect((await call("GET", "/api/v1/reports/attribution?period=2w", { token: memberToken })).status).toBe(400);
    expect((await call("GET", "/api/v1/reports/attribution")).status).toBe(401);

    // Another organization sees none of these accounts.
    const other = await createTestOrg("Attribution other");
    const theirs = await call("GET", "/api/v1/reports/attribution?period=all", { token: other.memberToken });
    expect(theirs.json.rows).toEqual([]);
  });

  it("accounts take a lead source through create and update, as four parts or a CRM value", async () => {
    const { adminToken } = await createTestOrg("Lead source");
    const created = await createAccount(adminToken, { name: "Initech", leadSource: "Partner" });
    const patched = await call("PATCH", `/api/v1/accounts/${created.id}`, {
      token: adminToken,
      body: { leadSource: { utmSource: "linkedin", utmCampaign: "q4" } },
    });
    expect(patched.json.leadSource).toEqual({
      utmSource: "linkedin",
      utmMedium: null,
      utmCampaign: "q4",
      crmLeadSource: null,
    });
    const cleared = await call("PATCH", `/api/v1/accounts/${created.id}`, {
      token: adminToken,
      body: { leadSource: null },
    });
    expect(cleared.json.leadSource).toBeNull();
    const bad = await call("PATCH", `/api/v1/accounts/${created.id}`, {
      token: adminToken,
      body: { leadSource: { utmSource: "x", campaign: "typo" } },
    });
    expect(bad.status).toBe(400);
  });
});

describe("migration 0026", () => {
  it("keeps the free-text lead sources as CRM lead sources", async () => {
    const db = env.MIGRATION_TEST_DB;
    await applyD1Migrations(
      db,
      env.TEST_MIGRATIONS.filter((m) => Number(m.name.slice(0, 4)) <= 25),
    );
    await db.batch([
      db.prepare(
        "INSERT INTO accounts (id, organization_id, name, normalized_name, lead_source, created_at, updated_at) VALUES ('acct_ls1', 'org_ls', 'One', 'one', ' Webinar ', 1, 1), ('acct_ls2', 'org_ls', 'Two', 'two', NULL, 1, 1), ('acct_ls3', 'org_ls', 'Three', 'three', '', 1, 1)",
      ),
    ]);
    await applyD1Migrations(db, env.TEST_MIGRATIONS);
    const rows = await db
      .prepare("SELECT id, crm_lead_source, utm_source FROM accounts WHERE organization_id = 'org_ls' ORDER BY id")
      .all();
    expect(rows.results).toEqual([
      { id: "acct_ls1", crm_lead_source: "Webinar", utm_source: null },
      { id: "acct_ls2", crm_lead_source: null, utm_source: null },
      { id: "acct_ls3", crm_lead_source: null, utm_source: null },
    ]);
  });
});
