import type { Connection } from "@sightline/shared";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { handleMessage } from "../router.ts";
import { loadSession, saveSession } from "../session-store.ts";
import { jsonResponse, meBody, sentRequest, unauthorizedBody } from "../test-fixtures.ts";

const self = { id: fakeBrowser.runtime.id };
const fetchMock = vi.fn<typeof fetch>();
const BACKEND = "http://127.0.0.1:9999";
const at = "2026-11-23T10:00:00.000Z";

function connection(overrides: Partial<Connection> = {}): Connection {
  return {
    id: "con_1",
    provider: "zoom",
    scope: "user",
    userId: meBody.user.id,
    externalAccountId: "zacct_1",
    externalUserId: "ada@ourco.com",
    status: "active",
    lastError: null,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

beforeEach(async () => {
  fakeBrowser.reset();
  fetchMock.mockReset();
  vi.stubGlobal("fetch", fetchMock);
  await saveSession({ backendUrl: BACKEND, token: "tok_good", user: meBody.user, org: meBody.org });
});

const lastCall = () => {
  const { url, method, headers } = sentRequest(fetchMock.mock.lastCall);
  return { url, method, auth: headers.get("authorization") };
};

async function expectSignedOutAfter401(message: unknown) {
  fetchMock.mockResolvedValue(jsonResponse(401, unauthorizedBody));
  expect(await handleMessage(message, self)).toMatchObject({ ok: false, error: { kind: "unauthorized" } });
  const session = await loadSession();
  expect(session.token).toBe(null);
  expect(session.backendUrl).toBe(BACKEND);
}

describe("getMe", () => {
  it("answers /me with the profile", async () => {
    const profile = { id: "prf_1", name: "EMEA", transcriptIntake: false, createdAt: at };
    fetchMock.mockResolvedValue(jsonResponse(200, { ...meBody, profile }));
    expect(await handleMessage({ type: "getMe" }, self)).toMatchObject({ ok: true, value: { profile } });
    expect(lastCall()).toEqual({ url: `${BACKEND}/api/v1/me`, method: "GET", auth: "Bearer tok_good" });
  });

  it("clears the session on a 401", () => expectSignedOutAfter401({ type: "getMe" }));
});

describe("getConnections", () => {
  it("answers the validated list", async () => {
    const gong = connection({ id: "con_2", provider: "gong", status: "error", lastError: "token expired" });
    fetchMock.mockResolvedValue(jsonResponse(200, { connections: [connection(), gong] }));
    const answer = await handleMessage({ type: "getConnections" }, self);
    expect(answer).toEqual({ ok: true, value: [connection(), gong] });
    expect(lastCall()).toEqual({ url: `${BACKEND}/api/v1/connections`, method: "GET", auth: "Bearer tok_good" });
  });

  it("rejects a body that does not match the schema", async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, { connections: [{ id: "con_1", provider: "teams" }] }));
    expect(await handleMessage({ type: "getConnections" }, self)).toMatchObject({
      ok: false,
      error: { kind: "server" },
    });
  });

  it("asks for sign-in without a token, without a request", async () => {
    await saveSession({ backendUrl: BACKEND, token: null, user: null, org: null });
    expect(await handleMessage({ type: "getConnections" }, self)).toMatchObject({
      ok: false,
      error: { kind: "unauthorized" },
    });
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("clears the session on a 401", () => expectSignedOutAfter401({ type: "getConnections" }));
});

describe("disconnect", () => {
  it("sends DELETE for the connection and answers it", async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, connection({ status: "disconnected" })));
    const answer = await handleMessage({ type: "disconnect", id: "con_1" }, self);
    expect(answer).toMatchObject({ ok: true, value: { id: "con_1", status: "disconnected" } });
    expect(lastCall()).toEqual({
      url: `${BACKEND}/api/v1/connections/con_1`,
      method: "DELETE",
      auth: "Bearer tok_good",
    });
  });

  it("escapes the id into one path segment", async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, connection({ id: "a/b?c" })));
    await handleMessage({ type: "disconnect", id: "a/b?c" }, self);
    expect(lastCall().url).toBe(`${BACKEND}/api/v1/connections/a%2Fb%3Fc`);
  });

  it("passes the backend's refusal on", async () => {
    const forbidden = {
      error: { code: "forbidden", message: "only admins may disconnect this connection", requestId: "r" },
    };
    fetchMock.mockResolvedValue(jsonResponse(403, forbidden));
    expect(await handleMessage({ type: "disconnect", id: "con_1" }, self)).toEqual({
      ok: false,
      error: {
        kind: "server",
        message: "The backend answered: only admins may disconnect this connection",
        backendUrl: BACKEND,
      },
    });
    expect((await loadSession()).token).toBe("tok_good");
  });

  it("rejects a missing or empty id before any request", async () => {
    for (const message of [{ type: "disconnect" }, { type: "disconnect", id: "" }, { type: "disconnect", id: 7 }]) {
      expect(await handleMessage(message, self)).toMatchObject({ ok: false, error: { kind: "invalid" } });
    }
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("clears the session on a 401", () => expectSignedOutAfter401({ type: "disconnect", id: "con_1" }));
});

