import { env } from "cloudflare:workers";
import type { SearchResponse } from "@sightline/shared";
import { describe, expect, it } from "vitest";
import { call, createAccount, createTestOrg } from "../../test/api-client.ts";
import { markedText, RANKING_WINDOW } from "./search-transcripts.ts";

/**
 * GET /api/v1/search against real D1 and its FTS5 index (migrations 0022, 0034): ranking, filters, pages,
 * hostile input, and tenants that say the same words.
 */
const JUNE = Date.UTC(2026, 5, 10, 15);
const JULY = Date.UTC(2026, 6, 10, 15);

async function addConversation(
  organizationId: string,
  opts: { accountId?: string | null; source?: string; startedAt?: number; title?: string },
  lines: readonly string[],
) {
  const id = `conv_${crypto.randomUUID().slice(0, 12)}`;
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, account_id, routing, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'auto', 'analyzed', 1, 1)",
    ).bind(
      id,
      organizationId,
      opts.source ?? "zoom_meeting",
      id,
      opts.title ?? "Call",
      opts.startedAt ?? JUNE,
      opts.accountId ?? null,
    ),
    ...lines.map((text, seq) =>
      env.DB.prepare(
        "INSERT INTO transcript_segments (organization_id, conversation_id, seq, speaker, start_ms, end_ms, text) VALUES (?, ?, ?, 'Dana Lee', ?, ?, ?)",
      ).bind(organizationId, id, seq, seq * 5000, seq * 5000 + 4000, text),
    ),
  ]);
  return id;
}

async function search(token: string, params: Record<string, string>) {
  const res = await call("GET", `/api/v1/search?${new URLSearchParams(params)}`, { token });
  return res as { status: number; json: SearchResponse & { error?: { message: string } } };
}

async function setUp() {
  const mine = await createTestOrg("Searcher");
  const theirs = await createTestOrg("Same words");
  const acme = await createAccount(mine.adminToken, { name: "Acme" });
  const globex = await createAccount(mine.adminToken, { name: "Globex" });
  const org = mine.org.id;
  const phraseCall = await addConversation(org, { accountId: acme.id, title: "Renewal" }, [
    "Thanks everyone for joining.",
    "The renewal pricing looks higher than last year.",
  ]);
  const scatteredCall = await addConversation(org, { accountId: globex.id, startedAt: JULY, title: "Pricing chat" }, [
    "Pricing was discussed, pricing and pricing again, later the renewal date, a renewal, the pricing sheet.",
    "Our pricing team will send the renewal paperwork.",
  ]);
  const gongCall = await addConversation(org, { accountId: acme.id, source: "gong_call", title: "Gong" }, [
    "We need a security review before the integration goes live.",
  ]);
  const theirCall = await addConversation(theirs.org.id, { title: "Their renewal" }, [
    "The renewal pricing looks higher than last year.",
    "Our security review found nothing.",
  ]);
  return { mine, theirs, acme: acme.id, globex: globex.id, phraseCall, scatteredCall, gongCall, theirCall };
}

