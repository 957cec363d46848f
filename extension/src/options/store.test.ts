import type { Connection, User } from "@sightline/shared";
import { describe, expect, it, vi } from "vitest";
import { meBody } from "../background/test-fixtures.ts";
import { fail, ok, type Request, type Result } from "../shared/messages.ts";
import type { sendMessage } from "../ui/send-message.ts";
import { connectionRows, connectionStatus } from "./connection-view.ts";
import { createOptionsStore, SESSION_ENDED, ZOOM_UNAVAILABLE } from "./store.ts";

const signedIn = { signedIn: true as const, backendUrl: "http://127.0.0.1:8787", user: meBody.user, org: meBody.org };
const at = "2026-11-23T10:00:00.000Z";
const zoom: Connection = {
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
};

/** A stand-in for the background: each test decides the answer per request. */
function fakeSend(answer: (request: Request) => Result<unknown> | undefined) {
  const calls: Request[] = [];
  const send = (async (request: Request) => {
    calls.push(request);
    const given = answer(request);
    if (given) return given;
    switch (request.type) {
      case "getSession":
        return ok(signedIn);
      case "getMe":
        return ok(meBody);
      case "getConnections":
        return ok([zoom]);
      default:
        return fail("invalid", `unexpected ${request.type}`);
    }
  }) as typeof sendMessage;
  return { send, calls };
}

describe("options store", () => {
  it("loads the session, the profile and the connections", async () => {
    const { send } = fakeSend(() => undefined);
    const store = createOptionsStore({ send });
    await store.actions.load();
    expect(store.session.value).toEqual(signedIn);
    expect(store.me.value).toEqual({ status: "ready", value: meBody });
    expect(store.connections.value).toEqual({ status: "ready", value: [zoom] });
  });

  it("asks Chrome for a custom https backend before signing in, and stops when refused", async () => {
    const { send, calls } = fakeSend(() => undefined);
    const requestOrigin = vi.fn(async () => false);
    const store = createOptionsStore({ send, requestOrigin });
    await store.actions.signIn("https://sightline.example.com/api/v1", "tok");
    expect(requestOrigin).toHaveBeenCalledWith("https://sightline.example.com");
    expect(calls.some((r) => r.type === "signIn")).toBe(false);
    expect(store.signInError.value).toContain("needs permission to reach https://sightline.example.com");

    requestOrigin.mockResolvedValue(true);
    const { send: send2, calls: calls2 } = fakeSend((r) => (r.type === "signIn" ? ok(signedIn) : undefined));
    const granted = createOptionsStore({ send: send2, requestOrigin });
    await granted.actions.signIn("https://sightline.example.com", "tok");
    expect(calls2[0]).toEqual({ type: "signIn", backendUrl: "https://sightline.example.com", token: "tok" });
    expect(granted.session.value).toEqual(signedIn);
  });

  it("asks for loopback backends too (the shipped manifest grants none) and refuses other plain-http ones", async () => {
    const requestOrigin = vi.fn(async () => true);
    const { send, calls } = fakeSend((r) => (r.type === "signIn" ? ok(signedIn) : undefined));
    const store = createOptionsStore({ send, requestOrigin });
    await store.actions.signIn("http://127.0.0.1:8787", "tok");
    expect(requestOrigin).toHaveBeenCalledWith("http://127.0.0.1:8787");
    expect(store.session.value).toEqual(signedIn);

    const other = createOptionsStore({ send, requestOrigin });
    calls.length = 0;
    requestOrigin.mockClear();
    await other.actions.signIn("http://sightline.example.com", "tok");
    expect(calls).toEqual([]);
    expect(requestOrigin).not.toHaveBeenCalled();
    expect(other.signInError.value).toMatch(/https/);
  });

  it("disconnects only after confirming, then reloads the list", async () => {
    let disconnected = false;
    const { send, calls } = fakeSend((r) => {
      if (r.type === "disconnect") {
        disconnected = true;
        return ok({ ...zoom, status: "disconnected" });
      }
      if (r.type === "getConnections") return ok([disconnected ? { ...zoom, status: "disconnected" } : zoom]);
      return undefined;
    });
    const store = createOptionsStore({ send });
    await store.actions.load();
    store.actions.askDisconnect(zoom.id);
    expect(store.confirming.value).toBe(zoom.id);
    store.actions.cancelDisconnect();
    expect(calls.some((r) => r.type === "disconnect")).toBe(false);

    store.actions.askDisconnect(zoom.id);
    await store.actions.confirmDisconnect(zoom);
    expect(calls.filter((r) => r.type === "disconnect")).toEqual([{ type: "disconnect", id: zoom.id }]);
    expect(store.confirming.value).toBe(null);
    expect(store.connections.value).toMatchObject({ status: "ready", value: [{ status: "disconnected" }] });
  });

  it("shows a refused disconnect on the provider's card", async () => {
    const { send } = fakeSend((r) =>
      r.type === "disconnect" ? fail("server", "The backend answered: only admins may disconnect") : undefined,
    );
    const store = createOptionsStore({ send });
    await store.actions.load();
    await store.actions.confirmDisconnect(zoom);
    expect(store.notices.value.zoom).toEqual({
      tone: "error",
      text: "The backend answered: only admins may disconnect",
    });
  });

  it("says the admin configures Zoom when the backend has no per-user OAuth", async () => {
    const { send } = fakeSend((r) => (r.type === "startZoomConnect" ? ok({ status: "unavailable" }) : undefined));
    const store = createOptionsStore({ send });
    await store.actions.load();
    await store.actions.connectZoom();
    expect(store.notices.value.zoom).toEqual({ tone: "info", text: ZOOM_UNAVAILABLE });
  });

  it("connects Gong with a trimmed access key and reloads the connections; a refusal is shown on the card", async () => {
    let refuse = true;
    const { send, calls } = fakeSend((r) => {
      if (r.type !== "connectGongKey") return undefined;
      return refuse
        ? fail("invalid", "Gong refused the credentials: Gong answered 401")
        : ok({ ...zoom, id: "con_gong", provider: "gong", scope: "account", userId: null });
    });
    const store = createOptionsStore({ send });
    await store.actions.load();
    expect(await store.actions.connectGongKey(" KEY ", " secret ")).toBe(false);
    expect(store.notices.value.gong).toEqual({ tone: "error", text: expect.stringContaining("Gong refused") });
    refuse = false;
    const before = calls.filter((c) => c.type === "getConnections").length;
    expect(await store.actions.connectGongKey("KEY", "secret")).toBe(true);
    expect(calls.filter((c) => c.type === "connectGongKey")).toContainEqual({
      type: "connectGongKey",
      accessKey: "KEY",
      accessKeySecret: "secret",
    });
    expect(calls.filter((c) => c.type === "getConnections").length).toBe(before + 1);
    expect(store.notices.value.gong?.tone).toBe("info");
    expect(store.busy.value).toBeNull();
  });

  it("goes back to sign-in when the token stops working", async () => {
    const { send } = fakeSend((r) =>
      r.type === "getConnections" ? fail("unauthorized", "That token was not accepted") : undefined,
    );
    const store = createOptionsStore({ send });
    await store.actions.load();
    expect(store.session.value).toEqual({ signedIn: false, backendUrl: signedIn.backendUrl });
    expect(store.signInError.value).toBe(SESSION_ENDED);
  });
});

