import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createAccount, createTestOrg } from "../../test/api-client.ts";
import { createDb } from "../platform/services.ts";
import { searchAccounts } from "./list-accounts.ts";
import { rankAccounts } from "./rank-accounts.ts";
import { accountSearchGrams } from "./search-grams.ts";
import { indexPendingAccounts } from "./search-index.ts";

const db = createDb(env.DB);

async function gramsOf(accountId: string): Promise<string[]> {
  const { results } = await env.DB.prepare("SELECT gram FROM account_search_grams WHERE account_id = ? ORDER BY gram")
    .bind(accountId)
    .all<{ gram: string }>();
  return results.map((r) => r.gram);
}
async function pendingOf(organizationId: string): Promise<string[]> {
  const { results } = await env.DB.prepare("SELECT account_id FROM account_search_pending WHERE organization_id = ?")
    .bind(organizationId)
    .all<{ account_id: string }>();
  return results.map((r) => r.account_id);
}
const names = async (token: string, q: string) =>
  (await call("GET", `/api/v1/accounts?q=${encodeURIComponent(q)}`, { token })).json.accounts.map(
    (a: { name: string }) => a.name,
  );

describe("account search index", () => {
  it("follows every account write through the API: create, rename, domain change, delete", async () => {
    const { adminToken, org } = await createTestOrg();
    const account = await createAccount(adminToken, { name: "Initech Software", domains: ["initech.com"] });
    expect(await gramsOf(account.id)).toEqual([...accountSearchGrams("Initech Software", ["initech.com"])].sort());
    expect(await pendingOf(org.id)).toEqual([]);
    expect(await names(adminToken, "intiech")).toEqual(["Initech Software"]);

    await call("PATCH", `/api/v1/accounts/${account.id}`, { token: adminToken, body: { name: "Globex Retail" } });
    expect(await gramsOf(account.id)).toEqual([...accountSearchGrams("Globex Retail", ["initech.com"])].sort());
    expect(await names(adminToken, "globx")).toEqual(["Globex Retail"]);
    expect(await names(adminToken, "software")).toEqual([]);
    expect(await names(adminToken, "initech.c")).toEqual(["Globex Retail"]); // the domain stayed

    await call("PATCH", `/api/v1/accounts/${account.id}`, { token: adminToken, body: { domains: ["globex.io"] } });
    expect(await gramsOf(account.id)).toEqual([...accountSearchGrams("Globex Retail", ["globex.io"])].sort());
    expect(await names(adminToken, "initech")).toEqual([]);
    expect(await names(adminToken, "globex.i")).toEqual(["Globex Retail"]);
    expect(await pendingOf(org.id)).toEqual([]);

    await call("DELETE", `/api/v1/accounts/${account.id}`, { token: adminToken });
    expect(await gramsOf(account.id)).toEqual([]);
    expect(await pendingOf(org.id)).toEqual([]);
    expect(await names(adminToken, "globex")).toEqual([]);
  });

  it("finds accounts written by plain SQL (seeds) before they are indexed, and indexes them", async () => {
    const { adminToken, org } = await createTestOrg();
    const now = Date.now();
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO accounts (id, organization_id, name, normalized_name, created_at, updated_at) VALUES (?, ?, 'Umbrella Health', 'umbrella health', ?, ?)",
      ).bind(`acct_sql_${org.id}`, org.id, now, now),
      env.DB.prepare("INSERT INTO account_domains (organization_id, domain, account_id) VALUES (?, ?, ?)").bind(
        org.id,
        `umbrella-${org.id}.com`,
        `acct_sql_${org.id}`,
      ),
    ]);
    expect(await pendingOf(org.id)).toEqual([`acct_sql_${org.id}`]);
    expect(await names(adminToken, "umbrela")).toEqual(["Umbrella Health"]);
    expect(await indexPendingAccounts(db, 10_000)).toBeGreaterThanOrEqual(1);
    expect(await pendingOf(org.id)).toEqual([]);
    expect(await names(adminToken, "umbrela")).toEqual(["Umbrella Health"]);
    // A name changed by SQL marks it again; the stale grams do not hide the new name meanwhile.
    await env.DB.prepare("UPDATE accounts SET name = 'Stark Energy' WHERE id = ?").bind(`acct_sql_${org.id}`).run();
    expect(await pendingOf(org.id)).toEqual([`acct_sql_${org.id}`]);
    expect(await names(adminToken, "strak")).toEqual(["Stark Energy"]);
  });

  it("answers as ranking the whole organization would, for clean, prefix, typo and domain queries", async () => {
    const { org, adminId } = await createTestOrg();
    const words = ["acme", "globex", "initech", "umbrella", "stark", "wayne", "hooli", "vandelay", "soylent"];
    const suffixes = ["Logistics", "Health", "Software", "Bank", "Labs"];
    const accounts = Array.from({ length: 90 }, (_, i) => ({
      id: `acct_eq_${org.id}_${i}`,
      name: `${words[i % words.length]} ${suffixes[i % suffixes.length]} ${i}`,
      domains: [`${words[(i * 7) % words.length]}-${i}.example`],
      lastActivityAt: 1_000 + i,
    }));
    // Legal suffixes: the normalized name ("acme") is shorter than the words search compares
    // ("acme inc"), and written here as the lower-cased name, which indexing corrects.
    accounts.push(
      { id: `acct_eq_${org.id}_inc`, name: "Acme, Inc.", domains: ["acme-inc.example"], lastActivityAt: 10 },
      { id: `acct_eq_${org.id}_llc`, name: "Acme Labs LLC", domains: ["acmelabs.example"], lastActivityAt: 20 },
      // An old exact word ("soft": 0.8) below recent prefixes of "software" (0.75): no shortcut may settle.
      { id: `acct_eq_${org.id}_soft`, name: "Big Soft Company", domains: ["bigsoft.example"], lastActivityAt: 5 },
    );
    const now = Date.now();
    await env.DB.batch(
      accounts.flatMap((a) => [
        env.DB.prepare(
          "INSERT INTO accounts (id, organization_id, name, normalized_name, last_activity_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        ).bind(a.id, org.id, a.name, a.name.toLowerCase(), a.lastActivityAt, now, now),
        env.DB.prepare("INSERT INTO account_domains (organization_id, domain, account_id) VALUES (?, ?, ?)").bind(
          org.id,
          a.domains[0],
          a.id,
        ),
      ]),
    );
    await indexPendingAccounts(db, 10_000);
    expect(await pendingOf(org.id)).toEqual([]);
    const normalized = await env.DB.prepare("SELECT normalized_name AS n FROM accounts WHERE id = ?")
      .bind(`acct_eq_${org.id}_inc`)
      .first<{ n: string }>();
    expect(normalized?.n).toBe("acme"); // was "acme, inc."
    const queries = [
      "initech",
      "intiech",
      "umbrela hea",
      "glbex",
      "acme lab",
      "me lo",
      "stark-1",
      "hooli-13.exa",
      "tyrell-4242.exa",
      "acme logistics 1 lab",
      "umbrella health software bank labs logistics acme globex initech",
      "wayne soft",
      "vandelya",
      "soylnet health",
      "hooli 4",
      "logistic",
      "zzzz",
      "a",
      "acme",
      "acme in",
      "acme inc",
      "acme labs",
      "labs",
      "hooli-1",
      "soft",
    ];
    // Both candidate paths: a driving condition (these small postings are under any cap) and, with a
    // cap of 0, the one grouped pass over every posting that broad queries take at scale; and the
    // shortcuts (search-shortcuts.ts) at limits they can fill, over all or only the recent accounts.
    const paths = [
      { limit: 25, options: { driverPostingsCap: 2000, shortcuts: false } },
      { limit: 25, options: { driverPostingsCap: 0, shortcuts: false } },
      { limit: 25, options: {} },
      { limit: 3, options: {} },
      { limit: 3, options: { recentWalk: 10 } },
      { limit: 1, options: { recentWalk: 5 } },
    ];
    for (const { limit, options } of paths) {
      for (const q of queries) {
        const got = (await searchAccounts(db, org.id, adminId, q, limit, options)).map((l) => l.row.id);
        const expected = rankAccounts(q, accounts, limit).map((r) => r.id);
        expect(got, `${q} (limit ${limit}, ${JSON.stringify(options)})`).toEqual(expected);
      }
    }
  }, 120_000); // 144 searches: seconds on a loaded CI machine
});
