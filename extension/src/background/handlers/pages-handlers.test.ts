import type { ConversationDetail } from "@sightline/shared";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { handleMessage } from "../router.ts";
import { loadSession, saveSession } from "../session-store.ts";
import { jsonResponse, meBody, sentRequest, unauthorizedBody } from "../test-fixtures.ts";
import { CONVERSATION_PAGE_SIZE } from "./get-conversation.ts";

/** An extension page (the popup, options or a Sightline page): every message is accepted from it. */
const self = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL("/popup.html") };
const fetchMock = vi.fn<typeof fetch>();
const BACKEND = "http://127.0.0.1:9999";

const conversationBody: ConversationDetail = {
  conversation: {
    id: "cnv_1",
    title: "QBR <b>with</b> Globex",
    source: "zoom",
    kind: "meeting",
    startedAt: "2026-11-20T15:00:00.000Z",
    durationSeconds: 1800,
    hostEmail: "ada@ourco.com",
    accountId: "acc_1",
    routing: "auto",
    status: "analyzed",
  },
  participants: [{ name: "Ada Admin", email: "ada@ourco.com", side: "ours" }],
  insights: [
    { kind: "issue", text: "SSO is flaky", quote: "it logs us out", startMs: 65_000, confidence: 0.9, data: {} },
  ],
  segments: {
    items: [{ seq: 0, speaker: "Ada Admin", startMs: 0, endMs: 4000, text: "Hello" }],
    nextCursor: 1,
  },
};

beforeEach(async () => {
  fakeBrowser.reset();
  fetchMock.mockReset();
  vi.stubGlobal("fetch", fetchMock);
  await saveSession({ backendUrl: BACKEND, token: "tok_good", user: meBody.user, org: meBody.org });
});

describe("getConversation", () => {
  it("asks for one page of the conversation from the cursor, with the token", async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, conversationBody));
    const answer = await handleMessage({ type: "getConversation", id: "cnv_1", cursor: 200 }, self);
    expect(answer).toEqual({ ok: true, value: conversationBody });
    const { url, headers } = sentRequest(fetchMock.mock.calls[0]);
    expect(url).toBe(`${BACKEND}/api/v1/conversations/cnv_1?cursor=200&limit=${CONVERSATION_PAGE_SIZE}`);
    expect(headers.get("Authorization")).toBe("Bearer tok_good");
  });

  it("starts at cursor 0 and escapes the id", async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, conversationBody));
    await handleMessage({ type: "getConversation", id: "a/b?c" }, self);
    expect(sentRequest(fetchMock.mock.calls[0]).url).toBe(
      `${BACKEND}/api/v1/conversations/a%2Fb%3Fc?cursor=0&limit=${CONVERSATION_PAGE_SIZE}`,
    );
  });

  it("forgets the token on a 401, and refuses without one", async () => {
    fetchMock.mockResolvedValue(jsonResponse(401, unauthorizedBody));
    const answer = await handleMessage({ type: "getConversation", id: "cnv_1" }, self);
    expect(answer).toMatchObject({ ok: false, error: { kind: "unauthorized" } });
    expect((await loadSession()).token ?? null).toBeNull();
    const again = await handleMessage({ type: "getConversation", id: "cnv_1" }, self);
    expect(again).toMatchObject({ ok: false, error: { kind: "unauthorized" } });
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it("rejects a malformed request or body", async () => {
    for (const bad of [
      { type: "getConversation" },
      { type: "getConversation", id: "" },
      { type: "getConversation", id: "c", cursor: -1 },
      { type: "getConversation", id: "c", cursor: "1" },
    ]) {
      expect(await handleMessage(bad, self)).toMatchObject({ ok: false, error: { kind: "invalid" } });
    }
    fetchMock.mockResolvedValue(jsonResponse(200, { conversation: {} }));
    expect(await handleMessage({ type: "getConversation", id: "cnv_1" }, self)).toMatchObject({
      ok: false,
      error: { kind: "server" },
    });
  });
});

