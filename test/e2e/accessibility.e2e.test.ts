/// <reference types="chrome" />
import { readFileSync } from "node:fs";
import {
  type AccountListItem,
  type AccountOverview,
  type AttributionReport,
  type CreateUserResponse,
  canonicalSalesforceId,
  type ListAccountsResponse,
} from "@sightline/shared";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { seedDemo } from "../../scripts/demo/seed-demo.ts";
import { runWrangler } from "../../scripts/lib/local-stack.ts";
import { apiFetch } from "../support/api.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { findingsInBothSchemes } from "./support/axe.ts";
import { focused, tabTo } from "./support/keyboard.ts";
import { type LoadedExtension, launchExtension } from "./support/launch-extension.ts";
import { screenshot } from "./support/screenshot.ts";
import { expectAlert, submitSignIn } from "./support/sign-in-form.ts";

/**
 * axe-core on every surface of the built extension, in light and dark: the popup (signed out, with an
 * error, signed in with a selected row), the options page as an admin (admin console included) and as a member, the account
 * overview, the transcript and coaching pages, and the sidebar on the Salesforce, HubSpot and Gmail
 * fixture pages (only the sidebar is checked there: the fixtures' own markup is not ours). Zero
 * serious or critical findings. Then the keyboard paths: sign in, search, choose, expand a source,
 * open its transcript, sign out, each reached with Tab and showing a focus ring.
 */
let worker: LocalWorker;
let extension: LoadedExtension;
let token = "";
let member: CreateUserResponse;
let accounts: AccountListItem[] = [];

const fixture = (name: string) =>
  readFileSync(new URL(`../../extension/src/host-pages/fixtures/${name}`, import.meta.url), "utf8");
const account = (name: string) => {
  const found = accounts.find((a) => a.name === name);
  if (!found) throw new Error(`demo data has no account ${name}`);
  return found;
};
const url = (path: string) => `chrome-extension://${extension.extensionId}${path}`;

beforeAll(async () => {
  const [started, launched] = await Promise.allSettled([
    startLocalWorker({
      beforeStart: async (persistDir, stateDir) => {
        token = (await seedDemo(persistDir, stateDir)).token;
      },
    }),
    launchExtension(),
  ]);
  if (started.status === "fulfilled") worker = started.value;
  if (launched.status === "fulfilled") extension = launched.value;
  for (const result of [launched, started]) if (result.status === "rejected") throw result.reason;
  accounts = (await apiFetch<ListAccountsResponse>(worker.baseUrl, token, "/api/v1/accounts?limit=100")).accounts;
  // The Gmail fixture's thread is with initech.example: give that domain to BrightCart.
  const brightcart = account("BrightCart Retail");
  await apiFetch(worker.baseUrl, token, `/api/v1/accounts/${brightcart.id}`, {
    method: "PATCH",
    body: { domains: [...brightcart.domains, "initech.example"] },
  });
  member = await apiFetch<CreateUserResponse>(worker.baseUrl, token, "/api/v1/users", {
    body: { email: "max@northwind.example", name: "Max Member", role: "member" },
    expectStatus: 201,
  });
  // The admin console's lists with a row each (the demo routes every call and fails no job).
  const orgId = (await apiFetch<{ org: { id: string } }>(worker.baseUrl, token, "/api/v1/me")).org.id;
  const now = Date.now();
  await runWrangler(
    [
      "d1",
      "execute",
      "DB",
      "--local",
      "--persist-to",
      worker.persistDir,
      "--command",
      "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, routing, status, created_at, updated_at) VALUES " +
        `('conv_a11y_unassigned', '${orgId}', 'zoom_meeting', 'a11y-unassigned', 'Unrouted call', ${now}, 'unassigned', 'stored', ${now}, ${now}); ` +
        "INSERT INTO failed_jobs (id, organization_id, job_type, payload, reason, attempts, created_at) VALUES " +
        `('fj_a11y', '${orgId}', 'analyze_conversation', '{}', 'The model timed out', 3, ${now})`,
    ],
    `${worker.persistDir}/..`,
    { quiet: true },
  );
});

