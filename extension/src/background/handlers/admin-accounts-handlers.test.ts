import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import type { AccountInput, ContactInput } from "../../shared/messages.ts";
import { handleMessage } from "../router.ts";
import { saveSession } from "../session-store.ts";
import { jsonResponse, meBody, sentRequest } from "../test-fixtures.ts";

/** The Accounts screen's messages, from the options page, to the accounts and contacts routes. */
const self = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL("/options.html") };
const fetchMock = vi.fn<typeof fetch>();
const BACKEND = "http://127.0.0.1:9999";
const at = "2026-11-23T10:00:00.000Z";
const lead = { utmSource: "google", utmMedium: "cpc", utmCampaign: null, crmLeadSource: null };
const input: AccountInput = {
  name: "Acme",
  domains: ["acme.com"],
  salesforceId: null,
  hubspotId: "42",
  leadSource: lead,
};
const account = { id: "acct_1", ...input, ownerUserId: null, lastActivityAt: null, createdAt: at, updatedAt: at };
const contactInput: ContactInput = {
  accountId: "acct_1",
  name: "Jane",
  email: "jane@acme.com",
  phone: "+1 415 555 0100",
  title: null,
  side: "theirs",
};
const contact = { id: "ctc_1", ...contactInput, leadSource: null, lastInteractionAt: null, createdAt: at };

beforeEach(async () => {
  fakeBrowser.reset();
  fetchMock.mockReset();
  vi.stubGlobal("fetch", fetchMock);
  await saveSession({ backendUrl: BACKEND, token: "tok_good", user: meBody.user, org: meBody.org });
});

const lastCall = async () => {
  const [request] = fetchMock.mock.lastCall ?? [];
  const { url, method } = sentRequest(fetchMock.mock.lastCall);
  const body = request instanceof Request ? await request.clone().text() : "";
  return { url, method, body: body ? JSON.parse(body) : null };
};

describe("Accounts screen handlers", () => {
  it("creates, updates and deletes an account", async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(201, account));
    expect(await handleMessage({ type: "createAccount", account: input }, self)).toEqual({ ok: true, value: account });
    expect(await lastCall()).toEqual({
      url: `${BACKEND}/api/v1/accounts`,
      method: "POST",
      body: { ...input, ownerUserId: null },
    });
    fetchMock.mockResolvedValueOnce(jsonResponse(200, account));
    expect(await handleMessage({ type: "updateAccount", id: "acct_1", account: input }, self)).toMatchObject({
      ok: true,
    });
    expect(await lastCall()).toEqual({ url: `${BACKEND}/api/v1/accounts/acct_1`, method: "PATCH", body: input });
    fetchMock.mockResolvedValueOnce(new Response(null, { status: 204 }));
    expect(await handleMessage({ type: "deleteAccount", id: "acct_1" }, self)).toEqual({ ok: true, value: true });
    expect(await lastCall()).toMatchObject({ url: `${BACKEND}/api/v1/accounts/acct_1`, method: "DELETE" });
  });

  it("passes the backend's reason on, naming the field", async () => {
    const message = "domains: acme.com already belongs to account acct_9";
    fetchMock.mockResolvedValueOnce(jsonResponse(409, { error: { code: "conflict", message, requestId: "r" } }));
    expect(await handleMessage({ type: "updateAccount", id: "acct_1", account: input }, self)).toMatchObject({
      ok: false,
      error: { kind: "server", message: `The backend answered: ${message}` },
    });
  });

  it("lists, creates, updates and deletes contacts", async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { contacts: [contact] }));
    expect(await handleMessage({ type: "listContacts", accountId: "acct_1" }, self)).toEqual({
      ok: true,
      value: [contact],
    });
    expect((await lastCall()).url).toBe(`${BACKEND}/api/v1/contacts?accountId=acct_1`);
    fetchMock.mockResolvedValueOnce(jsonResponse(201, contact));
    expect(await handleMessage({ type: "createContact", contact: contactInput }, self)).toMatchObject({ ok: true });
    expect(await lastCall()).toEqual({ url: `${BACKEND}/api/v1/contacts`, method: "POST", body: contactInput });
    fetchMock.mockResolvedValueOnce(jsonResponse(200, contact));
    await handleMessage({ type: "updateContact", id: "ctc_1", contact: contactInput }, self);
    expect(await lastCall()).toMatchObject({ url: `${BACKEND}/api/v1/contacts/ctc_1`, method: "PATCH" });
    fetchMock.mockResolvedValueOnce(new Response(null, { status: 204 }));
    expect(await handleMessage({ type: "deleteContact", id: "ctc_1" }, self)).toEqual({ ok: true, value: true });
    expect(await lastCall()).toMatchObject({ url: `${BACKEND}/api/v1/contacts/ctc_1`, method: "DELETE" });
  });

  it("refuses malformed messages before any call", async () => {
    for (const message of [
      { type: "createAccount", account: { ...input, name: "" } },
      { type: "createAccount", account: { ...input, leadSource: { utmSource: 1 } } },
      { type: "createContact", contact: { ...contactInput, side: "both" } },
      { type: "updateContact", id: "", contact: contactInput },
    ]) {
      expect(await handleMessage(message, self)).toMatchObject({ ok: false, error: { kind: "invalid" } });
    }
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
