import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { handleMessage } from "../router.ts";
import { loadSession, saveSession } from "../session-store.ts";
import { accountBody, jsonResponse, meBody, overviewBody, sentRequest, unauthorizedBody } from "../test-fixtures.ts";
import { clearOverviewCache, OVERVIEW_CACHE_ENTRIES, OVERVIEW_FRESH_MS, overviewCacheSize } from "./get-overview.ts";
import { clearLookupCache } from "./lookup-account.ts";

/** The sidebar's content script on a CRM page: its sender URL is the page's. */
const self = { id: fakeBrowser.runtime.id, url: "https://acme.lightning.force.com/lightning/r/Account/001/view" };
const fetchMock = vi.fn<typeof fetch>();
const BACKEND = "http://127.0.0.1:9999";
const notFound = { error: { code: "not_found", message: "No account", requestId: "req_2" } };

beforeEach(async () => {
  fakeBrowser.reset();
  fetchMock.mockReset();
  vi.stubGlobal("fetch", fetchMock);
  clearOverviewCache();
  clearLookupCache();
  await saveSession({ backendUrl: BACKEND, token: "tok_good", user: meBody.user, org: meBody.org });
});
afterEach(() => {
  vi.useRealTimers();
});

const urls = () => fetchMock.mock.calls.map((call) => sentRequest(call).url);

describe("lookupAccount", () => {
  it("asks about each candidate in order and answers the first that resolves", async () => {
    fetchMock
      .mockResolvedValueOnce(jsonResponse(404, notFound))
      .mockResolvedValueOnce(jsonResponse(200, { account: accountBody("Globex", ["globex.com"]), matchedBy: "email" }));
    const answer = await handleMessage(
      { type: "lookupAccount", candidates: [{ email: "bob@nowhere.example" }, { email: "carol@globex.com" }] },
      self,
    );
    expect(answer).toMatchObject({
      ok: true,
      value: { account: { name: "Globex" }, matchedBy: "email", query: { email: "carol@globex.com" } },
    });
    expect(urls()).toEqual([
      `${BACKEND}/api/v1/accounts/lookup?email=bob%40nowhere.example`,
      `${BACKEND}/api/v1/accounts/lookup?email=carol%40globex.com`,
    ]);
  });

  it("sends a CRM id with its fallbacks in one question, and answers null when nothing matches", async () => {
    fetchMock.mockResolvedValue(jsonResponse(404, notFound));
    const candidates = [
      { crm: "salesforce" as const, crmId: "001D000000IqhSLIAZ", domain: "www.globex.com", name: "Globex" },
    ];
    expect(await handleMessage({ type: "lookupAccount", candidates }, self)).toEqual({ ok: true, value: null });
    expect(urls()).toEqual([
      `${BACKEND}/api/v1/accounts/lookup?crm=salesforce&crmId=001D000000IqhSLIAZ&domain=www.globex.com&name=Globex`,
    ]);
    // The negative answer is cached too: no second request for the same question.
    await handleMessage({ type: "lookupAccount", candidates }, self);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it("rejects malformed candidates before any request", async () => {
    for (const candidates of [[{ crm: "salesforce" }], [{ email: 42 }], [{}], [{ url: "x" }], "x"]) {
      expect(await handleMessage({ type: "lookupAccount", candidates }, self)).toMatchObject({ ok: false });
    }
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("clears the session on a 401", async () => {
    fetchMock.mockResolvedValue(jsonResponse(401, unauthorizedBody));
    const answer = await handleMessage({ type: "lookupAccount", candidates: [{ domain: "globex.com" }] }, self);
    expect(answer).toMatchObject({ ok: false, error: { kind: "unauthorized" } });
    expect((await loadSession()).token).toBe(null);
  });
});

describe("getOverview", () => {
  const ask = (fresh?: boolean) =>
    handleMessage({ type: "getOverview", accountId: "acc_globex", period: "90d", ...(fresh ? { fresh } : {}) }, self);

  it("fetches, validates and caches per account and period", async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, overviewBody("Globex")));
    const first = await ask();
    expect(first).toMatchObject({
      ok: true,
      value: { overview: { account: { name: "Globex" } }, revalidating: false },
    });
    expect(urls()).toEqual([`${BACKEND}/api/v1/accounts/acc_globex/overview?period=90d`]);
    const second = await ask();
    expect(second).toMatchObject({ ok: true, value: { revalidating: false } });
    expect(fetchMock).toHaveBeenCalledTimes(1);
    await handleMessage({ type: "getOverview", accountId: "acc_globex", period: "7d" }, self);
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it("serves a stale entry at once, refreshes in the background, and hands the refresh to a fresh ask", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    fetchMock.mockResolvedValueOnce(jsonResponse(200, overviewBody("Globex", 1)));
    await ask();
    vi.setSystemTime(Date.now() + OVERVIEW_FRESH_MS + 1);

    let release: (r: Response) => void = () => {};
    fetchMock.mockReturnValueOnce(new Promise<Response>((resolve) => (release = resolve)));
    const stale = await ask();
    expect(stale).toMatchObject({ ok: true, value: { revalidating: true, overview: { wins: { count: 1 } } } });
    expect(fetchMock).toHaveBeenCalledTimes(2);

    const fresh = ask(true);
    release(jsonResponse(200, overviewBody("Globex", 5)));
    expect(await fresh).toMatchObject({ ok: true, value: { revalidating: false, overview: { wins: { count: 5 } } } });
    // The fresh ask joined the refresh already in flight.
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(await ask()).toMatchObject({ ok: true, value: { revalidating: false, overview: { wins: { count: 5 } } } });
  });

  it("keeps at most OVERVIEW_CACHE_ENTRIES overviews", async () => {
    fetchMock.mockImplementation(async () => jsonResponse(200, overviewBody("Globex")));
    for (let i = 0; i < OVERVIEW_CACHE_ENTRIES + 5; i++) {
      await handleMessage({ type: "getOverview", accountId: `acc_${i}`, period: "90d" }, self);
    }
    expect(overviewCacheSize()).toBe(OVERVIEW_CACHE_ENTRIES);
  });

  it("rejects an answer that does not match the schema", async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, { account: { name: "Globex" } }));
    expect(await ask()).toMatchObject({ ok: false, error: { kind: "server" } });
  });

  it("clears the session and the cache on a 401", async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(200, overviewBody("Globex")));
    await ask();
    fetchMock.mockResolvedValueOnce(jsonResponse(401, unauthorizedBody));
    expect(await ask(true)).toMatchObject({ ok: false, error: { kind: "unauthorized" } });
    expect((await loadSession()).token).toBe(null);
    expect(overviewCacheSize()).toBe(0);
    expect(await ask()).toMatchObject({ ok: false, error: { kind: "unauthorized" } });
  });

  it("rejects unknown periods", async () => {
    expect(await handleMessage({ type: "getOverview", accountId: "acc_1", period: "2d" }, self)).toMatchObject({
      ok: false,
    });
  });
});