afterAll(async () => {
  await Promise.allSettled([extension?.close(), worker?.stop()]);
});

async function open(name: string, target: string, size = { width: 1100, height: 800 }): Promise<Page> {
  const page = await extension.context.newPage();
  page.setDefaultTimeout(10_000);
  onTestFailed(async () => {
    await screenshot(page, `a11y-${name}-failed`);
  });
  await page.setViewportSize(size);
  await page.goto(target);
  return page;
}

async function signOutEverywhere() {
  const page = await open("sign-out", url("/popup.html"));
  await page.evaluate(() => chrome.runtime.sendMessage({ type: "signOut" }));
  await page.close();
}

async function signInAs(apiToken: string) {
  await signOutEverywhere();
  const page = await open("sign-in", url("/popup.html"), { width: 360, height: 600 });
  await submitSignIn(page, worker.baseUrl, apiToken);
  await page.getByRole("heading", { name: "My accounts" }).waitFor();
  await page.close();
}

const clean = { light: [], dark: [] };

describe("accessibility (axe-core, light and dark)", () => {
  it("popup: signed out, a refused token, signed in with a selected row", async () => {
    await signOutEverywhere();
    const page = await open("popup", url("/popup.html"), { width: 360, height: 600 });
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    expect(await findingsInBothSchemes(page)).toEqual(clean);
    await submitSignIn(page, worker.baseUrl, "sl_not_a_real_token");
    await expectAlert(page, "That token was not accepted");
    expect(await findingsInBothSchemes(page)).toEqual(clean);
    await submitSignIn(page, worker.baseUrl, token);
    await page.getByRole("option", { selected: true }).waitFor();
    await page.keyboard.press("ArrowDown");
    expect(await findingsInBothSchemes(page)).toEqual(clean);
    await screenshot(page, "popup-my-accounts");
    await page.close();
  });

  it("options page: admin and member views", async () => {
    await signInAs(token);
    const admin = await open("options-admin", url("/options.html"));
    await admin.getByRole("heading", { name: "Connections" }).waitFor();
    await admin.getByRole("form", { name: "Connect Gong with an access key" }).waitFor();
    await admin.getByRole("form", { name: "Connect the organization's Zoom account" }).waitFor();
    await admin.getByRole("form", { name: "Connect the organization's Zoom Contact Center account" }).waitFor();
    // The admin console, with the account picker open on its results.
    await admin.getByRole("option", { name: /Unrouted call/, selected: true }).waitFor();
    await admin.getByRole("listitem", { name: "analyze_conversation job" }).waitFor();
    await admin.getByRole("region", { name: "Archived webhook events" }).getByRole("status").waitFor();
    await admin.getByRole("listbox", { name: "Users" }).getByRole("option", { selected: true }).waitFor();
    await admin
      .getByRole("region", { name: /^API tokens of / })
      .getByRole("listitem")
      .first()
      .waitFor();
    await admin.getByRole("region", { name: "Configuration profiles" }).getByRole("status").first().waitFor();
    await admin.getByRole("region", { name: "Intake log" }).waitFor();
    await admin.getByText("No Slack webhook.").waitFor();
    // The data-lifecycle screens: retention, e-mail capture, export, a CSV preview with a row error and
    // the deletion confirmation (not confirmed: nothing is deleted).
    await admin.getByRole("form", { name: "Retention periods" }).waitFor();
    await admin.getByRole("checkbox", { name: /Add Gmail threads/ }).waitFor();
    await admin
      .getByRole("region", { name: "Export", exact: true })
      .getByRole("list")
      .or(admin.getByText("No exports yet."))
      .first()
      .waitFor();
    await admin.getByLabel("Or paste the CSV text").fill("name,domains\n,nameless.example\nNew Co,newco.example\n");
    await admin.getByRole("button", { name: "Preview import" }).click();
    await admin
      .getByRole("table", { name: /^Preview/ })
      .getByText("name: missing")
      .waitFor();
    await admin.getByRole("form", { name: "Delete conversations" }).getByRole("button", { name: "Delete…" }).click();
    await admin.getByRole("group", { name: /^Delete every conversation/ }).waitFor();
    await admin.getByRole("combobox", { name: /Account for/ }).fill("b");
    await admin.getByRole("listbox", { name: "Matching accounts" }).getByRole("option").first().waitFor();
    expect(await findingsInBothSchemes(admin)).toEqual(clean);
    await admin.close();

    await signInAs(member.apiToken.token);
    const view = await open("options-member", url("/options.html"));
    await view.getByText("Max Member").waitFor();
    await view.getByText("An admin connects Gong for the whole organization.").waitFor();
    expect(await view.getByRole("heading", { name: "Admin console" }).count()).toBe(0);
    expect(await findingsInBothSchemes(view)).toEqual(clean);
    await view.close();
    await signInAs(token);
  });

  it("account overview, transcript, coaching and attribution pages", async () => {
    const ledgerline = account("Ledgerline Financial");
    const overview = await apiFetch<AccountOverview>(
      worker.baseUrl,
      token,
      `/api/v1/accounts/${ledgerline.id}/overview?period=90d`,
    );
    const page = await open("overview", url(`/overview.html?accountId=${ledgerline.id}`));
    await page.getByRole("heading", { name: "Ledgerline Financial", level: 2 }).waitFor();
    await page.locator("summary").first().click();
    expect(await findingsInBothSchemes(page)).toEqual(clean);
    await page.close();

    const source = overview.issues.items[0]?.source ?? overview.wins.items[0]?.source;
    expect(source).toBeDefined();
    const transcript = await open(
      "transcript",
      url(`/transcript.html?conversationId=${source?.conversationId}&t=${source?.startMs ?? 0}`),
    );
    await transcript.locator(".segment.hit").waitFor();
    expect(await findingsInBothSchemes(transcript)).toEqual(clean);
    // The viewer with find-in-transcript matches marked (and the current one).
    const word = (source?.quote ?? "the").match(/[A-Za-z]{4,}/)?.[0] ?? "the";
    await transcript.getByRole("searchbox", { name: "Find in transcript" }).fill(word);
    await transcript.locator(".segments mark.current").waitFor();
    expect(await findingsInBothSchemes(transcript)).toEqual(clean);
    await transcript.close();

    // The search page with hits (snippets marked) and its filters.
    const search = await open("search", url(`/search.html?q=${encodeURIComponent(word)}`));
    await search.locator(".hits mark").first().waitFor();
    expect(await findingsInBothSchemes(search)).toEqual(clean);
    await search.close();

    // The popup's "Search conversations" mode with a highlighted hit.
    const popup = await open("popup-conversations", url("/popup.html"), { width: 360, height: 600 });
    await popup.getByRole("button", { name: "Search conversations" }).click();
    await popup.getByRole("combobox", { name: "Search conversations" }).fill(word);
    await popup.getByRole("option", { selected: true }).waitFor();
    expect(await findingsInBothSchemes(popup)).toEqual(clean);
    await popup.close();

    const coaching = await open("coaching", url("/coaching.html"));
    await coaching.getByRole("heading", { name: /^Coaching: /, level: 1 }).waitFor();
    expect(await findingsInBothSchemes(coaching)).toEqual(clean);
    await coaching.close();

    // The attribution report: the period's table and the SVG bar chart.
    const attribution = await open("attribution", url("/attribution.html"));
    await attribution.getByRole("heading", { name: "Lead-source attribution", level: 1 }).waitFor();
    const chart = attribution.getByRole("img", { name: "Conversations per lead source, Last 90d" });
    await chart.waitFor();
    // The chart is SVG text a test can read: each lead source and its conversations, as the API counts them.
    const report = await apiFetch<AttributionReport>(worker.baseUrl, token, "/api/v1/reports/attribution?period=90d");
    expect(report.rows.length).toBeGreaterThan(0);
    expect(await chart.locator("text").allTextContents()).toEqual(
      report.rows.flatMap((r) => [r.label.length > 30 ? `${r.label.slice(0, 29)}…` : r.label, String(r.conversations)]),
    );
    expect(await findingsInBothSchemes(attribution)).toEqual(clean);
    await screenshot(attribution, "attribution-page");
    await attribution.close();

    // An e-mail source's page: one message with the quote marked.
    const quote = "We love how fast the dashboard loads.";
    const dan = { email: "dan@ledgerline.example", name: "Dan Diaz" };
    const ada = { email: "ada@acme-sales.com", name: "Ada Admin" };
    const added = await apiFetch<{ conversationId: string }>(worker.baseUrl, token, "/api/v1/emails", {
      method: "POST",
      body: {
        threadId: "a11y-email-1",
        subject: "Dashboard feedback",
        participants: [dan, ada],
        messages: [
          { messageId: "a11y-m1", sentAt: new Date().toISOString(), from: dan, to: [ada], body: `Hi Ada,\n\n${quote}` },
        ],
      },
    });
    const email = await open(
      "email",
      url(`/email.html?${new URLSearchParams({ conversationId: added.conversationId, messageId: "a11y-m1", quote })}`),
    );
    await email.getByTestId("email-body").locator("mark").waitFor();
    expect(await findingsInBothSchemes(email)).toEqual(clean);
    await email.close();
  });

  it("the sidebar on Salesforce, HubSpot and Gmail", async () => {
    const ledgerline = account("Ledgerline Financial");
    const acme = account("Acme Logistics");
    const sf = canonicalSalesforceId(ledgerline.salesforceId ?? "") ?? "";
    const hosts = [
      {
        name: "salesforce",
        pattern: "https://acme.lightning.force.com/**",
        at: `https://acme.lightning.force.com/lightning/r/Account/${sf}/view`,
        html: fixture("salesforce-account.html")
          .replaceAll("001D000000IqhSLIAZ", sf)
          .replaceAll("Globex Corporation", "Ledgerline Financial")
          .replaceAll("www.globex.com", "www.ledgerline.example"),
        shows: "Ledgerline Financial",
      },
      {
        name: "hubspot",
        pattern: "https://app.hubspot.com/**",
        at: `https://app.hubspot.com/contacts/4412345/record/0-2/${acme.hubspotId}`,
        html: fixture("hubspot-company.html")
          .replaceAll("18011223344", acme.hubspotId ?? "")
          .replaceAll("Globex Corporation", "Acme Logistics"),
        shows: "Acme Logistics",
      },
      {
        name: "gmail",
        pattern: "https://mail.google.com/**",
        at: "https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmkNPwNfqxrCvXvHclvm",
        html: fixture("gmail-thread.html"),
        shows: "BrightCart Retail",
      },
    ];
    for (const host of hosts) {
      const page = await extension.context.newPage();
      page.setDefaultTimeout(10_000);
      await page.route(host.pattern, (route) => route.fulfill({ contentType: "text/html", body: host.html }));
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(host.at);
      const sidebar = page.locator("sightline-sidebar");
      await sidebar.getByRole("heading", { name: host.shows, level: 2 }).waitFor();
      await sidebar.locator("summary").first().click();
      expect(await findingsInBothSchemes(page, "sightline-sidebar"), host.name).toEqual(clean);
      if (host.name === "salesforce") {
        // The README shows the dark theme too (scripts/readme-screenshots.ts).
        await page.emulateMedia({ colorScheme: "dark" });
        await screenshot(page, "sidebar-salesforce-dark");
        await page.emulateMedia({ colorScheme: "light" });
      }
      await page.close();
    }
  });
});

