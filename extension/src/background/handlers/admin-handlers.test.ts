import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { handleMessage } from "../router.ts";
import { loadSession, saveSession } from "../session-store.ts";
import { jsonResponse, meBody, sentRequest, unauthorizedBody } from "../test-fixtures.ts";

/** The options page (an extension page): the admin console's messages are accepted from it. */
const self = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL("/options.html") };
const fetchMock = vi.fn<typeof fetch>();
const BACKEND = "http://127.0.0.1:9999";
const at = "2026-11-23T10:00:00.000Z";
const unassigned = {
  id: "conv_1",
  title: "Kickoff",
  source: "zoom_meeting",
  startedAt: at,
  hostEmail: null,
  participants: [{ name: "Bo", email: null }],
};
const job = {
  id: "fj_1",
  jobType: "zoom_event",
  reason: "boom",
  attempts: 3,
  payload: { kind: "zoom_event" },
  createdAt: at,
  replayedAt: null,
};
const event = {
  id: "we_1",
  provider: "zoom",
  eventType: "recording.completed",
  status: "failed",
  reason: null,
  receivedAt: at,
  archiveDeletedAt: null,
};

beforeEach(async () => {
  fakeBrowser.reset();
  fetchMock.mockReset();
  vi.stubGlobal("fetch", fetchMock);
  await saveSession({ backendUrl: BACKEND, token: "tok_good", user: meBody.user, org: meBody.org });
});

const lastCall = async () => {
  const [input] = fetchMock.mock.lastCall ?? [];
  const { url, method, headers } = sentRequest(fetchMock.mock.lastCall);
  const body = input instanceof Request ? await input.clone().text() : "";
  return { url, method, auth: headers.get("authorization"), body };
};

describe("admin console handlers", () => {
  it("lists unassigned conversations, failed jobs and events through the typed routes", async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { conversations: [unassigned] }));
    expect(await handleMessage({ type: "listUnassigned" }, self)).toEqual({ ok: true, value: [unassigned] });
    expect(await lastCall()).toMatchObject({
      url: `${BACKEND}/api/v1/conversations/unassigned?limit=100`,
      method: "GET",
      auth: "Bearer tok_good",
    });
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { failedJobs: [job] }));
    expect(await handleMessage({ type: "listFailedJobs" }, self)).toEqual({ ok: true, value: [job] });
    expect((await lastCall()).url).toBe(`${BACKEND}/api/v1/operations/failed-jobs?limit=100`);
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { events: [event] }));
    expect(await handleMessage({ type: "listWebhookEvents" }, self)).toEqual({ ok: true, value: [event] });
    expect((await lastCall()).url).toBe(`${BACKEND}/api/v1/operations/webhook-events?limit=100`);
  });

  it("assigns with PUT and the account in the body, and replays with POST", async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { id: "conv_1", accountId: "acc_1", routing: "manual" }));
    expect(
      await handleMessage({ type: "assignConversation", conversationId: "conv_1", accountId: "acc_1" }, self),
    ).toEqual({ ok: true, value: { id: "conv_1", accountId: "acc_1", routing: "manual" } });
    expect(await lastCall()).toMatchObject({
      url: `${BACKEND}/api/v1/conversations/conv_1/account`,
      method: "PUT",
      body: JSON.stringify({ accountId: "acc_1" }),
    });
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { ...job, replayedAt: at }));
    expect(await handleMessage({ type: "replayFailedJob", id: "fj_1" }, self)).toMatchObject({
      ok: true,
      value: { replayedAt: at },
    });
    expect(await lastCall()).toMatchObject({
      url: `${BACKEND}/api/v1/operations/failed-jobs/fj_1/replay`,
      method: "POST",
    });
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { ...event, status: "queued" }));
    expect(await handleMessage({ type: "replayWebhookEvent", id: "we_1" }, self)).toMatchObject({
      ok: true,
      value: { status: "queued" },
    });
    expect((await lastCall()).url).toBe(`${BACKEND}/api/v1/operations/webhook-events/we_1/replay`);
  });

  it("words a member's 403 as the backend's reason, and a malformed row as not understood", async () => {
    fetchMock.mockResolvedValueOnce(
      jsonResponse(403, { error: { code: "forbidden", message: "admins only", requestId: "r" } }),
    );
    expect(await handleMessage({ type: "listFailedJobs" }, self)).toMatchObject({
      ok: false,
      error: { kind: "server", message: "The backend answered: admins only" },
    });
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { conversations: [{ ...unassigned, participants: "x" }] }));
    expect(await handleMessage({ type: "listUnassigned" }, self)).toMatchObject({
      ok: false,
      error: { kind: "server" },
    });
  });

  it("refuses malformed ids before any request, and forgets the token on a 401", async () => {
    expect(await handleMessage({ type: "replayFailedJob", id: "" }, self)).toMatchObject({ ok: false });
    expect(
      await handleMessage({ type: "assignConversation", conversationId: "conv_1", accountId: 7 }, self),
    ).toMatchObject({ ok: false, error: { kind: "invalid" } });
    expect(fetchMock).not.toHaveBeenCalled();
    fetchMock.mockResolvedValue(jsonResponse(401, unauthorizedBody));
    expect(await handleMessage({ type: "listWebhookEvents" }, self)).toMatchObject({
      ok: false,
      error: { kind: "unauthorized" },
    });
    expect((await loadSession()).token).toBe(null);
  });
});

