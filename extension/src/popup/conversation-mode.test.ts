import type { SearchHit } from "@sightline/shared";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ok, type Request, type Result } from "../shared/messages.ts";
import type { Send } from "../ui/send-message.ts";
import { CONVERSATION_SEARCH_DEBOUNCE_MS, createConversationMode } from "./conversation-mode.ts";
import { createPopupStore } from "./store.ts";

function fakeSend(answer: (request: Request) => Result<unknown>) {
  const calls: Request[] = [];
  const send = (async (request: Request) => {
    calls.push(request);
    return answer(request);
  }) as Send;
  return { send, calls };
}

const hit = (id: string, seq: number): SearchHit => ({
  conversation: {
    id,
    title: `Call ${id}`,
    source: "zoom",
    kind: "meeting",
    startedAt: "2026-11-20T15:00:00.000Z",
    accountId: null,
    accountName: null,
  },
  segment: { id: seq, seq, speaker: null, startMs: seq * 1000 },
  snippet: { text: "pricing", highlights: [{ start: 0, end: 7 }] },
});

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("popup: Search conversations mode", () => {
  it("debounces typing, highlights the first hit, moves with the arrows and opens the transcript at its segment", async () => {
    const { send, calls } = fakeSend(() => ok({ hits: [hit("c1", 4), hit("c2", 9)], nextCursor: null }));
    const opened: string[] = [];
    const mode = createConversationMode(send, async (path) => {
      opened.push(path);
    });
    mode.setQuery("pri");
    mode.setQuery('"pricing page"');
    await vi.advanceTimersByTimeAsync(CONVERSATION_SEARCH_DEBOUNCE_MS);
    expect(calls).toEqual([{ type: "searchConversations", q: '"pricing page"' }]);
    expect(mode.activeHit.value).toBe(0);
    mode.moveHit(1);
    mode.moveHit(1);
    expect(mode.activeHit.value).toBe(0); // wraps
    mode.jumpHit("last");
    await mode.openHit();
    expect(opened).toEqual(["/transcript.html?conversationId=c2&seg=9"]);
    await mode.openSearchPage();
    expect(opened[1]).toBe("/search.html?q=%22pricing+page%22");
  });

  it("is a mode of the popup store beside account search", () => {
    const store = createPopupStore(fakeSend(() => ok(null)).send);
    expect(store.mode.value).toBe("accounts");
    store.actions.setMode("conversations");
    expect(store.mode.value).toBe("conversations");
  });
});
