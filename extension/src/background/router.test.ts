import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { DEFAULT_BACKEND_URL } from "../shared/backend-url.ts";
import type { Request } from "../shared/messages.ts";
import { CONTENT_SCRIPT_MESSAGES, handleMessage } from "./router.ts";
import { loadSession, saveSession } from "./session-store.ts";
import { accountsBody, jsonResponse, meBody, sentRequest, unauthorizedBody } from "./test-fixtures.ts";

/** An extension page (the popup, options or a Sightline page): every message is accepted from it. */
const self = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL("/popup.html") };
const fetchMock = vi.fn<typeof fetch>();

beforeEach(() => {
  fakeBrowser.reset();
  fetchMock.mockReset();
  vi.stubGlobal("fetch", fetchMock);
});

async function signInAs(token: string, backendUrl = "http://127.0.0.1:9999") {
  await saveSession({ backendUrl, token, user: meBody.user, org: meBody.org });
}

const lastRequest = () => sentRequest(fetchMock.mock.lastCall);

describe("sender check", () => {
  it("rejects messages from another extension without doing any work", async () => {
    await signInAs("tok_secret");
    const answer = await handleMessage({ type: "getSession" }, { id: "some-other-extension" });
    expect(answer).toMatchObject({ ok: false, error: { kind: "invalid" } });
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("rejects senders without an id (web pages)", async () => {
    const answer = await handleMessage({ type: "signOut" }, {});
    expect(answer.ok).toBe(false);
    expect((await loadSession()).token).toBe(null);
  });

  it("rejects unknown or malformed messages", async () => {
    expect(await handleMessage({ type: "deleteEverything" }, self)).toMatchObject({ ok: false });
    expect(await handleMessage({ type: "searchAccounts", q: 42 }, self)).toMatchObject({ ok: false });
    expect(await handleMessage("getSession", self)).toMatchObject({ ok: false });
  });
});

describe("signIn", () => {
  it("stores the token and answers the session when /me returns 200", async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, meBody));
    const answer = await handleMessage(
      { type: "signIn", backendUrl: "http://127.0.0.1:9999/", token: " tok_good " },
      self,
    );

    expect(answer).toEqual({
      ok: true,
      value: { signedIn: true, backendUrl: "http://127.0.0.1:9999", user: meBody.user, org: meBody.org },
    });
    expect(lastRequest().url).toBe("http://127.0.0.1:9999/api/v1/me");
    expect(lastRequest().headers.get("authorization")).toBe("Bearer tok_good");
    expect(await loadSession()).toMatchObject({ token: "tok_good", backendUrl: "http://127.0.0.1:9999" });
  });

  it("does not store a token the backend answers 401 for", async () => {
    fetchMock.mockResolvedValue(jsonResponse(401, unauthorizedBody));
    const answer = await handleMessage({ type: "signIn", token: "tok_bad" }, self);

    expect(answer).toMatchObject({ ok: false, error: { kind: "unauthorized" } });
    expect(lastRequest().url).toBe(`${DEFAULT_BACKEND_URL}/api/v1/me`);
    expect(await loadSession()).toMatchObject({ token: null, user: null });
    expect(await handleMessage({ type: "getSession" }, self)).toMatchObject({ ok: true, value: { signedIn: false } });
  });

  it("does not store a token when /me answers 200 with a body that is not a MeResponse", async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, { hello: "world" }));
    const answer = await handleMessage({ type: "signIn", token: "tok_odd" }, self);
    expect(answer).toMatchObject({ ok: false, error: { kind: "server" } });
    expect((await loadSession()).token).toBe(null);
  });

  it("reports an unreachable backend as a network failure naming the URL", async () => {
    fetchMock.mockRejectedValue(new TypeError("Failed to fetch"));
    const answer = await handleMessage({ type: "signIn", backendUrl: "http://localhost:1", token: "tok" }, self);
    expect(answer).toMatchObject({ ok: false, error: { kind: "network", backendUrl: "http://localhost:1" } });
    expect((await loadSession()).token).toBe(null);
  });

  it("refuses a backend URL that is not http(s) before calling anything", async () => {
    const answer = await handleMessage({ type: "signIn", backendUrl: "javascript:alert(1)", token: "tok" }, self);
    expect(answer).toMatchObject({ ok: false, error: { kind: "invalid" } });
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe("searchAccounts", () => {
  it("calls GET /api/v1/accounts with q, limit and the bearer token", async () => {
    await signInAs("tok_good");
    fetchMock.mockResolvedValue(jsonResponse(200, accountsBody));
    const answer = await handleMessage({ type: "searchAccounts", q: " acme & co " }, self);

    expect(answer).toEqual({ ok: true, value: accountsBody });
    const { url, headers } = lastRequest();
    const parsed = new URL(url);
    expect(parsed.origin + parsed.pathname).toBe("http://127.0.0.1:9999/api/v1/accounts");
    expect(parsed.searchParams.get("q")).toBe("acme & co");
    expect(parsed.searchParams.get("limit")).toBe("25");
    expect(headers.get("authorization")).toBe("Bearer tok_good");
  });

  it("clears the session when the API answers 401", async () => {
    await signInAs("tok_revoked");
    fetchMock.mockResolvedValue(jsonResponse(401, unauthorizedBody));
    const answer = await handleMessage({ type: "searchAccounts", q: "acme" }, self);

    expect(answer).toMatchObject({ ok: false, error: { kind: "unauthorized" } });
    expect(await loadSession()).toEqual({ backendUrl: "http://127.0.0.1:9999", token: null, user: null, org: null });
  });

  it("keeps the session on other errors", async () => {
    await signInAs("tok_good");
    fetchMock.mockResolvedValue(
      jsonResponse(500, { error: { code: "internal", message: "boom", requestId: "req_2" } }),
    );
    const answer = await handleMessage({ type: "searchAccounts", q: "" }, self);
    expect(answer).toMatchObject({ ok: false, error: { kind: "server", message: "The backend answered: boom" } });
    expect((await loadSession()).token).toBe("tok_good");
  });

  it("answers unauthorized without a network call when nobody is signed in", async () => {
    const answer = await handleMessage({ type: "searchAccounts", q: "acme" }, self);
    expect(answer).toMatchObject({ ok: false, error: { kind: "unauthorized" } });
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe("signOut", () => {
  it("forgets the token but keeps the backend URL", async () => {
    await signInAs("tok_good", "http://localhost:8787");
    const answer = await handleMessage({ type: "signOut" }, self);
    expect(answer).toEqual({ ok: true, value: { signedIn: false, backendUrl: "http://localhost:8787" } });
    expect((await loadSession()).token).toBe(null);
  });
});

describe("backend URL", () => {
  it("refuses plain http except on loopback, before the token travels anywhere", async () => {
    for (const backendUrl of ["http://sightline.example.com", "http://10.0.0.5:8787", "http://127.0.0.1.nip.io"]) {
      const answer = await handleMessage({ type: "signIn", backendUrl, token: "tok_secret" }, self);
      expect(answer, backendUrl).toMatchObject({
        ok: false,
        error: { kind: "invalid", message: expect.stringMatching(/https/) },
      });
    }
    expect(fetchMock).not.toHaveBeenCalled();
    expect((await loadSession()).token).toBe(null);
  });
});

describe("content scripts", () => {
  const contentScript = {
    id: fakeBrowser.runtime.id,
    url: "https://acme.lightning.force.com/lightning/r/Account/001/view",
  };
  const lookalike = {
    id: fakeBrowser.runtime.id,
    url: `https://evil.example/chrome-extension://${fakeBrowser.runtime.id}/`,
  };

  it("may not sign in, sign out, change the backend, read the session or touch connections", async () => {
    await signInAs("tok_secret");
    const refused: Request[] = [
      { type: "signIn", backendUrl: "http://attacker.example", token: "tok_attacker" },
      { type: "signOut" },
      { type: "getSession" },
      { type: "getMe" },
      { type: "getConnections" },
      { type: "disconnect", id: "conn_1" },
      { type: "startZoomConnect" },
      { type: "searchAccounts", q: "" },
      { type: "getConversation", id: "conv_1" },
      // Search reads every conversation of the organization: never from a host page.
      { type: "searchConversations", q: "pricing" },
      { type: "getConversationMedia", id: "conv_1" },
      // A thread composed by the caller: a host page could post anything as an e-mail of the organization.
      { type: "addEmailThread", thread: { threadId: "t1", subject: "s", participants: [], messages: [] } },
      { type: "getEmailThreads", threadIds: ["t1"] },
      { type: "shouldCaptureEmail", emails: ["a@b.com"] },
      // The admin console's messages: a host page must never reach them through the sidebar.
      { type: "listUnassigned" },
      { type: "assignConversation", conversationId: "conv_1", accountId: "acc_1" },
      { type: "listFailedJobs" },
      { type: "replayFailedJob", id: "fj_1" },
      { type: "listWebhookEvents" },
      { type: "replayWebhookEvent", id: "we_1" },
      { type: "listProfiles" },
      { type: "inviteUser", email: "eve@example.com", name: "Eve", role: "admin" },
      { type: "updateUser", id: "usr_1", role: "admin" },
      { type: "listUserTokens", userId: "usr_1" },
      { type: "revokeUserToken", userId: "usr_1", tokenId: "tok_1" },
      { type: "setProfileIntake", id: "prf_1", transcriptIntake: false },
      { type: "getIntakeSettings" },
      { type: "setRegisteredUsersOnly", registeredUsersOnly: true },
      { type: "getSlackWebhook" },
      { type: "setSlackWebhook", webhookUrl: "https://hooks.slack.com/services/x" },
      { type: "clearSlackWebhook" },
      { type: "importAccounts", csv: "name\nAcme", commit: true },
      { type: "listDeletions" },
      { type: "getDeletion", id: "del_1" },
      { type: "createDeletion", deletion: { scope: "all" } },
      { type: "getRetention" },
      { type: "setRetention", retention: { transcriptRetentionDays: 30, archiveRetentionDays: null } },
      { type: "getEmailCaptureSettings" },
      { type: "setEmailCaptureSettings", autoCapture: true },
      { type: "listExports" },
      { type: "getExport", id: "exp_1" },
      { type: "createExport", accountId: null },
      { type: "connectZoomAccount", provider: "zoom", accountId: "a", clientId: "c", clientSecret: "s" },
      {
        type: "createAccount",
        account: { name: "Evil", domains: ["acme.com"], salesforceId: null, hubspotId: null, leadSource: null },
      },
      {
        type: "updateAccount",
        id: "acc_1",
        account: { name: "Evil", domains: [], salesforceId: null, hubspotId: null, leadSource: null },
      },
      { type: "deleteAccount", id: "acc_1" },
      { type: "listContacts", accountId: "acc_1" },
      {
        type: "createContact",
        contact: { accountId: "acc_1", name: "Eve", email: null, phone: null, title: null, side: "theirs" },
      },
      {
        type: "updateContact",
        id: "ctc_1",
        contact: { accountId: "acc_1", name: "Eve", email: null, phone: null, title: null, side: "theirs" },
      },
      { type: "deleteContact", id: "ctc_1" },
    ];
    for (const sender of [contentScript, lookalike, { id: fakeBrowser.runtime.id, url: undefined }]) {
      for (const message of refused) {
        expect(await handleMessage(message, sender), `${message.type} from ${sender.url}`).toMatchObject({
          ok: false,
          error: { kind: "invalid" },
        });
      }
    }
    expect(fetchMock).not.toHaveBeenCalled();
    expect(await loadSession()).toMatchObject({ token: "tok_secret", backendUrl: "http://127.0.0.1:9999" });
  });

  it("may ask exactly what the sidebar needs", async () => {
    expect([...CONTENT_SCRIPT_MESSAGES].sort()).toEqual([
      "addGmailThread",
      "checkGmailThread",
      "getOverview",
      "lookupAccount",
      "openEmailMessage",
      "openSignIn",
      "openTranscript",
    ]);
    await signInAs("tok_secret");
    fetchMock.mockResolvedValue(jsonResponse(404, { error: { code: "not_found", message: "no", requestId: "r" } }));
    const answer = await handleMessage({ type: "lookupAccount", candidates: [{ domain: "acme.com" }] }, contentScript);
    expect(answer.ok).toBe(true);
    expect(lastRequest().url).toContain("/api/v1/accounts/lookup?domain=acme.com");
  });
});
