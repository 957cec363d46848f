import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { handleMessage } from "../router.ts";
import { saveSession } from "../session-store.ts";
import { jsonResponse, meBody, sentRequest } from "../test-fixtures.ts";

/** The data-lifecycle messages of the admin console, from the options page, to their routes. */
const self = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL("/options.html") };
const fetchMock = vi.fn<typeof fetch>();
const BACKEND = "http://127.0.0.1:9999";
const at = "2026-11-23T10:00:00.000Z";
const deletion = {
  id: "del_1",
  scope: "account",
  userId: null,
  accountId: "acc_1",
  connectionId: null,
  from: at,
  to: null,
  requestedByUserId: "usr_1",
  archivesBefore: null,
  status: "pending",
  conversationsFound: null,
  deleted: {
    conversations: 0,
    transcriptSegments: 0,
    insights: 0,
    participants: 0,
    webhookEvents: 0,
    storedObjects: 0,
    expiredArchives: 0,
  },
  error: null,
  createdAt: at,
  completedAt: null,
};
const dataExport = {
  id: "exp_1",
  scope: "organization",
  accountId: null,
  requestedByUserId: "usr_1",
  status: "done",
  phase: "done",
  lines: { account: 2 },
  parts: 1,
  bytes: 120,
  error: null,
  createdAt: at,
  completedAt: at,
  download: { url: `${BACKEND}/exports/exp_1/download?sig=x`, expiresAt: at },
};

beforeEach(async () => {
  fakeBrowser.reset();
  fetchMock.mockReset();
  vi.stubGlobal("fetch", fetchMock);
  await saveSession({ backendUrl: BACKEND, token: "tok_good", user: meBody.user, org: meBody.org });
});

const lastCall = async () => {
  const [input] = fetchMock.mock.lastCall ?? [];
  const { url, method } = sentRequest(fetchMock.mock.lastCall);
  const body = input instanceof Request ? await input.clone().text() : "";
  return { url, method, body: body ? JSON.parse(body) : null };
};

describe("admin console data-lifecycle handlers", () => {
  it("previews and commits a CSV import", async () => {
    const preview = { committed: false, ignoredColumns: [], summary: { create: 0, update: 0, skip: 0 }, rows: [] };
    fetchMock.mockResolvedValueOnce(jsonResponse(200, preview));
    expect(await handleMessage({ type: "importAccounts", csv: "name\nAcme", commit: false }, self)).toEqual({
      ok: true,
      value: preview,
    });
    expect(await lastCall()).toEqual({
      url: `${BACKEND}/api/v1/accounts/import`,
      method: "POST",
      body: { csv: "name\nAcme", commit: false },
    });
  });

  it("requests a deletion, lists the log and polls one", async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(202, deletion));
    const request = { scope: "account" as const, accountId: "acc_1", from: at };
    expect(await handleMessage({ type: "createDeletion", deletion: request }, self)).toEqual({
      ok: true,
      value: deletion,
    });
    expect(await lastCall()).toEqual({ url: `${BACKEND}/api/v1/deletions`, method: "POST", body: request });
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { deletions: [deletion] }));
    expect(await handleMessage({ type: "listDeletions" }, self)).toEqual({ ok: true, value: [deletion] });
    expect((await lastCall()).url).toBe(`${BACKEND}/api/v1/deletions?limit=50`);
    fetchMock.mockResolvedValueOnce(jsonResponse(200, deletion));
    await handleMessage({ type: "getDeletion", id: "del_1" }, self);
    expect((await lastCall()).url).toBe(`${BACKEND}/api/v1/deletions/del_1`);
  });

  it("refuses a malformed deletion before any request", async () => {
    const bad = { scope: "everything" } as unknown as { scope: "all" };
    expect(await handleMessage({ type: "createDeletion", deletion: bad }, self)).toMatchObject({
      ok: false,
      error: { kind: "invalid" },
    });
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("reads and sets retention and e-mail capture", async () => {
    const retention = { transcriptRetentionDays: 90, archiveRetentionDays: null };
    fetchMock.mockResolvedValueOnce(jsonResponse(200, retention));
    expect(await handleMessage({ type: "setRetention", retention }, self)).toEqual({ ok: true, value: retention });
    expect(await lastCall()).toEqual({ url: `${BACKEND}/api/v1/org/retention`, method: "PUT", body: retention });
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { autoCapture: true }));
    await handleMessage({ type: "setEmailCaptureSettings", autoCapture: true }, self);
    expect(await lastCall()).toEqual({
      url: `${BACKEND}/api/v1/org/email-capture`,
      method: "PUT",
      body: { autoCapture: true },
    });
  });

  it("exports the organization or one account", async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(202, dataExport));
    expect(await handleMessage({ type: "createExport", accountId: null }, self)).toEqual({
      ok: true,
      value: dataExport,
    });
    expect((await lastCall()).body).toEqual({ scope: "organization" });
    fetchMock.mockResolvedValueOnce(jsonResponse(202, { ...dataExport, scope: "account", accountId: "acc_1" }));
    await handleMessage({ type: "createExport", accountId: "acc_1" }, self);
    expect((await lastCall()).body).toEqual({ scope: "account", accountId: "acc_1" });
  });

  it("makes the backend's download path absolute on the signed-in backend, and drops a link elsewhere", async () => {
    const relative = { ...dataExport, download: { url: "/exports/tok_abc", expiresAt: at } };
    fetchMock.mockResolvedValueOnce(jsonResponse(200, relative));
    expect(await handleMessage({ type: "getExport", id: "exp_1" }, self)).toEqual({
      ok: true,
      value: { ...relative, download: { url: `${BACKEND}/exports/tok_abc`, expiresAt: at } },
    });
    const elsewhere = { ...dataExport, id: "exp_2", download: { url: "https://evil.example/x", expiresAt: at } };
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { exports: [relative, elsewhere] }));
    expect(await handleMessage({ type: "listExports" }, self)).toEqual({
      ok: true,
      value: [
        { ...relative, download: { url: `${BACKEND}/exports/tok_abc`, expiresAt: at } },
        { ...elsewhere, download: null },
      ],
    });
  });
});
