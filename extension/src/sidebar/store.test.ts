import type { AccountOverview } from "@sightline/shared";
import { describe, expect, it, vi } from "vitest";
import { accountBody, overviewBody } from "../background/test-fixtures.ts";
import type { HostPage } from "../host-pages/navigation.ts";
import { fail, ok, type Request } from "../shared/messages.ts";
import type { Send } from "../ui/send-message.ts";
import { createSidebarStore } from "./store.ts";

const page = (recordId: string, accountName?: string): HostPage => ({
  host: "salesforce",
  record: {
    crm: "salesforce",
    objectType: "Account",
    recordId,
    accountRecordId: recordId,
    ...(accountName ? { accountName } : {}),
  },
});

function setup(answer: (message: Request) => unknown) {
  const send = vi.fn(async (message: Request) => answer(message)) as unknown as Send & ReturnType<typeof vi.fn>;
  const storage = { get: vi.fn(async () => false), set: vi.fn(async () => {}) };
  return { send, storage, store: createSidebarStore({ send, collapsedStorage: storage }) };
}

const globex = accountBody("Globex", ["globex.com"]);
const overview = overviewBody("Globex") as unknown as AccountOverview;

describe("sidebar store", () => {
  it("resolves a page to its account and overview, and removes itself on a non-record page", async () => {
    const { store, send } = setup((m) =>
      m.type === "lookupAccount"
        ? ok({ account: globex, matchedBy: "crm", query: {} })
        : ok({ overview, fetchedAt: 1, revalidating: false }),
    );
    await store.setPage(page("001D000000IqhSLIAZ"));
    expect(store.view.value).toMatchObject({
      kind: "ready",
      account: { name: "Globex" },
      overview: { wins: { count: 1 } },
    });
    expect(send).toHaveBeenCalledWith({ type: "getOverview", accountId: globex.id, period: "90d" });

    // The same record finishing its render resolves to the same account: no new overview request.
    await store.setPage(page("001D000000IqhSLIAZ", "Globex"));
    expect(send).toHaveBeenCalledTimes(3);
    expect(store.view.value?.kind).toBe("ready");

    await store.setPage(null);
    expect(store.view.value).toBe(null);
  });

  it("says what it looked up when nothing matched, and shows sign-in when signed out", async () => {
    const { store } = setup(() => ok(null));
    await store.setPage(page("001D000000IqhSLIAZ", "Nobody Inc"));
    expect(store.view.value).toEqual({
      kind: "notFound",
      lookedUp: "Salesforce account 001D000000IqhSLIAZ, Nobody Inc",
    });
    const signedOut = setup(() => fail("unauthorized", "Sign in first"));
    await signedOut.store.setPage(page("001D000000IqhSLIAZ"));
    expect(signedOut.store.view.value).toEqual({ kind: "signedOut" });
  });

  it("asks again with fresh: true when the answer came from a stale cache entry", async () => {
    const newer = { ...overview, wins: { ...overview.wins, count: 9 } };
    const { store, send } = setup((m) => {
      if (m.type === "lookupAccount") return ok({ account: globex, matchedBy: "crm", query: {} });
      if (m.type === "getOverview" && m.fresh) return ok({ overview: newer, fetchedAt: 2, revalidating: false });
      return ok({ overview, fetchedAt: 1, revalidating: true });
    });
    await store.setPage(page("001D000000IqhSLIAZ"));
    expect(send).toHaveBeenLastCalledWith({ type: "getOverview", accountId: globex.id, period: "90d", fresh: true });
    expect(store.view.value).toMatchObject({ kind: "ready", updating: false, overview: { wins: { count: 9 } } });
  });

  it("drops answers for a page the user already left", async () => {
    let releaseFirst: (v: unknown) => void = () => {};
    const { store } = setup((m) => {
      if (m.type === "lookupAccount" && m.candidates[0]?.crmId === "001D000000IqhSLIAZ")
        return new Promise((resolve) => (releaseFirst = resolve));
      if (m.type === "lookupAccount") return ok(null);
      return ok({ overview, fetchedAt: 1, revalidating: false });
    });
    const first = store.setPage(page("001D000000IqhSLIAZ"));
    await store.setPage(page("0015000000Gv7qJAAR"));
    releaseFirst(ok({ account: globex, matchedBy: "crm", query: {} }));
    await first;
    expect(store.view.value?.kind).toBe("notFound");
  });

  it("remembers the collapsed state", async () => {
    const { store, storage } = setup(() => ok(null));
    await store.setCollapsed(true);
    expect(store.collapsed.value).toBe(true);
    expect(storage.set).toHaveBeenCalledWith(true);
  });

  it("opens a call source's transcript at its moment, and an e-mail source's message with the quote", async () => {
    const { send, store } = setup(() => ({ ok: true, value: true }));
    await store.openTranscript("cnv_1", 65_000);
    expect(send).toHaveBeenLastCalledWith({ type: "openTranscript", conversationId: "cnv_1", t: 65_000 });
    await store.openTranscript("cnv_2", null, "<m1@globex.com>", "We love it");
    expect(send).toHaveBeenLastCalledWith({
      type: "openEmailMessage",
      conversationId: "cnv_2",
      messageId: "<m1@globex.com>",
      quote: "We love it",
    });
  });
});
