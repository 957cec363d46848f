import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createAccount, createTestOrg } from "../../test/api-client.ts";
import { requestDeletion, runToEnd, seedConversation } from "../../test/deletion-fixtures.ts";
import worker from "../index.ts";
import { signMediaLink } from "../media/media-links.ts";
import { createServices } from "../platform/services.ts";
import { EXPORT_KEEP_DAYS, expireOldExports } from "./expire-exports.ts";
import { EXPORT_LINK_SECONDS, signExportLink } from "./export-links.ts";
import { LINES_PER_STEP } from "./run-export.ts";

/**
 * Export (issue 13) through the route and the real queue: the archive parses line by line, its
 * counts per kind equal the D1 rows of the organization (or the account), nothing of another
 * organization is in it, it takes several bounded steps when large, and its link is admin-only,
 * organization-bound and short-lived.
 */
const DAY = 86_400_000;
const JUNE = Date.UTC(2026, 5, 10, 15);

async function exportToEnd(token: string, body: Record<string, unknown>) {
  const created = await call("POST", "/api/v1/exports", { token, body });
  expect(created.status).toBe(202);
  expect(created.json).toMatchObject({ status: "pending", download: null });
  let now = created;
  for (let i = 0; i < 150 && now.json.status !== "done" && now.json.status !== "failed"; i++) {
    await new Promise((r) => setTimeout(r, 200));
    now = await call("GET", `/api/v1/exports/${created.json.id}`, { token });
  }
  expect(now.json.status).toBe("done");
  return now.json;
}

async function download(url: string) {
  // Not through call(): it would parse the whole body as one JSON document (x-ndjson "contains" json).
  const res = await worker.fetch(new Request(`http://sightline.test${url}`), env, createExecutionContext());
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/x-ndjson");
  const text = new TextDecoder().decode(await res.arrayBuffer());
  expect(text.endsWith("\n")).toBe(true);
  // Every line parses on its own.
  return text
    .slice(0, -1)
    .split("\n")
    .map(
      (line) => JSON.parse(line) as { type: string; organizationId: string; id: string | number; accountId?: string },
    );
}

const countBy = (lines: Array<{ type: string }>) =>
  lines.reduce<Record<string, number>>(
    (acc, l) => {
      acc[l.type] = (acc[l.type] ?? 0) + 1;
      return acc;
    },
    { account: 0, contact: 0, conversation: 0, transcript_segment: 0, insight: 0 },
  );

async function d1Counts(organizationId: string, accountId?: string) {
  const n = async (sql: string, ...binds: string[]) =>
    (
      await env.DB.prepare(sql)
        .bind(...binds)
        .first<{ n: number }>()
    )?.n ?? 0;
  if (accountId)
    return {
      account: await n(
        "SELECT count(*) AS n FROM accounts WHERE organization_id = ? AND id = ?",
        organizationId,
        accountId,
      ),
      contact: await n(
        "SELECT count(*) AS n FROM contacts WHERE organization_id = ? AND account_id = ?",
        organizationId,
        accountId,
      ),
      conversation: await n(
        "SELECT count(*) AS n FROM conversations WHERE organization_id = ? AND account_id = ?",
        organizationId,
        accountId,
      ),
      transcript_segment: await n(
        "SELECT count(*) AS n FROM transcript_segments WHERE organization_id = ? AND conversation_id IN (SELECT id FROM conversations WHERE organization_id = ? AND account_id = ?)",
        organizationId,
        organizationId,
        accountId,
      ),
      insight: await n(
        "SELECT count(*) AS n FROM insights WHERE organization_id = ? AND account_id = ?",
        organizationId,
        accountId,
      ),
    };
  const all = async (table: string) =>
    n(`SELECT count(*) AS n FROM ${table} WHERE organization_id = ?`, organizationId);
  return {
    account: await all("accounts"),
    contact: await all("contacts"),
    conversation: await all("conversations"),
    transcript_segment: await all("transcript_segments"),
    insight: await all("insights"),
  };
}

