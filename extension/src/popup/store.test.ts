import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { accountItem, meBody } from "../background/test-fixtures.ts";
import { fail, ok, type Request, type Result } from "../shared/messages.ts";
import type { sendMessage } from "../ui/send-message.ts";
import type { OpenedAccount } from "./open-account.ts";
import { createPopupStore, SEARCH_DEBOUNCE_MS } from "./store.ts";

const signedIn = { signedIn: true as const, backendUrl: "http://127.0.0.1:8787", ...meBody };
const acme = accountItem("Acme Corp", ["acme.com"]);
const acmeLabs = accountItem("Acme Labs", ["acmelabs.io"]);

/** A stand-in for the background: each test decides the answer per request. */
function fakeSend(answer: (request: Request) => Result<unknown> | Promise<Result<unknown>>) {
  const calls: Request[] = [];
  const send = (async (request: Request) => {
    calls.push(request);
    return answer(request);
  }) as typeof sendMessage;
  return { send, calls };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("popup store", () => {
  it("loads the session and lists My accounts for a signed-in user", async () => {
    const { send, calls } = fakeSend((r) =>
      r.type === "getSession" ? ok(signedIn) : ok({ scope: "mine", accounts: [acme] }),
    );
    const store = createPopupStore(send);
    await store.actions.load();
    expect(store.session.value).toEqual(signedIn);
    expect(calls).toEqual([
      { type: "getSession" },
      { type: "searchAccounts", q: "" },
      { type: "checkActiveGmailThread" },
    ]);
    expect(store.search.value).toEqual({
      status: "ready",
      q: "",
      result: { scope: "mine", accounts: [acme] },
      refreshing: false,
    });
    expect(store.activeIndex.value).toBe(0);
  });

  it("debounces typing into one search for the final query", async () => {
    const { send, calls } = fakeSend(() => ok({ scope: "search", accounts: [acme] }));
    const store = createPopupStore(send);
    store.actions.setQuery("a");
    store.actions.setQuery("ac");
    store.actions.setQuery("acm");
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS - 1);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual([{ type: "searchAccounts", q: "acm" }]);
  });

  it("ignores an older answer that arrives after a newer one", async () => {
    let releaseSlow: (value: Result<unknown>) => void = () => {};
    const { send } = fakeSend((r) =>
      r.type === "searchAccounts" && r.q === "slow"
        ? new Promise((resolve) => {
            releaseSlow = resolve;
          })
        : ok({ scope: "search", accounts: [acmeLabs] }),
    );
    const store = createPopupStore(send);
    store.actions.setQuery("slow");
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS);
    store.actions.setQuery("fast");
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS);
    releaseSlow(ok({ scope: "search", accounts: [acme] }));
    await vi.runAllTimersAsync();
    expect(store.search.value).toMatchObject({ status: "ready", q: "fast", result: { accounts: [acmeLabs] } });
  });

  it("keeps the previous rows while a newer search is on its way", async () => {
    let release: (value: Result<unknown>) => void = () => {};
    const { send } = fakeSend((r) =>
      r.type === "searchAccounts" && r.q === "acme"
        ? new Promise((resolve) => {
            release = resolve;
          })
        : ok({ scope: "mine", accounts: [acme, acmeLabs] }),
    );
    const store = createPopupStore(send);
    store.actions.setQuery("");
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS);
    store.actions.setQuery("acme");
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS);
    expect(store.search.value).toMatchObject({ status: "ready", q: "", refreshing: true });
    release(ok({ scope: "search", accounts: [acme] }));
    await vi.runAllTimersAsync();
    expect(store.search.value).toMatchObject({ status: "ready", q: "acme", refreshing: false });
  });

  it("moves the selection with wrap-around and opens the chosen row, closing the popup only over a CRM tab", async () => {
    const { send } = fakeSend(() => ok({ scope: "search", accounts: [acme, acmeLabs] }));
    const opened: string[] = [];
    let closed = 0;
    const store = createPopupStore(
      send,
      async (account): Promise<OpenedAccount> => {
        opened.push(account.id);
        return account.id === acme.id ? "crm-tab" : "overview";
      },
      async () => void closed++,
    );
    store.actions.setQuery("acme");
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS);
    store.actions.moveSelection(1);
    expect(store.activeIndex.value).toBe(1);
    store.actions.moveSelection(1);
    expect(store.activeIndex.value).toBe(0);
    store.actions.moveSelection(-1);
    await store.actions.choose();
    expect(store.chosen.value).toEqual(acmeLabs);
    expect(opened).toEqual([acmeLabs.id]);
    expect(closed).toBe(0);
    await store.actions.choose(0);
    expect(opened).toEqual([acmeLabs.id, acme.id]);
    expect(closed).toBe(1);
  });

  it("goes back to the sign-in form when a search answers unauthorized", async () => {
    const { send } = fakeSend((r) =>
      r.type === "getSession" ? ok(signedIn) : fail("unauthorized", "rejected", signedIn.backendUrl),
    );
    const store = createPopupStore(send);
    await store.actions.load();
    expect(store.session.value).toEqual({ signedIn: false, backendUrl: signedIn.backendUrl });
    expect(store.signInError.value).toBe("Your session has ended. Sign in again.");
  });

  it("shows the popup's own wording for sign-in failures", async () => {
    const { send } = fakeSend((r) =>
      r.type === "signIn" && r.token === "bad"
        ? fail("unauthorized", "Invalid API token (server text)")
        : fail("network", "fetch failed", "http://127.0.0.1:1"),
    );
    const store = createPopupStore(send, undefined, undefined, async () => true);
    await store.actions.signIn("http://127.0.0.1:8787", "bad");
    expect(store.signInError.value).toBe("That token was not accepted");
    await store.actions.signIn("http://127.0.0.1:1", "tok");
    expect(store.signInError.value).toBe("Cannot reach the Sightline backend at http://127.0.0.1:1");
    expect(store.session.value).toBe(null);
  });
});

describe("popup store: the active Gmail thread", () => {
  it("says whether the active tab's thread is in, and says nothing when it is not Gmail", async () => {
    const check = { threadId: "t1", readable: 2, collapsed: 0, storedCount: 2, capture: false, summary: "Already in" };
    let gmail: Result<unknown> = ok(check);
    const { send } = fakeSend((r) =>
      r.type === "getSession"
        ? ok(signedIn)
        : r.type === "checkActiveGmailThread"
          ? gmail
          : ok({ scope: "mine", accounts: [acme] }),
    );
    const store = createPopupStore(send);
    await store.actions.load();
    expect(store.gmailThread.value).toEqual(check);
    gmail = ok(null);
    await store.actions.load();
    expect(store.gmailThread.value).toBeNull();
    gmail = fail("network", "down");
    await store.actions.load();
    expect(store.gmailThread.value).toBeNull();
  });
});
