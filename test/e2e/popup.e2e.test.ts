/// <reference types="chrome" />
import type { CreateOrgResponse } from "@sightline/shared";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { apiFetch, createOrg } from "../support/api.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { type LoadedExtension, launchExtension } from "./support/launch-extension.ts";
import { screenshot } from "./support/screenshot.ts";
import { expectAlert, submitSignIn, unreachableBackendUrl } from "./support/sign-in-form.ts";

/**
 * The built popup in Chromium against a real `wrangler dev`: sign in, search, sign out. The worker
 * sends no CORS headers, so every successful call also proves the background's host_permissions work.
 */
let worker: LocalWorker;
let extension: LoadedExtension;
let org: CreateOrgResponse;

beforeAll(async () => {
  // Both start in parallel (wrangler takes a few seconds, Chromium about one). allSettled, so that
  // when one fails the other is still assigned and afterAll stops it instead of leaking a process.
  const [started, launched] = await Promise.allSettled([startLocalWorker(), launchExtension()]);
  if (started.status === "fulfilled") worker = started.value;
  if (launched.status === "fulfilled") extension = launched.value;
  for (const result of [launched, started]) if (result.status === "rejected") throw result.reason;
  org = await createOrg(worker.baseUrl, worker.operatorToken, {
    name: "OurCo",
    domains: ["ourco.com"],
    admin: { email: "ada@ourco.com", name: "Ada Admin" },
  });
  const token = org.apiToken.token;
  await apiFetch(worker.baseUrl, token, "/api/v1/accounts", { body: { name: "Acme Corp", domains: ["acme.com"] } });
  await apiFetch(worker.baseUrl, token, "/api/v1/accounts", { body: { name: "Globex", domains: ["globex.io"] } });
});

afterAll(async () => {
  await Promise.allSettled([extension?.close(), worker?.stop()]);
});

/** A fresh popup tab, signed out, so no test depends on another's leftovers. */
async function openPopup(name: string): Promise<Page> {
  const page = await extension.context.newPage();
  // Everything here answers in well under a second; fail fast instead of at Playwright's 30 s default.
  page.setDefaultTimeout(10_000);
  onTestFailed(async () => {
    await screenshot(page, `${name}-failed`);
  });
  await page.goto(`chrome-extension://${extension.extensionId}/popup.html`);
  await page.evaluate(() => chrome.runtime.sendMessage({ type: "signOut" }));
  await page.reload();
  await page.getByRole("button", { name: "Sign in" }).waitFor();
  return page;
}

describe("popup", () => {
  it("holds host permission for the backend on any port of 127.0.0.1 and localhost", async () => {
    const port = new URL(worker.baseUrl).port;
    const granted = await extension.serviceWorker.evaluate(
      (origins) => Promise.all(origins.map((origin) => chrome.permissions.contains({ origins: [origin] }))),
      [`http://127.0.0.1:${port}/*`, "http://127.0.0.1:8787/*", "http://localhost:8787/*", "http://localhost:54321/*"],
    );
    expect(granted).toEqual([true, true, true, true]);
    const notGranted = await extension.serviceWorker.evaluate(() =>
      chrome.permissions.contains({ origins: ["https://example.com/*"] }),
    );
    expect(notGranted).toBe(false);
  });

  it("prefills the default backend URL and rejects a bad token with clear text", async () => {
    const page = await openPopup("bad-token");
    await expect.poll(() => page.getByLabel("Backend URL").inputValue()).toBe("http://127.0.0.1:8787");
    await submitSignIn(page, worker.baseUrl, "sl_not_a_real_token");
    await expectAlert(page, "That token was not accepted");
    await screenshot(page, "popup-bad-token");
    await page.close();
  });

  it("names the backend it cannot reach", async () => {
    const page = await openPopup("unreachable");
    const backendUrl = await unreachableBackendUrl();
    await submitSignIn(page, backendUrl, org.apiToken.token);
    await expectAlert(page, `Cannot reach the Sightline backend at ${backendUrl}`);
    await page.close();
  });

  it("signs in, finds an account by search, chooses it with the keyboard and signs out", async () => {
    const page = await openPopup("search");
    await submitSignIn(page, worker.baseUrl, org.apiToken.token);

    await page.getByText("Ada Admin").waitFor();
    await page.getByText("OurCo").waitFor();
    await page.getByRole("heading", { name: "My accounts" }).waitFor();
    await page.getByRole("option", { name: /Globex/ }).waitFor();
    expect(await page.getByRole("option").count()).toBe(2);

    // The search field has focus on its own; arrows move the highlight and wrap around.
    const search = page.getByRole("combobox", { name: "Search accounts" });
    await expect.poll(() => search.evaluate((input) => input === document.activeElement)).toBe(true);
    const highlighted = page.getByRole("option", { selected: true });
    const first = await highlighted.textContent();
    await page.keyboard.press("ArrowDown");
    await expect.poll(() => highlighted.textContent()).not.toBe(first);
    await page.keyboard.press("ArrowDown");
    await expect.poll(() => highlighted.textContent()).toBe(first);

    await search.fill("acm");
    await page.getByRole("heading", { name: "Matching accounts" }).waitFor();
    const options = page.getByRole("option");
    await expect.poll(() => options.allTextContents()).toEqual([expect.stringContaining("Acme Corp")]);
    expect(await options.first().textContent()).toContain("acme.com");

    // Enter opens the account's overview page in a new tab.
    await screenshot(page, "popup-search-acme");
    const [overview] = await Promise.all([extension.context.waitForEvent("page"), search.press("Enter")]);
    await overview.waitForURL(/\/overview\.html\?accountId=/);
    await overview.getByRole("heading", { name: "Acme Corp", level: 2 }).waitFor();
    await overview.close();

    await search.fill("zzzz-no-such-account");
    await page.getByText("No accounts match “zzzz-no-such-account”").waitFor();

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    expect(await page.getByLabel("Backend URL").inputValue()).toBe(worker.baseUrl);
    await screenshot(page, "popup-signed-out");
    await page.close();
  });
});
