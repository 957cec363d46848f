/// <reference types="chrome" />
import { readFileSync } from "node:fs";
import {
  type AccountListItem,
  type AccountOverview,
  canonicalSalesforceId,
  type ListAccountsResponse,
} from "@sightline/shared";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { seedDemo } from "../../scripts/demo/seed-demo.ts";
import { apiFetch } from "../support/api.ts";
import { queryLocalD1 } from "../support/local-d1.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { type LoadedExtension, launchExtension } from "./support/launch-extension.ts";
import { screenshot } from "./support/screenshot.ts";

/**
 * The built sidebar in Chromium against a real `wrangler dev` seeded with the demo organization
 * (accounts with CRM ids and analyzed conversations). The host-page fixtures are served at real
 * Salesforce, HubSpot and Gmail URLs (context.route), so the manifest's match patterns run for real;
 * the CRM fixtures are rewritten to carry demo accounts' ids and names.
 */
const fixture = (name: string) =>
  readFileSync(new URL(`../../extension/src/host-pages/fixtures/${name}`, import.meta.url), "utf8");

let worker: LocalWorker;
let extension: LoadedExtension;
let token = "";
let accounts: AccountListItem[] = [];

const account = (name: string) => {
  const found = accounts.find((a) => a.name === name);
  if (!found) throw new Error(`demo data has no account ${name}`);
  return found;
};
const sf18 = (id: string | null) => {
  const long = id ? canonicalSalesforceId(id) : null;
  if (!long) throw new Error(`not a Salesforce id: ${id}`);
  return long;
};

/** The Salesforce account fixture, showing another account (id, name, website). */
function salesforcePage(id18: string, name: string, website: string): string {
  return fixture("salesforce-account.html")
    .replaceAll("001D000000IqhSLIAZ", id18)
    .replaceAll("Globex Corporation", name)
    .replaceAll("www.globex.com", website);
}

const ZCC_ENGAGEMENT = "demo:brightcart-export-support";
const ZCC_FACTS_SQL = `
INSERT INTO zcc_dispositions (organization_id, engagement_id, disposition_id, agent_key, disposition_name, user_display_name, queue_name, updated_at)
  SELECT organization_id, external_id, 'disp-escalated', 'agent-marcus', 'Escalated to engineering', 'Marcus Bell', 'Tier 2', 0
  FROM conversations WHERE external_id = '${ZCC_ENGAGEMENT}';
INSERT INTO zcc_notes (organization_id, engagement_id, note_id, user_id, note, modified_at, updated_at)
  SELECT organization_id, external_id, 'note-1', 'agent-marcus', 'Export times out above 50k rows; ticket ENG-4821 opened.', 0, 0
  FROM conversations WHERE external_id = '${ZCC_ENGAGEMENT}';`;

beforeAll(async () => {
  const [started, launched] = await Promise.allSettled([
    startLocalWorker({
      beforeStart: async (persistDir, stateDir) => {
        token = (await seedDemo(persistDir, stateDir)).token;
        // The demo's support-line call is a Contact Center voice engagement: give it the dispositions
        // and notes the Contact Center import stores (test/pipeline/zcc-webhooks.test.ts covers that import).
        await queryLocalD1({ persistDir }, ZCC_FACTS_SQL);
      },
    }),
    launchExtension(),
  ]);
  if (started.status === "fulfilled") worker = started.value;
  if (launched.status === "fulfilled") extension = launched.value;
  for (const result of [launched, started]) if (result.status === "rejected") throw result.reason;

  accounts = (await apiFetch<ListAccountsResponse>(worker.baseUrl, token, "/api/v1/accounts?limit=100")).accounts;
  // The Gmail fixture's thread is with globex.com (unknown) and initech.example: give that domain to
  // BrightCart, so the sidebar has to try the participants in order until the third one resolves.
  const brightcart = account("BrightCart Retail");
  await apiFetch(worker.baseUrl, token, `/api/v1/accounts/${brightcart.id}`, {
    method: "PATCH",
    body: { domains: [...brightcart.domains, "initech.example"] },
  });

  // Sign in through the popup, as a user would.
  const popup = await extension.context.newPage();
  await popup.goto(`chrome-extension://${extension.extensionId}/popup.html`);
  await popup.getByLabel("Backend URL").fill(worker.baseUrl);
  await popup.getByLabel("API token").fill(token);
  await popup.getByRole("button", { name: "Sign in" }).click();
  await popup.getByRole("heading", { name: "My accounts" }).waitFor({ timeout: 10_000 });
  await popup.close();
});

