/// <reference types="chrome" />
import type { Account, Connection, Contact, CreateOrgResponse, RetentionSettings } from "@sightline/shared";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { type FakeZoom, startFakeZoom } from "../fakes/fake-zoom.ts";
import { apiFetch, createOrg } from "../support/api.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { findingsInBothSchemes } from "./support/axe.ts";
import { type LoadedExtension, launchExtension } from "./support/launch-extension.ts";
import { screenshot } from "./support/screenshot.ts";
import { submitSignIn } from "./support/sign-in-form.ts";

/**
 * The admin console's Accounts screen and data lifecycle in the built options page, in Chromium,
 * against a real `wrangler dev`: an admin finds an account, is told next to the Domains field that a
 * domain is another account's, adds a domain and a lead source, adds a contact with a phone (a bad
 * e-mail is refused next to its field first), creates an account, and each change is what the API
 * answers afterwards; axe-core finds nothing serious on the screen in light and dark; an admin sets
 * retention and exports the organization, and gets the download link; after the nightly
 * reconciliation the Zoom and Contact Center cards say when they last synced (against a fake Zoom).
 */
/** The organization's Server-to-Server OAuth apps in the fake Zoom: meetings, and Contact Center. */
const MEETINGS_APP = { clientId: "acc-e2e-client", clientSecret: "acc-e2e-secret", accountId: "zacct_accounts_e2e" };
const CC_APP = {
  clientId: "acc-e2e-zcc-client",
  clientSecret: "acc-e2e-zcc-secret",
  accountId: "zacct_accounts_cc_e2e",
  scope: "contact_center:read:admin contact_center_engagement:read:admin",
};
let fakeZoom: FakeZoom;
let worker: LocalWorker;
let extension: LoadedExtension;
let org: CreateOrgResponse;
let acme: Account;
let globex: Account;

beforeAll(async () => {
  fakeZoom = await startFakeZoom([MEETINGS_APP, CC_APP]);
  const [started, launched] = await Promise.allSettled([
    startLocalWorker({ vars: { ZOOM_OAUTH_BASE: fakeZoom.url, ZOOM_API_BASE: `${fakeZoom.url}/v2` } }),
    launchExtension(),
  ]);
  if (started.status === "fulfilled") worker = started.value;
  if (launched.status === "fulfilled") extension = launched.value;
  for (const result of [launched, started]) if (result.status === "rejected") throw result.reason;
  org = await createOrg(worker.baseUrl, worker.operatorToken, {
    name: "OurCo",
    domains: ["ourco.com"],
    admin: { email: "ada@ourco.com", name: "Ada Admin" },
  });
  const token = org.apiToken.token;
  acme = await apiFetch<Account>(worker.baseUrl, token, "/api/v1/accounts", {
    body: { name: "Acme Rockets", domains: ["acme-rockets.example"] },
    expectStatus: 201,
  });
  globex = await apiFetch<Account>(worker.baseUrl, token, "/api/v1/accounts", {
    body: { name: "Globex", domains: ["globex.example"] },
    expectStatus: 201,
  });
});

afterAll(async () => {
  await Promise.allSettled([extension?.close(), worker?.stop(), fakeZoom?.close()]);
});

async function openOptions(name: string): Promise<Page> {
  const page = await extension.context.newPage();
  page.setDefaultTimeout(30_000);
  onTestFailed(async () => {
    await screenshot(page, `options-accounts-${name}-failed`);
  });
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.goto(`chrome-extension://${extension.extensionId}/options.html`);
  await page.evaluate(() => chrome.runtime.sendMessage({ type: "signOut" }));
  await page.reload();
  await submitSignIn(page, worker.baseUrl, org.apiToken.token);
  await page.getByRole("region", { name: "Accounts", exact: true }).waitFor();
  return page;
}

/** The text a field is described by (its reason under it), as a screen reader gets it. */
const descriptionOf = (page: Page, id: string) =>
  page.evaluate((fieldId) => {
    const field = document.getElementById(fieldId);
    const ids = field?.getAttribute("aria-describedby")?.split(" ") ?? [];
    return ids.map((d) => document.getElementById(d)?.textContent ?? "").join(" ");
  }, id);

const api = <T>(path: string) => apiFetch<T>(worker.baseUrl, org.apiToken.token, path);