describe("openTranscript", () => {
  it("opens transcript.html at the moment in a new tab", async () => {
    const answer = await handleMessage({ type: "openTranscript", conversationId: "cnv_1", t: 65_000 }, self);
    expect(answer).toEqual({ ok: true, value: true });
    const tabs = await fakeBrowser.tabs.query({});
    expect(tabs.map((tab) => tab.url)).toContain(
      fakeBrowser.runtime.getURL("/transcript.html?conversationId=cnv_1&t=65000"),
    );
  });

  it("opens it without a moment when the source has none, and refuses foreign senders and bad moments", async () => {
    await handleMessage({ type: "openTranscript", conversationId: "cnv_2", t: null }, self);
    const tabs = await fakeBrowser.tabs.query({});
    expect(tabs.map((tab) => tab.url)).toContain(fakeBrowser.runtime.getURL("/transcript.html?conversationId=cnv_2"));
    expect(
      await handleMessage({ type: "openTranscript", conversationId: "cnv_1", t: 1 }, { id: "other-extension" }),
    ).toMatchObject({ ok: false, error: { kind: "invalid" } });
    for (const t of [-5, 1.5, "10", undefined]) {
      expect(await handleMessage({ type: "openTranscript", conversationId: "cnv_1", t }, self)).toMatchObject({
        ok: false,
        error: { kind: "invalid" },
      });
    }
    expect(await fakeBrowser.tabs.query({})).toHaveLength(tabs.length);
  });
});

describe("searchConversations", () => {
  it("asks GET /search with the query, filters and cursor, and checks the body", async () => {
    const body = {
      hits: [
        {
          conversation: {
            id: "cnv_1",
            title: "QBR",
            source: "zoom",
            kind: "meeting",
            startedAt: "2026-11-20T15:00:00.000Z",
            accountId: "acc_1",
            accountName: "Globex",
          },
          segment: { id: 9, seq: 3, speaker: "Ada", startMs: 12_000 },
          snippet: { text: "the pricing page", highlights: [{ start: 4, end: 11 }] },
        },
      ],
      nextCursor: "20",
    };
    fetchMock.mockResolvedValue(jsonResponse(200, body));
    const answer = await handleMessage(
      { type: "searchConversations", q: '"pricing page" -x', accountId: "acc_1", source: "call", cursor: "20" },
      self,
    );
    expect(answer).toEqual({ ok: true, value: body });
    const url = new URL(sentRequest(fetchMock.mock.calls[0]).url);
    expect(url.pathname).toBe("/api/v1/search");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      q: '"pricing page" -x',
      limit: "20",
      accountId: "acc_1",
      source: "call",
      cursor: "20",
    });
    fetchMock.mockResolvedValue(jsonResponse(200, { hits: [{ snippet: "<b>html</b>" }], nextCursor: null }));
    expect(await handleMessage({ type: "searchConversations", q: "a" }, self)).toMatchObject({
      ok: false,
      error: { kind: "server" },
    });
  });
});

describe("getConversationMedia", () => {
  it("makes each signed link absolute on the signed-in backend, and drops links elsewhere", async () => {
    const item = { id: "m1", contentType: "audio/mp4", size: 5, expiresAt: "2026-12-01T00:00:00.000Z" };
    fetchMock.mockResolvedValue(
      jsonResponse(200, {
        media: [
          { ...item, url: "/media/tok_1" },
          { ...item, id: "m2", url: "https://evil.example/x" },
        ],
      }),
    );
    const answer = await handleMessage({ type: "getConversationMedia", id: "cnv_1" }, self);
    expect(sentRequest(fetchMock.mock.calls[0]).url).toBe(`${BACKEND}/api/v1/conversations/cnv_1/media`);
    expect(answer).toEqual({ ok: true, value: { media: [{ ...item, url: `${BACKEND}/media/tok_1` }] } });
  });
});