async function setUp() {
  const mine = await createTestOrg("Exporting");
  const theirs = await createTestOrg("Other");
  const acme = await createAccount(mine.adminToken, {
    name: "Acme",
    domains: [`acme-${crypto.randomUUID().slice(0, 6)}.com`],
  });
  const globex = await createAccount(mine.adminToken, { name: "Globex" });
  for (const [accountId, name] of [
    [acme.id, "Dana"],
    [acme.id, "Eli"],
    [globex.id, "Fay"],
  ] as const)
    await call("POST", "/api/v1/contacts", {
      token: mine.adminToken,
      body: { name, accountId, phone: "+1 415 555 0100" },
    });
  await seedConversation(mine.org.id, { accountId: acme.id, startedAt: JUNE });
  await seedConversation(mine.org.id, { accountId: acme.id, startedAt: JUNE + DAY });
  await seedConversation(mine.org.id, { accountId: globex.id, startedAt: JUNE });
  await seedConversation(mine.org.id, { accountId: null, startedAt: JUNE });
  const initech = await createAccount(theirs.adminToken, { name: "Initech" });
  await seedConversation(theirs.org.id, { accountId: initech.id, startedAt: JUNE });
  return { mine, theirs, acme, globex };
}

describe("exports", { timeout: 120_000 }, () => {
  it("the organization's archive round-trips: every line parses, counts equal D1, nothing of another organization", async () => {
    const s = await setUp();
    const done = await exportToEnd(s.mine.adminToken, { scope: "organization" });
    const lines = await download(done.download.url);
    const expected = await d1Counts(s.mine.org.id);
    expect(countBy(lines)).toEqual(expected);
    expect(done.lines).toEqual(expected);
    expect(expected.transcript_segment).toBe(12);
    expect(lines.every((l) => l.organizationId === s.mine.org.id)).toBe(true);
    const acme = lines.find((l) => l.type === "account" && l.id === s.acme.id) as unknown as { domains: string[] };
    expect(acme.domains).toHaveLength(1);
    // The same archive once more: ids are unique per kind (no row twice, none skipped).
    for (const type of Object.keys(expected)) {
      const ids = lines.filter((l) => l.type === type).map((l) => l.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it("one account's archive holds exactly that account's rows", async () => {
    const s = await setUp();
    const done = await exportToEnd(s.mine.adminToken, { scope: "account", accountId: s.acme.id });
    const lines = await download(done.download.url);
    expect(countBy(lines)).toEqual(await d1Counts(s.mine.org.id, s.acme.id));
    expect(countBy(lines)).toMatchObject({ account: 1, contact: 2, conversation: 2, transcript_segment: 6 });
    for (const l of lines)
      if (l.type !== "account" && l.type !== "transcript_segment") expect(l.accountId).toBe(s.acme.id);
  });

  it("a large export runs in bounded steps, one part each, and still round-trips", async () => {
    const { adminToken, org } = await createTestOrg("Large export");
    const big = await seedConversation(org.id, { accountId: null, startedAt: JUNE });
    // Enough segments for more than two steps, written in one statement.
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 3 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO transcript_segments (organization_id, conversation_id, seq, speaker, start_ms, end_ms, text)
       SELECT ?, ?, i, 'Dana', i * 1000, i * 1000 + 900, 'line ' || i FROM n`,
    )
      .bind(2 * LINES_PER_STEP + 500, org.id, big.id)
      .run();
    const done = await exportToEnd(adminToken, { scope: "organization" });
    expect(done.parts).toBe(3);
    const lines = await download(done.download.url);
    expect(countBy(lines)).toEqual(await d1Counts(org.id));
    expect(lines.filter((l) => l.type === "transcript_segment")).toHaveLength(2 * LINES_PER_STEP + 501);
    expect(done.bytes).toBe(new TextEncoder().encode(lines.map((l) => `${JSON.stringify(l)}\n`).join("")).length);
  });

  it("admins only; another organization's admin gets 404; the link is bound to its purpose and expires", async () => {
    const s = await setUp();
    const done = await exportToEnd(s.mine.adminToken, { scope: "organization" });
    expect((await call("GET", `/api/v1/exports/${done.id}`, { token: s.mine.memberToken })).status).toBe(403);
    expect(
      (await call("POST", "/api/v1/exports", { token: s.mine.memberToken, body: { scope: "organization" } })).status,
    ).toBe(403);
    expect((await call("GET", `/api/v1/exports/${done.id}`, { token: s.theirs.adminToken })).status).toBe(404);
    const theirList = await call("GET", "/api/v1/exports", { token: s.theirs.adminToken });
    expect(theirList.json.exports).toEqual([]);
    const foreign = await call("POST", "/api/v1/exports", {
      token: s.theirs.adminToken,
      body: { scope: "account", accountId: s.acme.id },
    });
    expect(foreign.status).toBe(404);
    const mixed = await call("POST", "/api/v1/exports", {
      token: s.mine.adminToken,
      body: { scope: "organization", accountId: s.acme.id },
    });
    expect(mixed.status).toBe(400);
    expect(mixed.json.error.message).toContain("accountId");

    expect(new Date(done.download.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(EXPORT_LINK_SECONDS * 1000);
    // A link signed longer ago than its lifetime no longer works.
    const base = createServices(env, {});
    const issuedEarlier = { ...base, clock: { now: () => new Date(Date.now() - (EXPORT_LINK_SECONDS + 1) * 1000) } };
    const old = await signExportLink(issuedEarlier, s.mine.org.id, done.id);
    const expired = await call("GET", `/exports/${old.token}`);
    expect(expired.status).toBe(403);
    expect(expired.json.error.message).toContain("expired");
    // A media link for the same id, or a claim rewritten to another organization, opens nothing.
    const media = await signMediaLink(base, s.mine.org.id, done.id);
    expect((await call("GET", `/exports/${media.token}`)).status).toBe(403);
    const [payload, signature] = done.download.url.slice("/exports/".length).split(".");
    const claim = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as Record<string, unknown>;
    const forged = btoa(JSON.stringify({ ...claim, o: s.theirs.org.id }))
      .replace(/=+$/, "")
      .replace(/\+/g, "-")
      .replace(/\//g, "_");
    expect((await call("GET", `/exports/${forged}.${signature}`)).status).toBe(403);
  });

  it("the archive is deleted a week after it was done, and by an everything deletion; the rows then read expired", async () => {
    const s = await setUp();
    const old = await exportToEnd(s.mine.adminToken, { scope: "organization" });
    const kept = await exportToEnd(s.theirs.adminToken, { scope: "organization" });
    const parts = async (organizationId: string, id: string) =>
      (await env.BLOBS.list({ prefix: `orgs/${organizationId}/exports/${id}/` })).objects.length;
    expect(await parts(s.mine.org.id, old.id)).toBe(1);
    const base = createServices(env, {});
    // The day before its week is up nothing happens; a day after, it goes.
    const at = (days: number) => ({ ...base, clock: { now: () => new Date(Date.now() + days * 86_400_000) } });
    await expireOldExports(at(EXPORT_KEEP_DAYS - 1));
    expect(await parts(s.mine.org.id, old.id)).toBe(1);
    await env.DB.prepare("UPDATE data_exports SET completed_at = ? WHERE id = ?")
      .bind(Date.now() - (EXPORT_KEEP_DAYS + 1) * 86_400_000, old.id)
      .run();
    await expireOldExports(base);
    expect(await parts(s.mine.org.id, old.id)).toBe(0);
    const read = await call("GET", `/api/v1/exports/${old.id}`, { token: s.mine.adminToken });
    expect(read.json).toMatchObject({ status: "expired", download: null, lines: old.lines });
    expect((await call("GET", old.download.url)).status).toBe(404);
    // Another organization's recent export is untouched, until everything of that organization is deleted.
    expect(await parts(s.theirs.org.id, kept.id)).toBe(1);
    const deletion = await requestDeletion(s.theirs.org.id, s.theirs.adminId, { scope: "all" });
    await runToEnd(s.theirs.org.id, deletion.id);
    expect(await parts(s.theirs.org.id, kept.id)).toBe(0);
    const after = await call("GET", `/api/v1/exports/${kept.id}`, { token: s.theirs.adminToken });
    expect(after.json).toMatchObject({ status: "expired", download: null });
  });
});
