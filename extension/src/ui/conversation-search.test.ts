import type { SearchHit } from "@sightline/shared";
import { describe, expect, it } from "vitest";
import { fail, isRequest, ok, type Request, type Result } from "../shared/messages.ts";
import { createConversationSearch, periodFrom } from "./conversation-search.ts";
import { markedParts } from "./marked-text.ts";
import type { Send } from "./send-message.ts";

function fakeSend(answer: (request: Request) => Result<unknown> | Promise<Result<unknown>>) {
  const calls: Request[] = [];
  const send = (async (request: Request) => {
    calls.push(request);
    return answer(request);
  }) as Send;
  return { send, calls };
}

const hit = (id: string): SearchHit => ({
  conversation: {
    id,
    title: `Call ${id}`,
    source: "zoom",
    kind: "meeting",
    startedAt: "2026-11-20T15:00:00.000Z",
    accountId: "acc_1",
    accountName: "Globex",
  },
  segment: { id: 1, seq: 4, speaker: "Ada", startMs: 65_000 },
  snippet: { text: "the pricing page", highlights: [{ start: 4, end: 11 }] },
});

const NOW = Date.parse("2026-12-01T00:00:00.000Z");

describe("conversation search store", () => {
  it("searches with the filters, pages with the cursor, and stays idle without a query", async () => {
    const { send, calls } = fakeSend((r) =>
      r.type === "searchConversations" && r.cursor === "20"
        ? ok({ hits: [hit("c2")], nextCursor: null })
        : ok({ hits: [hit("c1")], nextCursor: "20" }),
    );
    const search = createConversationSearch({ send, now: () => NOW });
    await search.run();
    expect(search.state.value).toEqual({ status: "idle" });
    expect(calls).toEqual([]);

    search.setQuery("  pricing ");
    await search.setFilters({ accountId: "acc_1", source: "call", period: "30d" });
    expect(calls[0]).toEqual({
      type: "searchConversations",
      q: "pricing",
      accountId: "acc_1",
      source: "call",
      from: "2026-11-01T00:00:00.000Z",
    });
    expect(isRequest(calls[0])).toBe(true);
    expect(search.state.value).toMatchObject({ status: "ready", q: "pricing", nextCursor: "20" });

    await search.loadMore();
    expect(calls[1]).toMatchObject({ q: "pricing", cursor: "20", accountId: "acc_1" });
    const state = search.state.value;
    expect(state.status === "ready" && state.hits.map((h) => h.conversation.id)).toEqual(["c1", "c2"]);
    await search.loadMore();
    expect(calls).toHaveLength(2);
  });

  it("drops the answer of a query typed over, and words failures", async () => {
    let release: (r: Result<unknown>) => void = () => {};
    const { send } = fakeSend((r) =>
      r.type === "searchConversations" && r.q === "slow"
        ? new Promise((resolve) => {
            release = resolve;
          })
        : ok({ hits: [hit("fast")], nextCursor: null }),
    );
    const search = createConversationSearch({ send, now: () => NOW });
    search.setQuery("slow");
    const slow = search.run();
    search.setQuery("fast");
    await search.run();
    release(ok({ hits: [hit("slow")], nextCursor: null }));
    await slow;
    const state = search.state.value;
    expect(state.status === "ready" && state.hits[0]?.conversation.id).toBe("fast");

    const down = createConversationSearch({ send: fakeSend(() => fail("network", "x", "http://b")).send });
    down.setQuery("a");
    await down.run();
    expect(down.state.value).toEqual({ status: "error", message: "Cannot reach the Sightline backend at http://b" });
    const out = createConversationSearch({ send: fakeSend(() => fail("unauthorized", "x")).send });
    out.setQuery("a");
    await out.run();
    expect(out.state.value).toEqual({ status: "signedOut" });
  });

  it("bounds periods, and refuses malformed search messages", () => {
    expect(periodFrom("all", NOW)).toBeUndefined();
    expect(periodFrom("7d", NOW)).toBe("2026-11-24T00:00:00.000Z");
    expect(isRequest({ type: "searchConversations", q: "  " })).toBe(false);
    expect(isRequest({ type: "searchConversations", q: "a", source: "fax" })).toBe(false);
    expect(isRequest({ type: "searchConversations", q: "a", cursor: "1; drop" })).toBe(false);
    expect(isRequest({ type: "searchConversations", q: "a", extra: 1 })).toBe(false);
    expect(isRequest({ type: "getConversationMedia", id: "" })).toBe(false);
  });
});

describe("marked text", () => {
  it("cuts text at highlight ranges, clipping and merging what a backend sends", () => {
    expect(markedParts("the pricing page", [{ start: 4, end: 11 }])).toEqual([
      { text: "the ", marked: false },
      { text: "pricing", marked: true },
      { text: " page", marked: false },
    ]);
    expect(
      markedParts("abcdef", [
        { start: 3, end: 99 },
        { start: -5, end: 1 },
        { start: 2, end: 4, current: true },
        { start: 5, end: 5 },
      ]),
    ).toEqual([
      { text: "a", marked: true },
      { text: "b", marked: false },
      // Overlaps: the range that starts first keeps the shared characters.
      { text: "cd", marked: true, current: true },
      { text: "ef", marked: true },
    ]);
    expect(markedParts("<b>x</b>", [])).toEqual([{ text: "<b>x</b>", marked: false }]);
  });
});