describe("options page: accounts", () => {
  it("an admin edits an account's domains, lead source and contacts; the API shows the change", async () => {
    const page = await openOptions("edit");
    const section = page.getByRole("region", { name: "Accounts", exact: true });
    await section.getByLabel("Search accounts by name or domain").fill("acme");
    await section
      .getByRole("listbox", { name: /Accounts matching/ })
      .getByRole("option", { name: /Acme Rockets/ })
      .click();
    const form = section.getByRole("form", { name: "Acme Rockets" });
    await form.waitFor();

    // Another account's domain: refused, and the reason is next to Domains (which gets the focus).
    const domains = form.getByLabel("Domains");
    await domains.fill("acme-rockets.example\nglobex.example");
    await form.getByRole("button", { name: "Save account" }).click();
    await expect
      .poll(() => descriptionOf(page, "account-domains"), { timeout: 30_000 })
      .toContain(`globex.example already belongs to account “Globex” (${globex.id})`);
    expect(await domains.getAttribute("aria-invalid")).toBe("true");
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id), { timeout: 30_000 })
      .toBe("account-domains");

    await domains.fill("acme-rockets.example\nacme-space.example");
    await form.getByLabel("UTM source").fill("google");
    await form.getByLabel("UTM medium").fill("cpc");
    await form.getByLabel("UTM campaign").fill("launch-2026");
    await form.getByRole("button", { name: "Save account" }).click();
    await form.getByRole("status").filter({ hasText: "Saved Acme Rockets." }).waitFor();
    const saved = await api<Account>(`/api/v1/accounts/${acme.id}`);
    expect(saved.domains).toEqual(["acme-rockets.example", "acme-space.example"]);
    expect(saved.leadSource).toEqual({
      utmSource: "google",
      utmMedium: "cpc",
      utmCampaign: "launch-2026",
      crmLeadSource: null,
    });

    // A contact: a bad e-mail is refused next to the E-mail field, then added with a phone.
    const contacts = section.getByRole("region", { name: "Contacts of Acme Rockets" });
    await contacts.getByText("No contacts yet.").waitFor();
    await contacts.getByRole("button", { name: "Add contact" }).click();
    const contactForm = contacts.getByRole("form", { name: "New contact" });
    await contactForm.getByLabel("Contact name").fill("Road Runner");
    await contactForm.getByLabel("E-mail").fill("road.runner@");
    await contactForm.getByLabel("Phone").fill("+1 (415) 555-0199");
    await contactForm.getByLabel("Job title").fill("Head of Procurement");
    await contactForm.getByRole("button", { name: "Add contact" }).click();
    await expect.poll(() => descriptionOf(page, "contact-email"), { timeout: 30_000 }).toMatch(/^Invalid email/);
    await contactForm.getByLabel("E-mail").fill("road.runner@acme-rockets.example");
    await contactForm.getByRole("button", { name: "Add contact" }).click();
    await contacts.getByRole("row", { name: /Road Runner/ }).waitFor();
    await contacts.getByRole("status").filter({ hasText: "Added Road Runner." }).waitFor();
    const listed = await api<{ contacts: Contact[] }>(`/api/v1/contacts?accountId=${acme.id}`);
    expect(listed.contacts).toEqual([
      expect.objectContaining({
        name: "Road Runner",
        email: "road.runner@acme-rockets.example",
        phone: "+1 (415) 555-0199",
        title: "Head of Procurement",
        side: "theirs",
        accountId: acme.id,
      }),
    ]);
    await page.close();
  });

  it("an admin creates an account with a CRM lead source, finds it by its domain, then deletes it", async () => {
    const page = await openOptions("create");
    const section = page.getByRole("region", { name: "Accounts", exact: true });
    await section.getByRole("button", { name: "New account" }).click();
    const form = section.getByRole("form", { name: "New account" });
    await form.getByLabel("Name").fill("Initech");
    await form.getByLabel("Domains").fill("initech.example, initrode.example");
    await form.getByLabel("HubSpot company id").fill("4242");
    await form.getByLabel("CRM lead source").fill("Trade show");
    await form.getByRole("button", { name: "Create account" }).click();
    await section
      .getByRole("form", { name: "Initech" })
      .getByRole("status")
      .filter({ hasText: "Created Initech." })
      .waitFor();
    await section.getByRole("region", { name: "Contacts of Initech" }).waitFor();
    const found = await api<{ account: Account }>("/api/v1/accounts/lookup?domain=initrode.example");
    expect(found.account).toMatchObject({
      name: "Initech",
      domains: ["initech.example", "initrode.example"],
      hubspotId: "4242",
      leadSource: { utmSource: null, utmMedium: null, utmCampaign: null, crmLeadSource: "Trade show" },
    });

    // Deleted after a confirmation: it leaves the list, and its domains resolve to nothing.
    const initech = section.getByRole("form", { name: "Initech" });
    await initech.getByRole("button", { name: "Delete account…" }).click();
    await initech.getByRole("button", { name: "Yes, delete Initech" }).click();
    await section.getByRole("status").filter({ hasText: "Deleted Initech." }).waitFor();
    expect(await section.getByRole("option", { name: /Initech/ }).count()).toBe(0);
    const gone = await fetch(`${worker.baseUrl}/api/v1/accounts/lookup?domain=initrode.example`, {
      headers: { authorization: `Bearer ${org.apiToken.token}` },
    });
    expect(gone.status).toBe(404);
    await page.close();
  });

  it("the Accounts screen has no serious axe-core findings in light and dark, with a refused field shown", async () => {
    const page = await openOptions("a11y");
    const section = page.getByRole("region", { name: "Accounts", exact: true });
    // Keyboard: arrows walk the list (the highlighted account opens), Enter goes on to its form.
    const list = section.getByRole("listbox", { name: "Accounts" });
    await list.getByRole("option", { name: /Globex/ }).waitFor();
    const at = (await list.getByRole("option").allTextContents()).findIndex((text) => text.startsWith("Globex"));
    expect(at).toBeGreaterThanOrEqual(0);
    await list.focus();
    // Nothing is highlighted at first: the first ArrowDown highlights the first account.
    for (let i = 0; i <= at; i++) await page.keyboard.press("ArrowDown");
    await list.getByRole("option", { name: /Globex/, selected: true }).waitFor();
    await section.getByRole("form", { name: "Globex" }).waitFor();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), { timeout: 30_000 }).toBe("account-name");
    const form = section.getByRole("form", { name: "Globex" });
    await form.getByLabel("HubSpot company id").fill("not-a-number");
    await form.getByRole("button", { name: "Save account" }).click();
    await expect.poll(() => descriptionOf(page, "account-hubspotId"), { timeout: 30_000 }).toContain("numeric");
    const contacts = section.getByRole("region", { name: "Contacts of Globex" });
    await contacts.getByRole("button", { name: "Add contact" }).click();
    await contacts.getByRole("form", { name: "New contact" }).waitFor();
    expect(await findingsInBothSchemes(page, 'section[aria-labelledby="accounts-heading"]')).toEqual({
      light: [],
      dark: [],
    });
    await page.close();
  });

  it("an admin sets retention and exports the organization, and gets the download link", async () => {
    const page = await openOptions("lifecycle");
    const retention = page.getByRole("form", { name: "Retention periods" });
    await retention.getByLabel("Keep conversations and transcripts for (days)").fill("400");
    await retention.getByLabel("Keep archived webhook bodies for (days)").fill("30");
    await retention.getByRole("button", { name: "Save retention" }).click();
    await page.getByRole("status").filter({ hasText: "Retention saved" }).waitFor();
    expect(await api<RetentionSettings>("/api/v1/org/retention")).toEqual({
      transcriptRetentionDays: 400,
      archiveRetentionDays: 30,
    });

    const exportForm = page.getByRole("form", { name: "Export data" });
    await exportForm.getByRole("button", { name: "Start export" }).click();
    // The export runs on the worker's queue; the page polls it until the link is there.
    const link = page.getByRole("link", { name: "Download the export of whole organization" });
    await link.waitFor({ timeout: 90_000 });
    const href = await link.getAttribute("href");
    expect(href).toMatch(new RegExp(`^${worker.baseUrl.replace(/[.]/g, "\\.")}/`));
    const download = await fetch(href ?? "");
    expect(download.status).toBe(200);
    const lines = (await download.text()).trim().split("\n");
    // At least the two seeded accounts (a third when the test creating one ran before).
    expect(lines.filter((line) => JSON.parse(line).type === "account").length).toBeGreaterThanOrEqual(2);
    await page.close();
  }, 150_000);

  it("after the nightly reconciliation the Zoom and Contact Center cards show the last sync", async () => {
    const token = org.apiToken.token;
    for (const [path, app] of [
      ["/api/v1/connections/zoom/account", MEETINGS_APP],
      ["/api/v1/connections/zoom-contact-center/account", CC_APP],
    ] as const)
      await apiFetch<Connection>(worker.baseUrl, token, path, {
        method: "PUT",
        body: { accountId: app.accountId, clientId: app.clientId, clientSecret: app.clientSecret },
      });
    const page = await openOptions("reconciliation");
    const zoom = page.getByRole("region", { name: "Zoom", exact: true });
    const cc = page.getByRole("region", { name: "Zoom Contact Center", exact: true });
    await zoom.getByText(/^Not synced yet/).waitFor();
    await cc.getByText(/^Not synced yet/).waitFor();

    // The nightly cron lists both accounts (the fake has nothing new); the cards then say when.
    const nightly = await fetch(`${worker.baseUrl}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("15 3 * * *")}`);
    expect(nightly.status).toBe(200);
    await nightly.text();
    await expect
      .poll(
        async () => {
          const { connections } = await api<{ connections: Connection[] }>("/api/v1/connections");
          return connections.filter((c) => c.reconciliation?.lastSyncAt && !c.reconciliation.running).length;
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe(2);
    await page.getByRole("button", { name: "Refresh", exact: true }).click();
    await zoom.getByText(/^Last sync .* UTC · listed through /).waitFor();
    await cc.getByText(/^Last sync .* UTC · listed through /).waitFor();
    expect(await zoom.getByText(/^Not synced yet/).count()).toBe(0);
    await page.close();
  }, 150_000);
});