describe("keyboard paths", () => {
  it("popup: sign in, search, choose; overview: expand a source, open its transcript; popup: sign out", async () => {
    await signOutEverywhere();
    const popup = await open("keyboard-popup", url("/popup.html"), { width: 360, height: 600 });
    await popup.getByRole("button", { name: "Sign in" }).waitFor();
    // The token field takes the keyboard; the backend URL is one Shift+Tab back.
    await expect.poll(async () => (await focused(popup))?.name).toBe("API token");
    await tabTo(popup, (f) => f.name === "Backend URL", { backwards: true });
    await popup.keyboard.press("ControlOrMeta+A");
    await popup.keyboard.type(worker.baseUrl);
    await tabTo(popup, (f) => f.name === "API token");
    await popup.keyboard.type(token);
    await popup.keyboard.press("Enter");

    // Search has focus once signed in; arrows choose, Enter opens the overview in a new tab.
    await popup.getByRole("heading", { name: "My accounts" }).waitFor();
    await expect.poll(async () => (await focused(popup))?.name).toBe("Search accounts");
    await popup.keyboard.type("ledger");
    await expect.poll(() => popup.getByRole("option", { selected: true }).textContent()).toContain("Ledgerline");
    const [overview] = await Promise.all([extension.context.waitForEvent("page"), popup.keyboard.press("Enter")]);
    overview.setDefaultTimeout(10_000);
    await overview.getByRole("heading", { name: "Ledgerline Financial", level: 2 }).waitFor();

    // A period by keyboard, then a source expanded and its transcript opened, with Tab and Enter only.
    await tabTo(overview, (f) => f.name === "All time");
    await overview.keyboard.press("Enter");
    await expect
      .poll(() => overview.getByRole("button", { name: "All time" }).getAttribute("aria-pressed"))
      .toBe("true");
    await tabTo(overview, (f) => f.tag === "summary");
    await overview.keyboard.press("Enter");
    expect(await overview.locator("details[open]").count()).toBe(1);
    await tabTo(overview, (f) => f.tag === "button" && f.text.startsWith("Open transcript"));
    const [transcript] = await Promise.all([extension.context.waitForEvent("page"), overview.keyboard.press("Enter")]);
    await transcript.waitForURL(/\/transcript\.html\?conversationId=/);
    await transcript.close();
    await overview.close();

    // Sign out: Tab reaches the button, Enter presses it, the form comes back.
    await popup.bringToFront();
    await tabTo(popup, (f) => f.text === "Sign out");
    await popup.keyboard.press("Enter");
    await popup.getByRole("button", { name: "Sign in" }).waitFor();
    await popup.close();
    await signInAs(token);
  });

  it("sidebar: Tab from the host page reaches a source, Enter expands it and opens its transcript", async () => {
    const harbor = account("Harbor Health Partners");
    const sf = canonicalSalesforceId(harbor.salesforceId ?? "") ?? "";
    const page = await extension.context.newPage();
    page.setDefaultTimeout(10_000);
    await page.route("https://acme.lightning.force.com/**", (route) =>
      route.fulfill({
        contentType: "text/html",
        body: fixture("salesforce-account.html")
          .replaceAll("001D000000IqhSLIAZ", sf)
          .replaceAll("Globex Corporation", "Harbor Health Partners"),
      }),
    );
    await page.goto(`https://acme.lightning.force.com/lightning/r/Account/${sf}/view`);
    const sidebar = page.locator("sightline-sidebar");
    await sidebar.getByRole("heading", { name: "Harbor Health Partners", level: 2 }).waitFor();
    const summary = await tabTo(page, (f) => f.inShadow && f.tag === "summary", { max: 80 });
    await page.keyboard.press("Enter");
    expect(await sidebar.locator("details[open] summary").first().textContent()).toBe(summary.text);
    await tabTo(page, (f) => f.inShadow && f.text.startsWith("Open transcript"));
    const [transcript] = await Promise.all([extension.context.waitForEvent("page"), page.keyboard.press("Enter")]);
    await transcript.waitForURL(/\/transcript\.html\?conversationId=/);
    await transcript.close();
    await page.close();
  });
});
