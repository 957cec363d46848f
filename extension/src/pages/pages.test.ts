// @vitest-environment happy-dom
import type { ConversationDetail } from "@sightline/shared";
import { h, render } from "preact";
import { describe, expect, it } from "vitest";
import { overviewBody } from "../background/test-fixtures.ts";
import { fail, ok, type Request, type Result } from "../shared/messages.ts";
import { emailPath, overviewPath, param, parseMs, transcriptPath } from "../shared/page-urls.ts";
import type { Send } from "../ui/send-message.ts";
import { OverviewPage } from "./OverviewPage.tsx";
import { createOverviewPageStore } from "./overview-store.ts";
import { createTranscriptStore, segmentAt } from "./transcript-store.ts";

function fakeSend(answer: (request: Request) => Result<unknown>) {
  const calls: Request[] = [];
  const send = (async (request: Request) => {
    calls.push(request);
    return answer(request);
  }) as Send;
  return { send, calls };
}

const seg = (seq: number, startMs: number, endMs: number) => ({ seq, speaker: "Ada", startMs, endMs, text: `s${seq}` });

function page(items: ReturnType<typeof seg>[], nextCursor: number | null): ConversationDetail {
  return {
    conversation: {
      id: "cnv_1",
      title: "QBR",
      source: "zoom",
      kind: "meeting",
      startedAt: "2026-11-20T15:00:00.000Z",
      durationSeconds: 600,
      hostEmail: null,
      accountId: "acc_1",
      routing: "auto",
      status: "analyzed",
    },
    participants: [],
    insights: [],
    segments: { items, nextCursor },
  };
}

describe("page urls", () => {
  it("builds and reads the pages' query strings", () => {
    expect(overviewPath("acc 1&x")).toBe("/overview.html?accountId=acc+1%26x");
    expect(transcriptPath("cnv_1", 65_000)).toBe("/transcript.html?conversationId=cnv_1&t=65000");
    expect(transcriptPath("cnv_1", null)).toBe("/transcript.html?conversationId=cnv_1");
    expect(param("?accountId=acc+1%26x", "accountId")).toBe("acc 1&x");
    expect(param("?accountId=", "accountId")).toBeNull();
    expect(parseMs("65000")).toBe(65_000);
    for (const bad of [null, "", "-1", "1.5", "1e3", "abc"]) expect(parseMs(bad)).toBeNull();
  });
});

describe("overview page store", () => {
  it("loads the account's overview, and changes period", async () => {
    const body = overviewBody("Globex");
    const { send, calls } = fakeSend(() => ok({ overview: body, fetchedAt: 1, revalidating: false }));
    const store = createOverviewPageStore({ send, accountId: body.account.id });
    await store.load();
    expect(store.view.value).toEqual({ kind: "ready", account: body.account, overview: body, updating: false });
    await store.setPeriod("30d");
    expect(calls).toEqual([
      { type: "getOverview", accountId: body.account.id, period: "90d" },
      { type: "getOverview", accountId: body.account.id, period: "30d" },
    ]);
    await store.openTranscript("cnv_1", 65_000);
    expect(calls.at(-1)).toEqual({ type: "openTranscript", conversationId: "cnv_1", t: 65_000 });
  });

  it("opens an e-mail source as its message with the quote, and shows it as 'Open e-mail'", async () => {
    const body = overviewBody("Globex");
    const win = body.wins.items[0];
    if (!win) throw new Error("fixture has a win");
    // The fixture's type is a meeting's source; an e-mail source has no start time and names its message.
    Object.assign(win, {
      source: { ...win.source, kind: "email", startMs: null, messageId: "<m1@globex.com>", quote: "We love it" },
    });
    const { send, calls } = fakeSend(() => ok({ overview: body, fetchedAt: 1, revalidating: false }));
    const store = createOverviewPageStore({ send, accountId: body.account.id });
    await store.load();
    const container = document.createElement("div");
    render(h(OverviewPage, { store }), container);
    const open = [...container.querySelectorAll("button")].find((b) => b.textContent === "Open e-mail");
    if (!open) throw new Error("no Open e-mail button");
    open.click();
    await Promise.resolve();
    expect(calls.at(-1)).toEqual({
      type: "openEmailMessage",
      conversationId: win.source.conversationId,
      messageId: "<m1@globex.com>",
      quote: "We love it",
    });
    expect(emailPath("cnv_1", "m 1", null)).toBe("/email.html?conversationId=cnv_1&messageId=m+1");
  });

  it("waits for the refreshed overview when the first answer was stale", async () => {
    const stale = overviewBody("Globex", 1);
    const fresh = overviewBody("Globex", 5);
    const { send, calls } = fakeSend((r) =>
      ok({
        overview: r.type === "getOverview" && r.fresh ? fresh : stale,
        fetchedAt: 1,
        revalidating: !(r.type === "getOverview" && r.fresh),
      }),
    );
    const store = createOverviewPageStore({ send, accountId: stale.account.id });
    await store.load();
    expect(calls.at(-1)).toMatchObject({ fresh: true });
    expect(store.view.value).toMatchObject({
      kind: "ready",
      overview: { wins: { count: 5 } },
      updating: false,
    });
  });

  it("shows signed out, a retryable error, or a missing account id", async () => {
    const signedOut = createOverviewPageStore({ send: fakeSend(() => fail("unauthorized", "x")).send, accountId: "a" });
    await signedOut.load();
    expect(signedOut.view.value).toEqual({ kind: "signedOut" });

    const down = createOverviewPageStore({
      send: fakeSend(() => fail("network", "x", "http://b")).send,
      accountId: "a",
    });
    await down.load();
    expect(down.view.value).toEqual({ kind: "error", message: "Cannot reach the Sightline backend at http://b" });

    const missing = createOverviewPageStore({ send: fakeSend(() => ok(null)).send, accountId: null });
    await missing.load();
    expect(missing.view.value).toMatchObject({ kind: "error", message: expect.stringMatching(/needs an account/) });
  });
});