describe("connection cards", () => {
  const member: User = { ...meBody.user, id: "usr_2", role: "member" };
  const account: Connection = { ...zoom, id: "con_acct", scope: "account", userId: null, externalUserId: null };
  const others: Connection = { ...zoom, id: "con_other", userId: "usr_3" };

  it("words each status", () => {
    expect(connectionStatus(zoom)).toBe("Connected as ada@ourco.com");
    expect(connectionStatus(account)).toBe("Connected as zacct_1");
    expect(connectionStatus({ ...zoom, status: "error", lastError: "token revoked" })).toBe("Error: token revoked");
    expect(connectionStatus({ ...zoom, status: "disconnected" })).toBe("Disconnected");
  });

  it("shows the organization's connection and the user's own, and who may disconnect them", () => {
    const mine: Connection = { ...zoom, id: "con_mine", userId: member.id };
    const rows = connectionRows([account, others, mine], "zoom", member);
    expect(rows.map((r) => [r.connection.id, r.label, r.canDisconnect])).toEqual([
      ["con_acct", "Organization account", false],
      ["con_mine", "Your account", true],
    ]);
    const adminRows = connectionRows([account, others], "zoom", meBody.user);
    expect(adminRows.map((r) => [r.connection.id, r.canDisconnect])).toEqual([["con_acct", true]]);
    expect(connectionRows([account], "gong", meBody.user)).toEqual([]);
  });

  it("picks the newest when there is history", () => {
    const old: Connection = { ...zoom, id: "con_old", status: "disconnected", updatedAt: "2026-01-01T00:00:00.000Z" };
    expect(connectionRows([old, zoom], "zoom", meBody.user).map((r) => r.connection.id)).toEqual(["con_1"]);
  });

  it("connects the organization's Zoom account with trimmed app credentials, and says why Zoom refused", async () => {
    const account: Connection = { ...zoom, id: "con_acc", scope: "account", userId: null, externalAccountId: "acc_1" };
    let refuse = true;
    const { send, calls } = fakeSend((r) => {
      if (r.type !== "connectZoomAccount") return undefined;
      return refuse ? fail("server", "The backend answered: Zoom refused the app credentials") : ok(account);
    });
    const store = createOptionsStore({ send });
    await store.actions.load();
    const credentials = { accountId: " acc_1 ", clientId: "cid", clientSecret: "secret " };
    expect(await store.actions.connectZoomAccount("zoom", credentials)).toBe(false);
    expect(store.notices.value.zoom).toEqual({ tone: "error", text: expect.stringContaining("Zoom refused") });
    refuse = false;
    expect(await store.actions.connectZoomAccount("zoom", credentials)).toBe(true);
    expect(calls).toContainEqual({
      type: "connectZoomAccount",
      provider: "zoom",
      accountId: "acc_1",
      clientId: "cid",
      clientSecret: "secret",
    });
    expect(store.notices.value.zoom?.tone).toBe("info");
    expect(store.busy.value).toBe(null);
  });
});
