import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createAccount, createTestOrg } from "../../test/api-client.ts";

describe("accounts API", () => {
  it("creates an account with normalized domains and a canonical Salesforce id", async () => {
    const { adminToken } = await createTestOrg();
    const res = await call("POST", "/api/v1/accounts", {
      token: adminToken,
      body: {
        name: "Acme, Inc.",
        domains: ["Acme.com", "acme.co.uk", "acme.com"],
        salesforceId: "001D000000IqhSL",
        hubspotId: "991",
      },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      name: "Acme, Inc.",
      domains: ["acme.co.uk", "acme.com"],
      salesforceId: "001D000000IqhSLIAZ",
      hubspotId: "991",
    });
    const got = await call("GET", `/api/v1/accounts/${res.json.id}`, { token: adminToken });
    expect(got.json.domains).toEqual(["acme.co.uk", "acme.com"]);
  });

  it("answers 409, not 500, when two admins add the same domain at once", async () => {
    const { adminToken } = await createTestOrg();
    const both = await Promise.all(
      ["Twin A", "Twin B"].map((name) =>
        call("POST", "/api/v1/accounts", { token: adminToken, body: { name, domains: ["twin.example"] } }),
      ),
    );
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const refused = both.find((r) => r.status === 409);
    expect(refused?.json.error.message).toMatch(/^domains: /);
    const contacts = await Promise.all(
      ["Jo", "Jo again"].map((name) =>
        call("POST", "/api/v1/contacts", { token: adminToken, body: { name, email: "jo@twin.example" } }),
      ),
    );
    expect(contacts.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it("refuses a domain or CRM id that another account already has, writing nothing", async () => {
    const { adminToken } = await createTestOrg();
    const first = await createAccount(adminToken, { name: "First", domains: ["first.com"], hubspotId: "42" });
    const dupDomain = await call("POST", "/api/v1/accounts", {
      token: adminToken,
      body: { name: "Second", domains: ["new.com", "first.com"] },
    });
    expect(dupDomain.status).toBe(409);
    // The reason names the field and the account that has the domain, so the admin knows where to look.
    expect(dupDomain.json.error.message).toBe(`domains: first.com already belongs to account “First” (${first.id})`);
    const dupCrm = await call("POST", "/api/v1/accounts", {
      token: adminToken,
      body: { name: "Third", hubspotId: "42" },
    });
    expect(dupCrm.status).toBe(409);
    expect(dupCrm.json.error.message).toBe(`hubspotId: 42 already belongs to account “First” (${first.id})`);
    const all = await call("GET", "/api/v1/accounts?q=second", { token: adminToken });
    expect(all.json.accounts).toEqual([]);
    // The same domain in another organization is fine: orgs never see each other.
    const other = await createTestOrg();
    expect(
      (await call("POST", "/api/v1/accounts", { token: other.adminToken, body: { name: "X", domains: ["first.com"] } }))
        .status,
    ).toBe(201);
  });

  it("updates fields and replaces domains; deleting keeps conversations, unassigned", async () => {
    const { adminToken, org } = await createTestOrg();
    const account = await createAccount(adminToken, { name: "Old Name", domains: ["old.com"] });
    const patched = await call("PATCH", `/api/v1/accounts/${account.id}`, {
      token: adminToken,
      body: { name: "New Name", domains: ["new.com"], leadSource: "Referral" },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({
      name: "New Name",
      domains: ["new.com"],
      leadSource: { utmSource: null, utmMedium: null, utmCampaign: null, crmLeadSource: "Referral" },
    });
    const byOldDomain = await call("GET", "/api/v1/accounts/lookup?domain=old.com", { token: adminToken });
    expect(byOldDomain.status).toBe(404);

    await env.DB.prepare(
      "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, account_id, routing, status, created_at, updated_at) VALUES ('conv_1', ?, 'zoom_meeting', 'z1', 'Call', 1, ?, 'auto', 'stored', 1, 1)",
    )
      .bind(org.id, account.id)
      .run();
    expect((await call("DELETE", `/api/v1/accounts/${account.id}`, { token: adminToken })).status).toBe(204);
    expect((await call("GET", `/api/v1/accounts/${account.id}`, { token: adminToken })).status).toBe(404);
    const conversation = await env.DB.prepare(
      "SELECT account_id, routing FROM conversations WHERE id = 'conv_1'",
    ).first();
    expect(conversation).toEqual({ account_id: null, routing: "unassigned" });
  });
});

describe("GET /api/v1/accounts", () => {
  it("lists my accounts first by recent activity, then the organization's others", async () => {
    const { adminToken, memberToken, memberId, org } = await createTestOrg();
    const owned = await createAccount(adminToken, { name: "Owned", ownerUserId: memberId });
    const talkedTo = await createAccount(adminToken, { name: "Talked To" });
    const others = await createAccount(adminToken, { name: "Someone Else's" });
    const listed = async (token: string) => {
      const res = await call("GET", "/api/v1/accounts", { token });
      return {
        scope: res.json.scope,
        rows: res.json.accounts.map((a: { id: string; mine: boolean }) => [a.id, a.mine]),
      };
    };

    // Owned comes first although it is the oldest; the rest are the organization's, newest first.
    expect(await listed(memberToken)).toEqual({
      scope: "mine",
      rows: [
        [owned.id, true],
        [others.id, false],
        [talkedTo.id, false],
      ],
    });

    await env.DB.prepare(
      "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, host_user_id, account_id, routing, status, created_at, updated_at) VALUES ('conv_m', ?, 'zoom_meeting', 'zm', 'Call', 5000, ?, ?, 'auto', 'stored', 1, 1)",
    )
      .bind(org.id, memberId, talkedTo.id)
      .run();
    await env.DB.prepare("UPDATE accounts SET last_activity_at = 5000 WHERE id = ?").bind(talkedTo.id).run();
    expect((await listed(memberToken)).rows).toEqual([
      [talkedTo.id, true],
      [owned.id, true],
      [others.id, false],
    ]);

    // The admin owns nothing and hosted nothing: the organization's accounts, by activity.
    const adminView = await listed(adminToken);
    expect(adminView.scope).toBe("all");
    expect(adminView.rows[0]).toEqual([talkedTo.id, false]);
  });

  it("searches by prefix, domain and with typos, ranked, within the organization only", async () => {
    const { adminToken } = await createTestOrg();
    await createAccount(adminToken, { name: "Initech Software", domains: ["initech.com"] });
    await createAccount(adminToken, { name: "Initrode", domains: ["initrode.io"] });
    const other = await createTestOrg();
    await createAccount(other.adminToken, { name: "Initech Clone", domains: ["initech-clone.com"] });

    const names = async (q: string) =>
      (await call("GET", `/api/v1/accounts?q=${encodeURIComponent(q)}`, { token: adminToken })).json.accounts.map(
        (a: { name: string }) => a.name,
      );
    expect(await names("initech")).toEqual(["Initech Software"]);
    expect(await names("init")).toEqual(expect.arrayContaining(["Initech Software", "Initrode"]));
    expect(await names("initrode.io")).toEqual(["Initrode"]);
    expect(await names("intiech")).toEqual(["Initech Software"]);
    expect(await names("clone")).toEqual([]);
  });

  it("rejects a bad limit naming the field", async () => {
    const { adminToken } = await createTestOrg();
    const res = await call("GET", "/api/v1/accounts?limit=1000", { token: adminToken });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain("limit:");
  });
});

describe("GET /api/v1/accounts/lookup", () => {
  async function setup() {
    const t = await createTestOrg();
    const acme = await createAccount(t.adminToken, {
      name: "Acme Corp",
      domains: ["acme.com"],
      salesforceId: "001D000000IqhSL",
      hubspotId: "555",
    });
    const sales = await createAccount(t.adminToken, { name: "Acme Sales EU", domains: ["eu.acme.com"] });
    await call("POST", "/api/v1/contacts", {
      token: t.adminToken,
      body: { name: "Pat Gmail", email: "pat.buyer@gmail.com", accountId: acme.id },
    });
    return { ...t, acme, sales };
  }
  const lookup = (token: string, qs: string) => call("GET", `/api/v1/accounts/lookup?${qs}`, { token });

  it("resolves CRM ids in either Salesforce form, and HubSpot ids", async () => {
    const { memberToken, acme } = await setup();
    for (const qs of [
      "crm=salesforce&crmId=001D000000IqhSL",
      "crm=salesforce&crmId=001D000000IqhSLIAZ",
      "crm=hubspot&crmId=555",
    ]) {
      const res = await lookup(memberToken, qs);
      expect(res.status, qs).toBe(200);
      expect(res.json).toMatchObject({ matchedBy: "crm", account: { id: acme.id } });
    }
    expect((await lookup(memberToken, "crm=hubspot&crmId=556")).status).toBe(404);
  });

  it("resolves domains, websites and sub-domains, most specific first", async () => {
    const { memberToken, acme, sales } = await setup();
    expect((await lookup(memberToken, "domain=https://www.acme.com/pricing")).json.account.id).toBe(acme.id);
    expect((await lookup(memberToken, "domain=mail.acme.com")).json.account.id).toBe(acme.id);
    expect((await lookup(memberToken, "domain=eu.acme.com")).json.account.id).toBe(sales.id);
    expect((await lookup(memberToken, "email=jo@eu.acme.com")).json).toMatchObject({
      matchedBy: "domain",
      account: { id: sales.id },
    });
  });

  it("never resolves a free-mail domain by itself, but does by a known contact's exact address", async () => {
    const { memberToken, adminToken, acme } = await setup();
    await createAccount(adminToken, { name: "Gmail Lovers", domains: ["gmail.com"] });
    expect((await lookup(memberToken, "domain=gmail.com")).status).toBe(404);
    expect((await lookup(memberToken, "email=stranger@gmail.com")).status).toBe(404);
    const known = await lookup(memberToken, "email=Pat.Buyer@gmail.com");
    expect(known.json).toMatchObject({ matchedBy: "email", account: { id: acme.id } });
  });

  it("resolves an unambiguous company name, ignoring legal suffixes; ambiguous or unknown is 404", async () => {
    const { memberToken, adminToken, acme } = await setup();
    expect((await lookup(memberToken, "name=ACME%20Corp.")).json.account.id).toBe(acme.id);
    await createAccount(adminToken, { name: "Twin LLC" });
    await createAccount(adminToken, { name: "Twin Inc" });
    expect((await lookup(memberToken, "name=Twin")).status).toBe(404);
    expect((await lookup(memberToken, "name=Nobody")).status).toBe(404);
  });

  it("says what is missing from a query", async () => {
    const { memberToken } = await setup();
    const empty = await lookup(memberToken, "");
    expect(empty.status).toBe(400);
    expect(empty.json.error.message).toContain("domain:");
    const half = await lookup(memberToken, "crm=salesforce");
    expect(half.json.error.message).toContain("crmId:");
    const badCrm = await lookup(memberToken, "crm=pipedrive&crmId=1");
    expect(badCrm.json.error.message).toContain("crm:");
  });
});

describe("My accounts rows", () => {
  it("carry the last 90 days' top topics and win and issue counts", async () => {
    const { adminToken, org } = await createTestOrg();
    const account = await createAccount(adminToken, { name: "Summarized" });
    const now = Date.now();
    const insight = (kind: string, text: string, daysAgo: number) =>
      env.DB.prepare(
        "INSERT INTO insights (id, organization_id, conversation_id, account_id, kind, text, analyzer, occurred_at, created_at) VALUES (?, ?, 'conv_x', ?, ?, ?, 'builtin@1', ?, 1)",
      ).bind(`ins_${crypto.randomUUID()}`, org.id, account.id, kind, text, now - daysAgo * 86_400_000);
    await env.DB.batch([
      insight("topic", "Export timeouts", 1),
      insight("topic", "export timeouts", 5),
      insight("topic", "renewal pricing", 2),
      insight("topic", "sso", 3),
      insight("topic", "onboarding", 4),
      insight("topic", "ancient topic", 200),
      insight("win", "Faster dispatch", 1),
      insight("win", "Old win", 120),
      insight("issue", "Export times out", 1),
      insight("issue", "Slow support", 10),
    ]);
    const res = await call("GET", "/api/v1/accounts", { token: adminToken });
    const row = res.json.accounts.find((a: { id: string }) => a.id === account.id);
    expect(row).toMatchObject({ winCount: 1, issueCount: 2 });
    expect(row.recentTopics[0]).toBe("export timeouts");
    expect(row.recentTopics).toHaveLength(3);
    expect(row.recentTopics).not.toContain("ancient topic");
  });
});