describe("admin console handlers: users and profiles", () => {
  const user = { ...meBody.user, id: "usr_2", role: "member", profileId: "prf_1" };
  const profile = { id: "prf_1", name: "Contractors", transcriptIntake: false, createdAt: at };
  const apiToken = {
    id: "tok_1",
    tokenPrefix: "sl_abcd",
    label: null,
    createdAt: at,
    lastUsedAt: null,
    revokedAt: null,
  };

  it("patches a user with only what changed, lists profiles and tokens", async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(200, user));
    expect(await handleMessage({ type: "updateUser", id: "usr_2", profileId: "prf_1" }, self)).toEqual({
      ok: true,
      value: user,
    });
    expect(await lastCall()).toMatchObject({
      url: `${BACKEND}/api/v1/users/usr_2`,
      method: "PATCH",
      body: JSON.stringify({ profileId: "prf_1" }),
    });
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { profiles: [profile] }));
    expect(await handleMessage({ type: "listProfiles" }, self)).toEqual({ ok: true, value: [profile] });
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { tokens: [apiToken] }));
    expect(await handleMessage({ type: "listUserTokens", userId: "usr_2" }, self)).toEqual({
      ok: true,
      value: [apiToken],
    });
    expect((await lastCall()).url).toBe(`${BACKEND}/api/v1/users/usr_2/tokens`);
  });

  it("revokes a token (204, no body) and switches a profile's intake", async () => {
    fetchMock.mockResolvedValueOnce(new Response(null, { status: 204 }));
    expect(await handleMessage({ type: "revokeUserToken", userId: "usr_2", tokenId: "tok_1" }, self)).toEqual({
      ok: true,
      value: true,
    });
    expect(await lastCall()).toMatchObject({ url: `${BACKEND}/api/v1/users/usr_2/tokens/tok_1`, method: "DELETE" });
    fetchMock.mockResolvedValueOnce(jsonResponse(200, profile));
    expect(await handleMessage({ type: "setProfileIntake", id: "prf_1", transcriptIntake: false }, self)).toEqual({
      ok: true,
      value: profile,
    });
    expect(await lastCall()).toMatchObject({
      url: `${BACKEND}/api/v1/profiles/prf_1`,
      method: "PATCH",
      body: JSON.stringify({ transcriptIntake: false }),
    });
  });

  it("invites a user with POST /users and passes on the token shown once", async () => {
    const answer = { user, apiToken: { token: "sl_new_secret", tokenPrefix: "sl_new" } };
    fetchMock.mockResolvedValueOnce(jsonResponse(201, answer));
    expect(
      await handleMessage({ type: "inviteUser", email: "max@ourco.com", name: "Max", role: "member" }, self),
    ).toEqual({ ok: true, value: answer });
    expect(await lastCall()).toMatchObject({
      url: `${BACKEND}/api/v1/users`,
      method: "POST",
      body: JSON.stringify({ email: "max@ourco.com", name: "Max", role: "member", profileId: null }),
    });
    expect(
      await handleMessage({ type: "inviteUser", email: "max@ourco.com", name: "Max", role: "owner" }, self),
    ).toMatchObject({ ok: false, error: { kind: "invalid" } });
  });

  it("refuses an update that changes nothing or names an unknown role", async () => {
    expect(await handleMessage({ type: "updateUser", id: "usr_2" }, self)).toMatchObject({ ok: false });
    expect(await handleMessage({ type: "updateUser", id: "usr_2", role: "owner" }, self)).toMatchObject({ ok: false });
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe("admin console handlers: organization settings", () => {
  const settings = {
    registeredUsersOnly: true,
    discards: { total: 0, byReason: { unregistered_host: 0, intake_off: 0 }, recent: [] },
  };

  it("reads and sets the intake rule, and sets and removes the Slack webhook", async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(200, settings));
    expect(await handleMessage({ type: "setRegisteredUsersOnly", registeredUsersOnly: true }, self)).toEqual({
      ok: true,
      value: settings,
    });
    expect(await lastCall()).toMatchObject({
      url: `${BACKEND}/api/v1/org/intake`,
      method: "PUT",
      body: JSON.stringify({ registeredUsersOnly: true }),
    });
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { configured: true }));
    const url = "https://hooks.slack.com/services/T/B/x";
    expect(await handleMessage({ type: "setSlackWebhook", webhookUrl: url }, self)).toEqual({
      ok: true,
      value: { configured: true },
    });
    expect(await lastCall()).toMatchObject({ url: `${BACKEND}/api/v1/org/slack`, method: "PUT" });
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { configured: false }));
    expect(await handleMessage({ type: "clearSlackWebhook" }, self)).toEqual({
      ok: true,
      value: { configured: false },
    });
    expect((await lastCall()).method).toBe("DELETE");
  });

  it("refuses a malformed setting before any request", async () => {
    expect(await handleMessage({ type: "setRegisteredUsersOnly", registeredUsersOnly: "yes" }, self)).toMatchObject({
      ok: false,
    });
    expect(await handleMessage({ type: "setSlackWebhook", webhookUrl: "" }, self)).toMatchObject({ ok: false });
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe("admin console handlers: Zoom account connections", () => {
  const connection = {
    id: "con_1",
    provider: "zoom_contact_center",
    scope: "account",
    userId: null,
    externalAccountId: "acc_1",
    externalUserId: null,
    status: "active",
    lastError: null,
    createdAt: at,
    updatedAt: at,
  };
  const credentials = { accountId: "acc_1", clientId: "cid", clientSecret: "secret" };

  it("puts the app credentials to the provider's account route", async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { ...connection, provider: "zoom" }));
    expect(await handleMessage({ type: "connectZoomAccount", provider: "zoom", ...credentials }, self)).toMatchObject({
      ok: true,
      value: { provider: "zoom" },
    });
    expect(await lastCall()).toMatchObject({
      url: `${BACKEND}/api/v1/connections/zoom/account`,
      method: "PUT",
      body: JSON.stringify(credentials),
    });
    fetchMock.mockResolvedValueOnce(jsonResponse(200, connection));
    await handleMessage({ type: "connectZoomAccount", provider: "zoom_contact_center", ...credentials }, self);
    expect((await lastCall()).url).toBe(`${BACKEND}/api/v1/connections/zoom-contact-center/account`);
  });

  it("refuses another provider or an empty field before any request", async () => {
    for (const bad of [
      { type: "connectZoomAccount", provider: "gong", ...credentials },
      { type: "connectZoomAccount", provider: "zoom", ...credentials, clientSecret: "  " },
    ])
      expect(await handleMessage(bad, self)).toMatchObject({ ok: false, error: { kind: "invalid" } });
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
