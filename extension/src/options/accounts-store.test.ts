import type { Account, Contact } from "@sightline/shared";
import { describe, expect, it } from "vitest";
import { accountItem, meBody } from "../background/test-fixtures.ts";
import { fail, ok, type Request, type Result } from "../shared/messages.ts";
import type { sendMessage } from "../ui/send-message.ts";
import { accountInputOf, draftOf, parseDomains } from "./accounts-store.ts";
import { createOptionsStore } from "./store.ts";

const at = "2026-11-23T10:00:00.000Z";
const acme = accountItem("Acme Corp", ["acme.com"]);
const globex = accountItem("Globex", ["globex.com"]);
const jane: Contact = {
  id: "ctc_jane",
  accountId: acme.id,
  name: "Jane Buyer",
  email: "jane@acme.com",
  phone: null,
  title: "CFO",
  side: "theirs",
  leadSource: null,
  lastInteractionAt: null,
  createdAt: at,
};
const backendSaid = (message: string) => fail("server", `The backend answered: ${message}`);

function setup(
  override: (request: Request) => Result<unknown> | Promise<Result<unknown>> | undefined = () => undefined,
) {
  const calls: Request[] = [];
  const send = (async (request: Request) => {
    calls.push(request);
    const given = await override(request);
    if (given) return given;
    switch (request.type) {
      case "getSession":
        return ok({ signedIn: true, backendUrl: "http://127.0.0.1:8787", user: meBody.user, org: meBody.org });
      case "searchAccounts":
        return ok({ scope: request.q ? "search" : "all", accounts: request.q ? [globex] : [acme, globex] });
      case "listContacts":
        return ok(request.accountId === acme.id ? [jane] : []);
      case "updateAccount":
        return ok({ ...acme, ...request.account, id: request.id, updatedAt: at } satisfies Account);
      case "createAccount":
        return ok({ ...acme, ...request.account, id: "acc_new" } satisfies Account);
      case "createContact":
        return ok({ ...jane, ...request.contact, id: "ctc_new" });
      case "updateContact":
        return ok({ ...jane, ...request.contact, id: request.id });
      case "deleteContact":
      case "deleteAccount":
        return ok(true);
      default:
        return fail("invalid", `not part of this test: ${request.type}`);
    }
  }) as typeof sendMessage;
  const store = createOptionsStore({ send });
  return { store, accounts: store.accounts, contacts: store.accounts.contacts, calls };
}

