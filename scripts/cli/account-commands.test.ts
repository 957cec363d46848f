import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.ts";

/** The account and contact CLI commands against a recording fetch: which requests they send, what they print. */
function fakeApi(answers: Array<{ match: string; status?: number; body: unknown }>) {
  const sent: Array<{ method: string; url: string; body: unknown }> = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? "GET";
    sent.push({ method, url, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    const answer = answers.find((a) => `${method} ${url}`.includes(a.match));
    if (!answer) return new Response(JSON.stringify({ error: { code: "not_found", message: url } }), { status: 404 });
    if (answer.status === 204) return new Response(null, { status: 204 });
    return new Response(JSON.stringify(answer.body), { status: answer.status ?? 200 });
  }) as typeof fetch;
  return { sent, fetchImpl };
}

const env = { SIGHTLINE_URL: "http://api.test", SIGHTLINE_TOKEN: "sl_admin" };
const at = "2026-11-23T10:00:00.000Z";
const account = {
  id: "acct_1",
  name: "Acme",
  domains: ["acme.com", "acme.io"],
  salesforceId: null,
  hubspotId: "123",
  leadSource: { utmSource: "google", utmMedium: "cpc", utmCampaign: null, crmLeadSource: null },
  ownerUserId: null,
  lastActivityAt: null,
  createdAt: at,
  updatedAt: at,
};
const contact = {
  id: "ctc_1",
  accountId: "acct_1",
  name: "Jane Buyer",
  email: "jane@acme.com",
  phone: "+1 415 555 0100",
  title: "CFO",
  side: "theirs",
  leadSource: null,
  lastInteractionAt: null,
  createdAt: at,
};

describe("account CLI commands", () => {
  it("edit-account sends only the fields given; none clears a CRM id; --domain replaces the list", async () => {
    const api = fakeApi([{ match: "PATCH http://api.test/api/v1/accounts/acct_1", body: account }]);
    const out = await runCli(
      ["edit-account"],
      {
        id: "acct_1",
        domain: ["acme.com", "acme.io"],
        salesforce: "none",
        "utm-source": "google",
        "utm-medium": "cpc",
      },
      env,
      api.fetchImpl,
    );
    expect(out.exitCode).toBe(0);
    expect(api.sent).toEqual([
      {
        method: "PATCH",
        url: "http://api.test/api/v1/accounts/acct_1",
        body: {
          domains: ["acme.com", "acme.io"],
          salesforceId: null,
          leadSource: { utmSource: "google", utmMedium: "cpc", utmCampaign: null, crmLeadSource: null },
        },
      },
    ]);
    expect(out.stdout).toContain("Domains: acme.com, acme.io");
    expect(out.stdout).toContain("Lead source: utmSource=google utmMedium=cpc");
    const nothing = await runCli(["edit-account"], { id: "acct_1" }, env, api.fetchImpl);
    expect(nothing).toMatchObject({ exitCode: 1, stderr: expect.stringContaining("nothing to change") });
  });

  it("show-account prints the account and its contacts with phones", async () => {
    const api = fakeApi([
      { match: "GET http://api.test/api/v1/accounts/acct_1", body: account },
      { match: "GET http://api.test/api/v1/contacts?accountId=acct_1", body: { contacts: [contact] } },
    ]);
    const out = await runCli(["show-account"], { id: "acct_1" }, env, api.fetchImpl);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain("Acme (acct_1)");
    expect(out.stdout).toContain("ctc_1\tJane Buyer\tjane@acme.com\t+1 415 555 0100\tCFO\ttheirs");
  });

  it("add-contact, edit-contact and delete-contact call the contacts routes; the backend's refusal is the error", async () => {
    const api = fakeApi([
      { match: "POST http://api.test/api/v1/contacts", body: contact, status: 201 },
      { match: "PATCH http://api.test/api/v1/contacts/ctc_1", body: { ...contact, phone: null } },
      { match: "DELETE http://api.test/api/v1/contacts/ctc_1", body: null, status: 204 },
      { match: "DELETE http://api.test/api/v1/accounts/acct_1", body: null, status: 204 },
      {
        match: "PATCH http://api.test/api/v1/contacts/ctc_bad",
        status: 400,
        body: { error: { code: "bad_request", message: "email: Invalid email address", requestId: "r" } },
      },
    ]);
    const added = await runCli(
      ["add-contact"],
      { account: "acct_1", name: "Jane Buyer", email: "jane@acme.com", phone: "+1 415 555 0100" },
      env,
      api.fetchImpl,
    );
    expect(added.exitCode).toBe(0);
    expect(api.sent[0]?.body).toEqual({
      accountId: "acct_1",
      name: "Jane Buyer",
      email: "jane@acme.com",
      phone: "+1 415 555 0100",
    });
    const edited = await runCli(["edit-contact"], { id: "ctc_1", phone: "none", title: "CEO" }, env, api.fetchImpl);
    expect(edited.exitCode).toBe(0);
    expect(api.sent[1]?.body).toEqual({ phone: null, title: "CEO" });
    const accountGone = await runCli(["delete-account"], { id: "acct_1" }, env, api.fetchImpl);
    expect(accountGone).toMatchObject({ exitCode: 0, stdout: expect.stringContaining("Deleted account acct_1") });
    expect(api.sent.at(-1)).toMatchObject({ method: "DELETE", url: "http://api.test/api/v1/accounts/acct_1" });
    const deleted = await runCli(["delete-contact"], { id: "ctc_1" }, env, api.fetchImpl);
    expect(deleted).toMatchObject({ exitCode: 0, stdout: "Deleted contact ctc_1" });
    const refused = await runCli(["edit-contact"], { id: "ctc_bad", email: "nope" }, env, api.fetchImpl);
    expect(refused).toMatchObject({ exitCode: 1, stderr: expect.stringContaining("email: Invalid email address") });
  });
});
