import type { ListAccountsResponse, LookupAccountResponse, MeResponse } from "@sightline/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemoData } from "../../scripts/demo/demo-data.ts";
import { seedDemo } from "../../scripts/demo/seed-demo.ts";
import { runWrangler } from "../../scripts/lib/local-stack.ts";
import { apiFetch } from "../support/api.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";

/** `pnpm dev` seeds the demo organization; seeding again must leave exactly the same data. */
const COUNT_SQL =
  "SELECT (SELECT count(*) FROM accounts) AS accounts, (SELECT count(*) FROM contacts) AS contacts, (SELECT count(*) FROM conversations) AS conversations, (SELECT count(*) FROM participants) AS participants, (SELECT count(*) FROM transcript_segments) AS segments, (SELECT count(*) FROM transcript_segments_fts WHERE transcript_segments_fts MATCH 'price') AS fts_price, (SELECT count(*) FROM api_tokens) AS tokens, (SELECT count(*) FROM insights) AS insights, (SELECT count(DISTINCT kind) FROM insights) AS insight_kinds, (SELECT count(*) FROM insights WHERE segment_id IS NULL) AS insights_without_segment";

async function counts(persistDir: string, stateDir: string) {
  const out = await runWrangler(
    ["d1", "execute", "DB", "--local", "--persist-to", persistDir, "--command", COUNT_SQL, "--json"],
    stateDir,
    { quiet: true },
  );
  return JSON.parse(out.slice(out.indexOf("[")))[0].results[0] as Record<string, number>;
}

let worker: LocalWorker;
let token = "";
let first: Record<string, number> = {};
let second: Record<string, number> = {};

beforeAll(async () => {
  worker = await startLocalWorker({
    beforeStart: async (persistDir, stateDir) => {
      token = (await seedDemo(persistDir, stateDir)).token;
      first = await counts(persistDir, stateDir);
      const again = await seedDemo(persistDir, stateDir);
      expect(again.token).toBe(token);
      second = await counts(persistDir, stateDir);
    },
  });
});
afterAll(async () => {
  await worker?.stop();
});

describe("demo seed", () => {
  it("is idempotent and writes what the demo data describes", () => {
    const { organization, conversations } = loadDemoData();
    expect(second).toEqual(first);
    expect(first.accounts).toBe(organization.accounts.length);
    expect(first.contacts).toBe(organization.accounts.reduce((n, a) => n + a.contacts.length, 0));
    expect(first.conversations).toBe(conversations.length);
    expect(first.segments).toBe(conversations.reduce((n, c) => n + c.segments.length, 0));
    expect(first.fts_price).toBeGreaterThan(0);
    expect(first.tokens).toBe(1);
    // Analyzed by the built-in analyzer: every conversation has insights, each tied to its segment.
    expect(first.insights).toBeGreaterThan(conversations.length * 5);
    expect(first.insight_kinds).toBeGreaterThanOrEqual(7);
    expect(first.insights_without_segment).toBe(0);
  });

  it("gives the demo user a working token and their accounts first", async () => {
    const me = await apiFetch<MeResponse>(worker.baseUrl, token, "/api/v1/me");
    expect(me.user.email).toBe(loadDemoData().organization.users[0]?.email);
    const listed = await apiFetch<ListAccountsResponse>(worker.baseUrl, token, "/api/v1/accounts");
    expect(listed.scope).toBe("mine");
    expect(listed.accounts).toHaveLength(loadDemoData().organization.accounts.length);
    const firstOther = listed.accounts.findIndex((a) => !a.mine);
    expect(listed.accounts.slice(firstOther).every((a) => !a.mine)).toBe(true);
    const times = listed.accounts.slice(0, firstOther).map((a) => a.lastActivityAt ?? "");
    expect(times).toEqual([...times].sort().reverse());
  });

  it("resolves a demo contact's e-mail and website to their account", async () => {
    const account = loadDemoData().organization.accounts[0];
    const contact = account?.contacts[0];
    if (!account || !contact) throw new Error("demo data has no account with a contact");
    const byEmail = await apiFetch<LookupAccountResponse>(
      worker.baseUrl,
      token,
      `/api/v1/accounts/lookup?email=${encodeURIComponent(contact.email)}`,
    );
    expect(byEmail).toMatchObject({ matchedBy: "email", account: { name: account.name } });
    const bySite = await apiFetch<LookupAccountResponse>(
      worker.baseUrl,
      token,
      `/api/v1/accounts/lookup?domain=${encodeURIComponent(`https://www.${account.domains[0]}/about`)}`,
    );
    expect(bySite.account.name).toBe(account.name);
  });
});