describe("GET /api/v1/search", () => {
  it("finds stemmed words, ranks the exact phrase first, marks the match without markup", async () => {
    const s = await setUp();
    const res = await search(s.mine.memberToken, { q: "renewal pricing" });
    expect(res.status).toBe(200);
    expect(res.json.hits.length).toBeGreaterThanOrEqual(2);
    const [first] = res.json.hits;
    // The scattered segment repeats the words more often (bm25 alone would put it first).
    expect(first?.conversation).toMatchObject({ id: s.phraseCall, accountName: "Acme", kind: "meeting" });
    expect(first?.segment).toMatchObject({ seq: 1, speaker: "Dana Lee", startMs: 5000 });
    const marked = (first?.snippet.highlights ?? []).map((h) => first?.snippet.text.slice(h.start, h.end));
    expect(marked).toEqual(["renewal", "pricing"]);
    // Neither markup nor the snippet markers reach the client.
    expect([...(first?.snippet.text ?? "")].filter((ch) => "<>\u0002\u0003".includes(ch))).toEqual([]);

    const stemmed = await search(s.mine.memberToken, { q: "prices" });
    expect(stemmed.json.hits.map((h) => h.conversation.id)).toContain(s.phraseCall);
    const phrase = await search(s.mine.memberToken, { q: '"pricing looks higher"' });
    expect(phrase.json.hits.map((h) => h.conversation.id)).toEqual([s.phraseCall]);
    const prefix = await search(s.mine.memberToken, { q: "integr*" });
    expect(prefix.json.hits.map((h) => h.conversation.id)).toEqual([s.gongCall]);
    const excluded = await search(s.mine.memberToken, { q: "renewal -paperwork" });
    expect(excluded.json.hits.length).toBeGreaterThan(0);
    expect(excluded.json.hits.some((h) => h.snippet.text.includes("paperwork"))).toBe(false);
  });

  it("filters by account, period and kind, and pages", async () => {
    const s = await setUp();
    const globexOnly = await search(s.mine.memberToken, { q: "renewal", accountId: s.globex });
    expect(new Set(globexOnly.json.hits.map((h) => h.conversation.id))).toEqual(new Set([s.scatteredCall]));
    const july = await search(s.mine.memberToken, {
      q: "renewal",
      from: new Date(Date.UTC(2026, 6, 1)).toISOString(),
      to: new Date(Date.UTC(2026, 7, 1)).toISOString(),
    });
    expect(new Set(july.json.hits.map((h) => h.conversation.id))).toEqual(new Set([s.scatteredCall]));
    const calls = await search(s.mine.memberToken, { q: "review", source: "call" });
    expect(calls.json.hits.map((h) => h.conversation.id)).toEqual([s.gongCall]);
    const meetings = await search(s.mine.memberToken, { q: "review", source: "meeting" });
    expect(meetings.json.hits).toEqual([]);

    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await search(s.mine.memberToken, { q: "renewal", limit: "1", ...(cursor ? { cursor } : {}) });
      expect(page.status).toBe(200);
      seen.push(...page.json.hits.map((h) => h.segment.id));
      cursor = page.json.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(3);
  });

  it("never returns another organization's text, though it says the same words", async () => {
    const s = await setUp();
    for (const q of ["renewal pricing", '"security review"', "nothing"]) {
      const mine = await search(s.mine.adminToken, { q });
      expect(mine.json.hits.every((h) => h.conversation.id !== s.theirCall)).toBe(true);
      const theirs = await search(s.theirs.adminToken, { q });
      expect(theirs.json.hits.every((h) => h.conversation.id === s.theirCall)).toBe(true);
    }
    expect((await search(s.theirs.adminToken, { q: "nothing" })).json.hits).toHaveLength(1);
    expect((await search(s.mine.adminToken, { q: "nothing" })).json.hits).toHaveLength(0);
    // Filters cannot reach across: another organization's account id finds nothing.
    expect((await search(s.theirs.adminToken, { q: "renewal", accountId: s.acme })).json.hits).toEqual([]);
  });

  it("indexes each organization's segments in its own rowid block, so a search seeks to it and reads no other tenant's entries", async () => {
    const s = await setUp();
    const block = async (organizationId: string) => {
      const key = await env.DB.prepare("SELECT search_key AS k FROM organizations WHERE id = ?")
        .bind(organizationId)
        .first<{ k: number | null }>();
      expect(key?.k).toEqual(expect.any(Number));
      return { lo: (key?.k as number) * 2 ** 32, hi: ((key?.k as number) + 1) * 2 ** 32 };
    };
    const count = async (match: string, range: { lo: number; hi: number }) =>
      (
        await env.DB.prepare(
          "SELECT count(*) AS n FROM transcript_segments_fts WHERE transcript_segments_fts MATCH ? AND rowid >= ? AND rowid < ?",
        )
          .bind(match, range.lo, range.hi)
          .first<{ n: number }>()
      )?.n;
    const mine = await block(s.mine.org.id);
    const theirs = await block(s.theirs.org.id);
    expect(mine.lo).not.toBe(theirs.lo);
    // Both organizations say "renewal pricing looks higher": each block holds only its own segment.
    expect(await count('"pricing looks higher"', mine)).toBe(1);
    expect(await count('"pricing looks higher"', theirs)).toBe(1);
    expect(await count("nothing", mine)).toBe(0);
    expect(await count("nothing", theirs)).toBe(1);
    // Every segment of mine is indexed in my block under search_key * 2^32 + its id.
    const rows = await env.DB.prepare("SELECT id, search_rowid FROM transcript_segments WHERE organization_id = ?")
      .bind(s.mine.org.id)
      .all<{ id: number; search_rowid: number }>();
    expect(rows.results).toHaveLength(5);
    for (const r of rows.results) expect(r.search_rowid).toBe(mine.lo + r.id);
    const all = (await count("renewal OR pricing OR security OR thanks", { lo: mine.lo, hi: mine.hi })) ?? 0;
    expect(all).toBe(5);
  });

  it("ranks the newest window of a common word's matches and pages past it, filters applied first", async () => {
    const s = await setUp();
    const org = s.mine.org.id;
    const lines = Array.from({ length: RANKING_WINDOW + 30 }, (_, i) => `Pricing note number ${i}.`);
    // Stored in chunks of 500 (one batch each), on Acme; one older Globex line says it too.
    for (let i = 0; i < lines.length; i += 500)
      await addConversation(org, { accountId: s.acme }, lines.slice(i, i + 500));
    const first = await search(s.mine.adminToken, { q: "pricing", limit: "50" });
    expect(first.json.hits).toHaveLength(50);
    // Past the window: the window widens to the page asked for.
    const late = await search(s.mine.adminToken, { q: "pricing", limit: "50", cursor: String(RANKING_WINDOW) });
    expect(late.json.hits.length).toBeGreaterThan(0);
    // A selective filter still finds its older matches behind thousands of newer ones.
    const globex = await search(s.mine.adminToken, { q: "pricing", accountId: s.globex });
    expect(globex.json.hits.map((h) => h.conversation.id)).toEqual([s.scatteredCall, s.scatteredCall]);
    // An account with more than a hundred calls takes the other walk (each match's conversation
    // looked up): same answers, within the account only.
    const many: string[] = [];
    for (let i = 0; i < 101; i++) many.push(await addConversation(org, { accountId: s.acme }, [`Old pricing ${i}.`]));
    const acme = await search(s.mine.adminToken, { q: "pricing", accountId: s.acme, limit: "50" });
    expect(acme.json.hits).toHaveLength(50);
    expect(acme.json.hits.every((h) => h.conversation.accountId === s.acme)).toBe(true);
    const globexAgain = await search(s.mine.adminToken, { q: "pricing", accountId: s.globex });
    expect(globexAgain.json.hits.map((h) => h.conversation.id)).toEqual([s.scatteredCall, s.scatteredCall]);
    expect(many).toHaveLength(101);
  }, 120_000);

  it("survives FTS5 syntax, SQL fragments and unbalanced quotes in the input", async () => {
    const s = await setUp();
    const hostile = [
      '"',
      '"renewal',
      "renewal*pricing",
      "NEAR(renewal pricing)",
      "renewal OR pricing",
      "renewal AND NOT pricing",
      "-renewal",
      "speaker:Dana",
      "text:renewal",
      "organization_id:x",
      "'; DROP TABLE conversations; --",
      "renewal) OR (1=1",
      "^renewal",
      "***",
      "{text}: renewal",
      "\u0000renewal",
    ];
    for (const q of hostile) {
      const res = await search(s.mine.memberToken, { q });
      expect(res.status, q).toBe(200);
      expect(
        res.json.hits.every((h) => h.conversation.id !== s.theirCall),
        q,
      ).toBe(true);
    }
    expect((await search(s.mine.memberToken, { q: "" })).status).toBe(400);
    expect((await search(s.mine.memberToken, { q: "x".repeat(501) })).status).toBe(400);
    expect((await search(s.mine.memberToken, { q: "renewal", cursor: "abc" })).status).toBe(400);
    expect((await search(s.mine.memberToken, { q: "renewal", source: "fax" })).status).toBe(400);
    // Still there afterwards.
    expect((await search(s.mine.memberToken, { q: "renewal" })).json.hits.length).toBeGreaterThan(0);
  });
});

describe("markedText", () => {
  it("turns snippet markers into ranges", () => {
    expect(markedText("the \u0002renewal\u0003 \u0002pricing\u0003…")).toEqual({
      text: "the renewal pricing…",
      highlights: [
        { start: 4, end: 11 },
        { start: 12, end: 19 },
      ],
    });
  });
});