describe("admin console: accounts", () => {
  it("reads the form: domains split on lines, commas and spaces; empty fields are null; no part, no lead source", () => {
    expect(parseDomains("acme.com, acme.io\n\n  acme.de;acme.fr ")).toEqual([
      "acme.com",
      "acme.io",
      "acme.de",
      "acme.fr",
    ]);
    const draft = { ...draftOf(acme), salesforceId: "  ", utmSource: "google", utmCampaign: " spring " };
    expect(accountInputOf(draft)).toEqual({
      name: "Acme Corp",
      domains: ["acme.com"],
      salesforceId: null,
      hubspotId: null,
      leadSource: { utmSource: "google", utmMedium: null, utmCampaign: "spring", crmLeadSource: null },
    });
    expect(accountInputOf(draftOf(acme)).leadSource).toBeNull();
  });

  it("lists, searches, opens an account with its contacts and saves every field", async () => {
    const { store, accounts, contacts, calls } = setup();
    await store.actions.load();
    expect(accounts.list.value).toMatchObject({ status: "ready", value: [{ name: "Acme Corp" }, { name: "Globex" }] });
    accounts.actions.select(0);
    expect(accounts.editing.value).toMatchObject({ id: acme.id });
    await new Promise((r) => setTimeout(r, 0));
    expect(contacts.contacts.value).toEqual({ status: "ready", value: [jane] });

    accounts.actions.setField("domains", "acme.com\nacme.io");
    accounts.actions.setField("crmLeadSource", "Webinar");
    expect(await accounts.actions.save()).toBe(true);
    expect(calls).toContainEqual({
      type: "updateAccount",
      id: acme.id,
      account: {
        name: "Acme Corp",
        domains: ["acme.com", "acme.io"],
        salesforceId: null,
        hubspotId: null,
        leadSource: { utmSource: null, utmMedium: null, utmCampaign: null, crmLeadSource: "Webinar" },
      },
    });
    expect(accounts.list.value).toMatchObject({ status: "ready", value: [{ domains: ["acme.com", "acme.io"] }, {}] });
    expect(accounts.notice.value).toEqual({ tone: "info", text: "Saved Acme Corp." });

    await accounts.actions.search("glob");
    expect(accounts.list.value).toMatchObject({ status: "ready", value: [{ name: "Globex" }] });
    // The open account is not among the matches: nothing is highlighted, the form stays open.
    expect(accounts.active.value).toBe(-1);
    expect(accounts.editing.value).toMatchObject({ id: acme.id });
  });

  it("arrow keys move through the list and open the account under the highlight", async () => {
    const { store, accounts, calls } = setup();
    await store.actions.load();
    expect(accounts.active.value).toBe(-1);
    accounts.actions.move(1);
    expect(accounts.editing.value).toMatchObject({ id: acme.id });
    accounts.actions.jump("last");
    expect(accounts.active.value).toBe(1);
    expect(accounts.editing.value).toMatchObject({ id: globex.id });
    expect(accounts.draft.value.domains).toBe("globex.com");
    accounts.actions.move(1);
    expect(accounts.editing.value).toMatchObject({ id: acme.id });
    expect(calls.filter((c) => c.type === "listContacts").map((c) => c.accountId)).toEqual([
      acme.id,
      globex.id,
      acme.id,
    ]);
  });

  it("shows the backend's refusal next to the field it names and keeps what was typed", async () => {
    const { store, accounts } = setup((r) =>
      r.type === "updateAccount"
        ? backendSaid(
            `domains: globex.com already belongs to account “Globex” (${globex.id}); domains.2: must be a domain name like acme.com`,
          )
        : undefined,
    );
    await store.actions.load();
    accounts.actions.select(0);
    accounts.actions.setField("domains", "acme.com, globex.com, acme_com");
    expect(await accounts.actions.save()).toBe(false);
    expect(accounts.errors.value).toEqual({
      domains: `globex.com already belongs to account “Globex” (${globex.id}) “acme_com” must be a domain name like acme.com`,
    });
    expect(accounts.notice.value).toBeNull();
    expect(accounts.draft.value.domains).toBe("acme.com, globex.com, acme_com");
    // Typing in the field clears its reason.
    accounts.actions.setField("domains", "acme.com");
    expect(accounts.errors.value).toEqual({});
  });

  it("refuses an account without a name before sending, and a network failure is the form's", async () => {
    const { store, accounts, calls } = setup((r) =>
      r.type === "createAccount" ? fail("network", "down", "http://127.0.0.1:8787") : undefined,
    );
    await store.actions.load();
    accounts.actions.startNew();
    expect(await accounts.actions.save()).toBe(false);
    expect(accounts.errors.value).toEqual({ name: "Give the account a name." });
    expect(calls.some((c) => c.type === "createAccount")).toBe(false);
    accounts.actions.setField("name", "Initech");
    expect(await accounts.actions.save()).toBe(false);
    expect(accounts.errors.value).toEqual({});
    expect(accounts.notice.value).toMatchObject({ tone: "error", text: expect.stringContaining("Cannot reach") });
  });

  it("creates an account; it is listed first, opened, and its contacts can be added", async () => {
    const { store, accounts, contacts, calls } = setup();
    await store.actions.load();
    accounts.actions.startNew();
    accounts.actions.setField("name", "Initech");
    accounts.actions.setField("domains", "initech.com");
    accounts.actions.setField("utmSource", "linkedin");
    expect(await accounts.actions.save()).toBe(true);
    expect(accounts.editing.value).toMatchObject({ id: "acc_new", name: "Initech" });
    expect(accounts.list.value).toMatchObject({ status: "ready", value: [{ id: "acc_new" }, {}, {}] });
    expect(accounts.active.value).toBe(0);
    await new Promise((r) => setTimeout(r, 0));
    expect(contacts.accountId.value).toBe("acc_new");
    expect(calls).toContainEqual({ type: "listContacts", accountId: "acc_new" });
  });

  it("adds a contact with a phone, shows a bad e-mail next to its field, edits and deletes after a confirmation", async () => {
    let refuseMail = true;
    const { store, accounts, contacts, calls } = setup((r) =>
      r.type === "createContact" && refuseMail && r.contact.email === "bo@"
        ? backendSaid("email: Invalid email address")
        : undefined,
    );
    await store.actions.load();
    accounts.actions.select(0);
    await new Promise((r) => setTimeout(r, 0));
    contacts.actions.startNew();
    contacts.actions.setField("name", "Bo Chen");
    contacts.actions.setField("email", "bo@");
    contacts.actions.setField("phone", "+1 415 555 0100");
    expect(await contacts.actions.save()).toBe(false);
    expect(contacts.errors.value).toEqual({ email: "Invalid email address" });
    expect(contacts.draft.value).toMatchObject({ name: "Bo Chen", phone: "+1 415 555 0100" });

    refuseMail = false;
    contacts.actions.setField("email", "bo@acme.com");
    expect(contacts.errors.value).toEqual({});
    expect(await contacts.actions.save()).toBe(true);
    expect(calls).toContainEqual({
      type: "createContact",
      contact: {
        accountId: acme.id,
        name: "Bo Chen",
        email: "bo@acme.com",
        phone: "+1 415 555 0100",
        title: null,
        side: "theirs",
      },
    });
    expect(contacts.contacts.value).toMatchObject({
      status: "ready",
      value: [{ name: "Bo Chen" }, { name: "Jane Buyer" }],
    });
    expect(contacts.editing.value).toBeNull();

    contacts.actions.startEdit(jane);
    contacts.actions.setField("phone", "");
    contacts.actions.setField("side", "ours");
    expect(await contacts.actions.save()).toBe(true);
    expect(calls).toContainEqual({
      type: "updateContact",
      id: jane.id,
      contact: {
        accountId: acme.id,
        name: "Jane Buyer",
        email: "jane@acme.com",
        phone: null,
        title: "CFO",
        side: "ours",
      },
    });

    contacts.actions.askDelete(jane.id);
    expect(contacts.confirmingDelete.value).toBe(jane.id);
    await contacts.actions.confirmDelete(jane);
    expect(calls).toContainEqual({ type: "deleteContact", id: jane.id });
    expect(contacts.contacts.value).toMatchObject({ status: "ready", value: [{ name: "Bo Chen" }] });
  });

  it("deletes the open account after a confirmation; it leaves the list and the form closes", async () => {
    const { store, accounts, contacts, calls } = setup();
    await store.actions.load();
    accounts.actions.select(0);
    accounts.actions.askDelete();
    expect(accounts.confirmingDelete.value).toBe(true);
    accounts.actions.cancelDelete();
    expect(calls.some((c) => c.type === "deleteAccount")).toBe(false);
    accounts.actions.askDelete();
    expect(await accounts.actions.confirmDelete()).toBe(true);
    expect(calls).toContainEqual({ type: "deleteAccount", id: acme.id });
    expect(accounts.list.value).toMatchObject({ status: "ready", value: [{ id: globex.id }] });
    expect(accounts.editing.value).toBeNull();
    expect(contacts.contacts.value).toBeNull();
    expect(accounts.listNotice.value).toMatchObject({
      tone: "info",
      text: expect.stringContaining("Deleted Acme Corp"),
    });
  });

  it("drops a contact list that answers after another account was opened", async () => {
    let releaseAcme: (() => void) | undefined;
    const { store, accounts, contacts } = setup((r) =>
      r.type === "listContacts" && r.accountId === acme.id
        ? new Promise((resolve) => {
            releaseAcme = () => resolve(ok([jane]));
          })
        : undefined,
    );
    await store.actions.load();
    accounts.actions.select(0);
    accounts.actions.select(1);
    await new Promise((r) => setTimeout(r, 0));
    expect(contacts.contacts.value).toEqual({ status: "ready", value: [] });
    releaseAcme?.();
    await new Promise((r) => setTimeout(r, 0));
    expect(contacts.accountId.value).toBe(globex.id);
    expect(contacts.contacts.value).toEqual({ status: "ready", value: [] });
  });
});