describe("transcript store", () => {
  it("finds the segment containing a moment", () => {
    const segments = [seg(0, 0, 5000), seg(1, 6000, 9000), seg(2, 9000, 12_000)];
    expect(segmentAt(segments, null)).toBeNull();
    expect(segmentAt(segments, 0)?.seq).toBe(0);
    expect(segmentAt(segments, 5500)?.seq).toBe(0);
    expect(segmentAt(segments, 9000)?.seq).toBe(2);
    expect(segmentAt(segments, 99_000)?.seq).toBe(2);
    expect(segmentAt([seg(0, 1000, 2000)], 500)).toBeNull();
  });

  it("loads pages until the moment is loaded, then one page per loadMore", async () => {
    const pages: Record<number, ConversationDetail> = {
      0: page([seg(0, 0, 5000), seg(1, 5000, 10_000)], 2),
      2: page([seg(2, 10_000, 15_000), seg(3, 15_000, 20_000)], 4),
      4: page([seg(4, 20_000, 25_000)], null),
    };
    const { send, calls } = fakeSend((r) => (r.type === "getConversation" ? ok(pages[r.cursor ?? 0]) : ok(null)));
    const store = createTranscriptStore({ send, conversationId: "cnv_1", t: 12_000 });
    await store.load();
    expect(calls).toEqual([
      { type: "getConversation", id: "cnv_1", cursor: 0 },
      { type: "getConversation", id: "cnv_1", cursor: 2 },
    ]);
    const view = store.view.value;
    expect(view).toMatchObject({ kind: "ready", nextCursor: 4, detail: { conversation: { title: "QBR" } } });
    if (view.kind !== "ready") throw new Error("not ready");
    expect(segmentAt(view.segments, store.t)?.seq).toBe(2);

    await store.loadMore();
    expect(store.view.value).toMatchObject({ kind: "ready", nextCursor: null, loadingMore: false });
    expect(store.view.value.kind === "ready" && store.view.value.segments.map((s) => s.seq)).toEqual([0, 1, 2, 3, 4]);
    await store.loadMore();
    expect(calls).toHaveLength(3);
  });

  it("loads only the first page without a moment, and keeps what it has when a later page fails", async () => {
    let failNext = false;
    const { send, calls } = fakeSend((r) => {
      if (failNext) return fail("network", "down", "http://b");
      return r.type === "getConversation" ? ok(page([seg(0, 0, 5000)], 1)) : ok(null);
    });
    const store = createTranscriptStore({ send, conversationId: "cnv_1", t: null });
    await store.load();
    expect(calls).toHaveLength(1);
    failNext = true;
    await store.loadMore();
    expect(store.view.value).toMatchObject({
      kind: "ready",
      nextCursor: 1,
      loadingMore: false,
      moreError: "Cannot reach the Sightline backend at http://b",
    });
  });

  it("words failures of the first page, and needs a conversation id", async () => {
    const signedOut = createTranscriptStore({
      send: fakeSend(() => fail("unauthorized", "x")).send,
      conversationId: "c",
      t: 1,
    });
    await signedOut.load();
    expect(signedOut.view.value).toEqual({ kind: "signedOut" });
    const broken = createTranscriptStore({
      send: fakeSend(() => fail("server", "<b>x</b>")).send,
      conversationId: "c",
      t: 1,
    });
    await broken.load();
    expect(broken.view.value).toEqual({
      kind: "error",
      // The one failure wording: the backend's text as plain text (JSX escapes it, nothing renders it as HTML).
      message: "<b>x</b>",
    });
    const missing = createTranscriptStore({ send: fakeSend(() => ok(null)).send, conversationId: null, t: 1 });
    await missing.load();
    expect(missing.view.value).toMatchObject({ kind: "error", message: expect.stringMatching(/needs a conversation/) });
  });
});
