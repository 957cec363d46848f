import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { createPopupStore } from "../../popup/store.ts";
import { handleMessage } from "../router.ts";
import { loadSession, saveSession } from "../session-store.ts";
import { coachingBody, jsonResponse, meBody, sentRequest, unauthorizedBody } from "../test-fixtures.ts";

/** The coaching page (an extension page): every message is accepted from it. */
const self = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL("/coaching.html") };
const fetchMock = vi.fn<typeof fetch>();
const BACKEND = "http://127.0.0.1:9999";

beforeEach(async () => {
  fakeBrowser.reset();
  fetchMock.mockReset();
  vi.stubGlobal("fetch", fetchMock);
  await saveSession({ backendUrl: BACKEND, token: "tok_good", user: meBody.user, org: meBody.org });
});

describe("getCoaching", () => {
  it("asks for the rep's coaching over the period, with the token, and checks the body", async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, coachingBody()));
    const answer = await handleMessage({ type: "getCoaching", userId: "usr/1", period: "30d" }, self);
    expect(answer).toEqual({ ok: true, value: coachingBody() });
    const { url, headers } = sentRequest(fetchMock.mock.calls[0]);
    expect(url).toBe(`${BACKEND}/api/v1/reps/usr%2F1/coaching?period=30d`);
    expect(headers.get("Authorization")).toBe("Bearer tok_good");

    fetchMock.mockResolvedValue(jsonResponse(200, { rep: {} }));
    expect(await handleMessage({ type: "getCoaching", userId: "usr_1", period: "30d" }, self)).toMatchObject({
      ok: false,
      error: { kind: "server" },
    });
  });

  it("refuses malformed requests, and forgets the token on a 401", async () => {
    for (const bad of [
      { type: "getCoaching", period: "30d" },
      { type: "getCoaching", userId: "", period: "30d" },
      { type: "getCoaching", userId: "usr_1", period: "2w" },
    ])
      expect(await handleMessage(bad, self)).toMatchObject({ ok: false, error: { kind: "invalid" } });
    fetchMock.mockResolvedValue(jsonResponse(401, unauthorizedBody));
    expect(await handleMessage({ type: "getCoaching", userId: "usr_1", period: "7d" }, self)).toMatchObject({
      ok: false,
      error: { kind: "unauthorized" },
    });
    expect((await loadSession()).token ?? null).toBeNull();
  });
});

describe("listUsers", () => {
  it("returns the organization's users, and refuses a body that is not a user list", async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, { users: [meBody.user] }));
    expect(await handleMessage({ type: "listUsers" }, self)).toEqual({ ok: true, value: [meBody.user] });
    expect(sentRequest(fetchMock.mock.calls[0]).url).toBe(`${BACKEND}/api/v1/users`);
    fetchMock.mockResolvedValue(jsonResponse(200, { users: [{ id: "x" }] }));
    expect(await handleMessage({ type: "listUsers" }, self)).toMatchObject({ ok: false, error: { kind: "server" } });
  });
});

describe("popup", () => {
  it("opens the coaching page in a new tab", async () => {
    const store = createPopupStore();
    await store.actions.openCoaching();
    const tabs = await fakeBrowser.tabs.query({});
    expect(tabs.map((tab) => tab.url)).toContain(fakeBrowser.runtime.getURL("/coaching.html"));
  });
});