afterAll(async () => {
  await Promise.allSettled([extension?.close(), worker?.stop()]);
});

async function openHostPage(name: string, pattern: string, url: string, html: string): Promise<Page> {
  const page = await extension.context.newPage();
  page.setDefaultTimeout(10_000);
  onTestFailed(async () => {
    await screenshot(page, `${name}-failed`);
  });
  await page.route(pattern, (route) => route.fulfill({ contentType: "text/html", body: html }));
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(url);
  return page;
}

const sidebarOf = (page: Page): Locator => page.locator("sightline-sidebar");

async function overviewOf(accountId: string): Promise<AccountOverview> {
  return apiFetch<AccountOverview>(worker.baseUrl, token, `/api/v1/accounts/${accountId}/overview?period=90d`);
}

/** The sidebar shows this account's header, topics, win and issue counts and a contact. */
async function expectAccountShown(sidebar: Locator, accountId: string, name: string) {
  const overview = await overviewOf(accountId);
  await sidebar.getByRole("heading", { name, level: 2 }).waitFor();
  const topics = sidebar.getByRole("region", { name: "Topics" });
  const firstTopic = overview.topics[0];
  if (firstTopic) await topics.getByText(`${firstTopic.phrase} (${firstTopic.mentions})`).waitFor();
  await sidebar.getByRole("heading", { name: `Wins (${overview.wins.count})` }).waitFor();
  await sidebar.getByRole("heading", { name: `Issues (${overview.issues.count})` }).waitFor();
  const contact = overview.contacts.find((c) => c.side === "theirs");
  if (contact) await sidebar.getByRole("region", { name: "Contacts" }).getByText(contact.name).first().waitFor();
  return overview;
}