describe("startZoomConnect", () => {
  it("opens the backend's one-time begin link in a new tab", async () => {
    const beginUrl = `${BACKEND}/oauth/zoom/begin?ticket=t1`;
    fetchMock.mockResolvedValue(jsonResponse(200, { beginUrl }));
    const create = vi.spyOn(fakeBrowser.tabs, "create");
    expect(await handleMessage({ type: "startZoomConnect" }, self)).toEqual({ ok: true, value: { status: "opened" } });
    expect(lastCall()).toEqual({ url: `${BACKEND}/oauth/zoom/start`, method: "GET", auth: "Bearer tok_good" });
    expect(create).toHaveBeenCalledWith({ url: beginUrl });
  });

  it("answers unavailable when the backend has no per-user OAuth (404)", async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(404, { error: { code: "not_found", message: "Not found", requestId: "r" } }),
    );
    const create = vi.spyOn(fakeBrowser.tabs, "create");
    expect(await handleMessage({ type: "startZoomConnect" }, self)).toEqual({
      ok: true,
      value: { status: "unavailable" },
    });
    expect(create).not.toHaveBeenCalled();
  });

  it("never opens anything but the backend's own begin page", async () => {
    const create = vi.spyOn(fakeBrowser.tabs, "create");
    const others = [
      "javascript:alert(1)",
      "chrome://settings",
      "not a url",
      // Zoom directly (an old backend): the callback would refuse it, this browser never began.
      "https://zoom.us/oauth/authorize?client_id=abc&state=xyz",
      "https://evil.example/oauth/zoom/begin?ticket=t1",
      `${BACKEND}/api/v1/me`,
    ];
    for (const beginUrl of others) {
      fetchMock.mockResolvedValueOnce(jsonResponse(200, { beginUrl }));
      expect(await handleMessage({ type: "startZoomConnect" }, self)).toMatchObject({
        ok: false,
        error: { kind: "server" },
      });
    }
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { authorizeUrl: "https://zoom.us/oauth/authorize" }));
    expect(await handleMessage({ type: "startZoomConnect" }, self)).toMatchObject({
      ok: false,
      error: { kind: "server" },
    });
    expect(create).not.toHaveBeenCalled();
  });

  it("clears the session on a 401", () => expectSignedOutAfter401({ type: "startZoomConnect" }));
});

describe("openSignIn", () => {
  it("opens the options page", async () => {
    const openOptionsPage = vi.fn(async () => {});
    fakeBrowser.runtime.openOptionsPage = openOptionsPage;
    expect(await handleMessage({ type: "openSignIn" }, self)).toEqual({ ok: true, value: true });
    expect(openOptionsPage).toHaveBeenCalledOnce();
  });
});