describe("sidebar", () => {
  it("shows the Salesforce account's insights, follows in-app navigation, and leaves the page layout alone", async () => {
    const ledgerline = account("Ledgerline Financial");
    const harbor = account("Harbor Health Partners");
    const ledgerlineId = sf18(ledgerline.salesforceId);
    const page = await openHostPage(
      "sidebar-salesforce",
      "https://acme.lightning.force.com/**",
      `https://acme.lightning.force.com/lightning/r/Account/${ledgerlineId}/view`,
      salesforcePage(ledgerlineId, "Ledgerline Financial", "www.ledgerline.example"),
    );
    const sidebar = sidebarOf(page);
    const overview = await expectAccountShown(sidebar, ledgerline.id, "Ledgerline Financial");
    expect(overview.wins.count + overview.issues.count).toBeGreaterThan(0);
    for (const domain of ledgerline.domains) await sidebar.getByText(domain, { exact: false }).first().waitFor();
    if (overview.closingProbability) {
      await sidebar.getByText(`Closing ${overview.closingProbability.value}%`).waitFor();
      // The reasons beside the number, as plain text.
      expect(overview.closingProbability.reasons.length).toBeGreaterThan(0);
      await sidebar.getByText(overview.closingProbability.reasons.join(", "), { exact: true }).waitFor();
    }

    // An issue expands to its source: quote, kind, date and the moment in the recording.
    const issue = overview.issues.items[0];
    expect(issue).toBeDefined();
    if (issue) {
      const details = sidebar
        .getByRole("region", { name: "Issues" })
        .locator("details")
        .filter({ has: page.locator("summary", { hasText: issue.text }) })
        .first();
      await details.locator("summary").click();
      expect(await details.getAttribute("open")).not.toBe(null);
      if (issue.source.quote) await details.locator("blockquote", { hasText: issue.source.quote }).waitFor();
      await details.getByText(issue.source.conversationTitle, { exact: false }).waitFor();
      if (issue.source.startMs !== null) {
        await details.locator("p", { hasText: /at \d+:\d\d/ }).waitFor();
        // "Open transcript at m:ss": the background opens transcript.html at that moment in a new tab.
        const [transcript] = await Promise.all([
          extension.context.waitForEvent("page"),
          details.getByRole("button", { name: /^Open transcript at \d+:\d\d$/ }).click(),
        ]);
        await transcript.waitForURL(/\/transcript\.html\?/);
        const url = new URL(transcript.url());
        expect(url.searchParams.get("conversationId")).toBe(issue.source.conversationId);
        expect(url.searchParams.get("t")).toBe(String(issue.source.startMs));
        await transcript.close();
      }
    }
    await screenshot(page, "sidebar-salesforce");

    // The host page's own elements keep their size and position with the sidebar on the page.
    const header = page.locator(".slds-page-header");
    const withSidebar = await header.boundingBox();
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.evaluate(() => document.querySelector("sightline-sidebar")?.remove());
    expect(await header.boundingBox()).toEqual(withSidebar);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(scrollWidth);
    // Reload to put the sidebar back for the navigation below.
    await page.reload();
    await sidebar.getByRole("heading", { name: "Ledgerline Financial", level: 2 }).waitFor();

    // In-app navigation: Lightning swaps the view and pushes the new record's URL.
    const harborId = sf18(harbor.salesforceId);
    await page.evaluate(
      ({ html, url }) => {
        const parsed = new DOMParser().parseFromString(html, "text/html");
        document.body.replaceChildren(...Array.from(parsed.body.childNodes));
        document.title = parsed.title;
        history.pushState({}, "", url);
      },
      {
        html: salesforcePage(harborId, "Harbor Health Partners", "harborhealth.example"),
        url: `/lightning/r/Account/${harborId}/view`,
      },
    );
    await expectAccountShown(sidebar, harbor.id, "Harbor Health Partners");
    expect(await sidebar.getByRole("heading", { level: 2 }).allTextContents()).toEqual(["Harbor Health Partners"]);
    await screenshot(page, "sidebar-salesforce-navigated");

    // A list view is not a record: the sidebar leaves the page.
    await page.evaluate(() => history.pushState({}, "", "/lightning/o/Account/home"));
    await expect.poll(() => sidebar.count()).toBe(0);
    await page.close();
  });

  it("collapses to a tab, remembers it across pages, and expands again from the keyboard", async () => {
    const ledgerline = account("Ledgerline Financial");
    const id = sf18(ledgerline.salesforceId);
    const url = `https://acme.lightning.force.com/lightning/r/Account/${id}/view`;
    const page = await openHostPage(
      "sidebar-collapse",
      "https://acme.lightning.force.com/**",
      url,
      salesforcePage(id, "Ledgerline Financial", "www.ledgerline.example"),
    );
    const sidebar = sidebarOf(page);
    await sidebar.getByRole("heading", { name: "Ledgerline Financial" }).waitFor();
    await sidebar.getByRole("button", { name: "Collapse Sightline sidebar" }).click();
    const expand = sidebar.getByRole("button", { name: "Expand Sightline sidebar" });
    await expand.waitFor();
    expect(await sidebar.getByRole("heading", { name: "Ledgerline Financial" }).count()).toBe(0);
    await screenshot(page, "sidebar-collapsed");

    await page.reload();
    await expand.waitFor();
    await expand.focus();
    await page.keyboard.press("Enter");
    await sidebar.getByRole("heading", { name: "Ledgerline Financial" }).waitFor();

    // The period selector is a group of toggle buttons.
    await sidebar.getByRole("button", { name: "All time" }).click();
    await expect
      .poll(() => sidebar.getByRole("button", { name: "All time" }).getAttribute("aria-pressed"))
      .toBe("true");
    await page.close();
  });

  it("shows the HubSpot company's account", async () => {
    const acme = account("Acme Logistics");
    const html = fixture("hubspot-company.html")
      .replaceAll("18011223344", acme.hubspotId ?? "")
      .replaceAll("Globex Corporation", "Acme Logistics");
    const page = await openHostPage(
      "sidebar-hubspot",
      "https://app.hubspot.com/**",
      `https://app.hubspot.com/contacts/4412345/record/0-2/${acme.hubspotId}`,
      html,
    );
    await expectAccountShown(sidebarOf(page), acme.id, "Acme Logistics");
    await screenshot(page, "sidebar-hubspot");
    await page.close();
  });

  it("resolves a Gmail thread by trying its participants in order, skipping the user's own address", async () => {
    const brightcart = account("BrightCart Retail");
    const page = await openHostPage(
      "sidebar-gmail",
      "https://mail.google.com/**",
      "https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmkNPwNfqxrCvXvHclvm",
      fixture("gmail-thread.html"),
    );
    await expectAccountShown(sidebarOf(page), brightcart.id, "BrightCart Retail");
    await screenshot(page, "sidebar-gmail");

    // Back to the inbox (hash routing): no thread, no sidebar.
    await page.evaluate(() => {
      location.hash = "#inbox";
    });
    await expect.poll(() => sidebarOf(page).count()).toBe(0);
    await page.close();
  });

  it("names a Contact Center source's channel and shows the engagement's dispositions and notes", async () => {
    const brightcart = account("BrightCart Retail");
    const overview = await overviewOf(brightcart.id);
    const items = [...overview.issues.items, ...overview.wins.items, ...overview.nextSteps, ...overview.objections];
    const zcc = items.find((item) => item.source.channel === "Contact Center call");
    expect(zcc, "an insight from the support-line engagement").toBeDefined();
    expect(zcc?.source.dispositions).toEqual(["Escalated to engineering"]);
    const page = await openHostPage(
      "sidebar-zcc",
      "https://mail.google.com/**",
      "https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmkNPwNfqxrCvXvHclvm",
      fixture("gmail-thread.html"),
    );
    const sidebar = sidebarOf(page);
    await sidebar.getByRole("heading", { name: "BrightCart Retail", level: 2 }).waitFor();
    const details = sidebar
      .locator("details")
      .filter({ has: page.locator("summary", { hasText: zcc?.text ?? "" }) })
      .first();
    await details.locator("summary").click();
    const source = details.locator(".source").first();
    await source.getByText(/^Contact Center call · BrightCart Retail – support line: export timeouts · /).waitFor();
    await source.getByText("Disposition: Escalated to engineering", { exact: true }).waitFor();
    await source
      .getByText("Notes: Export times out above 50k rows; ticket ENG-4821 opened.", { exact: true })
      .waitFor();
    // The period's disposition counts, beside the sections.
    await sidebar.getByRole("region", { name: "Dispositions" }).getByText("Escalated to engineering (1)").waitFor();
    await source.scrollIntoViewIfNeeded();
    await screenshot(page, "sidebar-zcc");
    await page.close();
  });

  it("says what it looked up when no account matches", async () => {
    const page = await openHostPage(
      "sidebar-no-match",
      "https://app.hubspot.com/**",
      "https://app.hubspot.com/contacts/4412345/record/0-2/18011223344",
      fixture("hubspot-company.html"),
    );
    const sidebar = sidebarOf(page);
    await sidebar.getByText("No matching account.").waitFor();
    await sidebar.getByText("Looked up: HubSpot company 18011223344, globex.com, Globex Corporation").waitFor();
    await screenshot(page, "sidebar-no-match");
    await page.close();
  });

  it("the popup sends the active CRM tab to the chosen account's record page, where the sidebar shows it", async () => {
    const ledgerline = account("Ledgerline Financial");
    const acme = account("Acme Logistics");
    const ledgerlineId = sf18(ledgerline.salesforceId);
    const page = await openHostPage(
      "popup-crm-salesforce",
      "https://acme.lightning.force.com/**",
      "https://acme.lightning.force.com/lightning/page/home",
      "<!doctype html><title>Home | Salesforce</title><h1>Home</h1>",
    );
    // Record pages get the account fixture carrying that record's id and name.
    await page.route("https://acme.lightning.force.com/lightning/r/Account/**", (route) =>
      route.fulfill({
        contentType: "text/html",
        body: salesforcePage(ledgerlineId, "Ledgerline Financial", "www.ledgerline.example"),
      }),
    );
    const popup = await extension.context.newPage();
    popup.setDefaultTimeout(10_000);
    onTestFailed(async () => {
      await screenshot(popup, "popup-crm-failed");
    });
    await popup.goto(`chrome-extension://${extension.extensionId}/popup.html`);
    const search = popup.getByRole("combobox", { name: "Search accounts" });

    /** Searches in the popup, makes the CRM tab the active one, and chooses the first match with Enter. */
    async function choose(q: string, name: string, crmTab: Page) {
      await search.fill(q);
      await expect.poll(() => popup.getByRole("option", { selected: true }).textContent()).toContain(name);
      await crmTab.bringToFront();
      await search.press("Enter");
    }

    const pagesBefore = extension.context.pages().length;
    await choose("ledgerline", "Ledgerline Financial", page);
    await page.waitForURL(`https://acme.lightning.force.com/lightning/r/Account/${ledgerlineId}/view`);
    await expectAccountShown(sidebarOf(page), ledgerline.id, "Ledgerline Financial");
    // The tab itself went there: no overview page was opened.
    expect(extension.context.pages().length).toBe(pagesBefore);
    await screenshot(page, "popup-crm-salesforce");

    // HubSpot: the company record in the portal of the tab's current URL.
    const hubspot = await openHostPage(
      "popup-crm-hubspot",
      "https://app.hubspot.com/**",
      "https://app.hubspot.com/contacts/4412345/objects/0-2/views/all/list",
      "<!doctype html><title>Companies | HubSpot</title><h1>Companies</h1>",
    );
    await hubspot.route(`https://app.hubspot.com/contacts/4412345/record/0-2/${acme.hubspotId}`, (route) =>
      route.fulfill({
        contentType: "text/html",
        body: fixture("hubspot-company.html")
          .replaceAll("18011223344", acme.hubspotId ?? "")
          .replaceAll("Globex Corporation", "Acme Logistics"),
      }),
    );
    await choose("acme", "Acme Logistics", hubspot);
    await hubspot.waitForURL(`https://app.hubspot.com/contacts/4412345/record/0-2/${acme.hubspotId}`);
    await expectAccountShown(sidebarOf(hubspot), acme.id, "Acme Logistics");
    expect(extension.context.pages().length).toBe(pagesBefore + 1);
    await Promise.all([popup.close(), page.close(), hubspot.close()]);
  });

  it("offers to sign in when signed out", async () => {
    // The token lives in storage.session; dropping it is what a browser restart does.
    await extension.serviceWorker.evaluate(() => chrome.storage.session.clear());
    const page = await openHostPage(
      "sidebar-signed-out",
      "https://app.hubspot.com/**",
      "https://app.hubspot.com/contacts/4412345/record/0-2/18011223344",
      fixture("hubspot-company.html"),
    );
    const sidebar = sidebarOf(page);
    await sidebar.getByText("You are not signed in to Sightline.").waitFor();
    const opened = extension.context.waitForEvent("page");
    await sidebar.getByRole("button", { name: "Sign in" }).click();
    const signInPage = await opened;
    expect(signInPage.url()).toContain(`chrome-extension://${extension.extensionId}/`);
    await screenshot(page, "sidebar-signed-out");
    await signInPage.close();
    await page.close();
  });
});
