/// <reference types="chrome" />
import { readFileSync } from "node:fs";
import type { EmailThreadsResponse, ListAccountsResponse } from "@sightline/shared";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { seedDemo } from "../../scripts/demo/seed-demo.ts";
import { apiFetch } from "../support/api.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { type LoadedExtension, launchExtension } from "./support/launch-extension.ts";
import { screenshot } from "./support/screenshot.ts";

/**
 * A Gmail thread from the sidebar to search and the viewer, in Chromium against a real `wrangler dev`
 * seeded with the demo organization. The Gmail fixture page is served at a real Gmail URL, so the
 * content script runs there and the background reads the thread in the tab (scripting.executeScript).
 * Adding it twice keeps one conversation; a phrase from a message is found from the popup's "Search
 * conversations" mode and opens the viewer marking that message. With the organization's auto-capture
 * on, opening another thread adds it by itself, once.
 */
const GMAIL_URL = "https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmkNPwNfqxrCvXvHclvm";
const THREAD_ID = "18c5f3a2b1d4e6f7";
const SUBJECT = "Re: Renewal pricing";
/** Words Carol wrote in the fixture's last message (her quoted reply and signature are stripped). */
const PHRASE = "cut our dispatch time by thirty percent";
const threadHtml = readFileSync(
  new URL("../../extension/src/host-pages/fixtures/gmail-thread.html", import.meta.url),
  "utf8",
);

let worker: LocalWorker;
let extension: LoadedExtension;
let token = "";

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

  // The fixture's thread includes dan@initech.example: make that BrightCart's domain (a known account).
  const { accounts } = await apiFetch<ListAccountsResponse>(worker.baseUrl, token, "/api/v1/accounts?limit=100");
  const brightcart = accounts.find((a) => a.name === "BrightCart Retail");
  if (!brightcart) throw new Error("demo data has no BrightCart Retail");
  await apiFetch(worker.baseUrl, token, `/api/v1/accounts/${brightcart.id}`, {
    method: "PATCH",
    body: { domains: [...brightcart.domains, "initech.example"] },
  });

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

async function openGmail(name: string, html: string): Promise<Page> {
  const page = await extension.context.newPage();
  page.setDefaultTimeout(10_000);
  onTestFailed(async () => {
    await screenshot(page, `${name}-failed`);
  });
  await page.route("https://mail.google.com/**", (route) => route.fulfill({ contentType: "text/html", body: html }));
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(GMAIL_URL);
  return page;
}

const threadCard = (page: Page): Locator =>
  page.locator("sightline-sidebar").getByRole("region", { name: "This e-mail thread" });

const threadsIn = (ids: string[]) =>
  apiFetch<EmailThreadsResponse>(worker.baseUrl, token, `/api/v1/emails/threads?ids=${ids.join(",")}`);

describe("Gmail thread from the sidebar", () => {
  it("adds the open thread once, says so on a second add and on reopening, and keeps one conversation", async () => {
    expect((await threadsIn([THREAD_ID])).threads).toEqual([]);
    const page = await openGmail("gmail-add", threadHtml);
    const card = threadCard(page);
    await card.getByText("Not in Sightline yet.").waitFor();
    await card.getByRole("button", { name: "Add this thread to Sightline" }).click();
    // The two expanded messages of the fixture (the first is collapsed: its text is not in the page).
    await card.getByText("Thread added to Sightline (2 messages).", { exact: true }).waitFor();
    await screenshot(page, "sidebar-gmail-thread-added");
    await card.getByRole("button", { name: "Add this thread to Sightline" }).click();
    await card.getByText("Already in Sightline (2 messages).", { exact: true }).waitFor();

    const { threads } = await threadsIn([THREAD_ID]);
    expect(threads).toHaveLength(1);
    expect(threads[0]?.messageCount).toBe(2);

    await page.reload();
    await threadCard(page)
      .getByText(/^Already in Sightline \(2 messages\)\./)
      .waitFor();
    expect((await threadsIn([THREAD_ID])).threads.map((t) => t.conversationId)).toEqual([threads[0]?.conversationId]);
    await page.close();
  });

  it("finds the thread by a phrase from the popup's search mode and opens the viewer at the quoted message", async () => {
    const conversationId = (await threadsIn([THREAD_ID])).threads[0]?.conversationId;
    expect(conversationId).toBeDefined();
    const popup = await extension.context.newPage();
    popup.setDefaultTimeout(10_000);
    await popup.setViewportSize({ width: 360, height: 600 });
    await popup.goto(`chrome-extension://${extension.extensionId}/popup.html`);
    await popup.getByRole("button", { name: "Search conversations" }).click();
    const box = popup.getByRole("combobox", { name: "Search conversations" });
    await box.fill(`"${PHRASE}"`);
    await popup.getByRole("heading", { name: "Matching moments" }).waitFor();
    const first = popup.getByRole("option").first();
    expect(await first.textContent()).toContain(SUBJECT);
    const marked = (await first.locator("mark").allTextContents()).join(" ").toLowerCase();
    for (const word of PHRASE.split(" ")) expect(marked).toContain(word);

    const [viewer] = await Promise.all([extension.context.waitForEvent("page"), box.press("Enter")]);
    await viewer.setViewportSize({ width: 1100, height: 800 });
    await viewer.waitForURL(/\/transcript\.html\?/);
    expect(new URL(viewer.url()).searchParams.get("conversationId")).toBe(conversationId);
    expect(new URL(viewer.url()).searchParams.get("seg")).not.toBeNull();
    const hit = viewer.getByRole("region", { name: "Transcript" }).locator("li[aria-current='true']");
    await hit.waitFor();
    expect(await hit.count()).toBe(1);
    expect(await hit.textContent()).toContain(PHRASE);
    await screenshot(viewer, "viewer-at-email-message");
    await viewer.close();
    await popup.close();
  });

  it("with auto-capture on, adds another thread by itself on open, and not again on coming back", async () => {
    await apiFetch(worker.baseUrl, token, "/api/v1/org/email-capture", { method: "PUT", body: { autoCapture: true } });
    // Another thread: other thread and message ids, the same people (one of them BrightCart's).
    const other = threadHtml
      .replaceAll("18c5f3a2b1d4e", "28c5f3a2b1d4e")
      .replaceAll("1785100707416041", "2785100707416041");
    const otherId = "28c5f3a2b1d4e6f7";
    const page = await openGmail("gmail-auto", other);
    const card = threadCard(page);
    await card.getByText("Thread added automatically to Sightline (2 messages).", { exact: true }).waitFor();
    expect((await threadsIn([otherId])).threads).toHaveLength(1);
    const before = (await threadsIn([otherId])).threads[0]?.updatedAt;

    // To the inbox and back (hash routing, same content script): the card asks again but sends nothing.
    await page.evaluate(() => {
      location.hash = "#inbox";
    });
    await expect.poll(() => page.locator("sightline-sidebar").count()).toBe(0);
    await page.evaluate((url) => {
      location.hash = new URL(url).hash;
    }, GMAIL_URL);
    await threadCard(page)
      .getByText(/^Already in Sightline \(2 messages\)\./)
      .waitFor();
    expect((await threadsIn([otherId])).threads[0]?.updatedAt).toBe(before);
    await page.close();
  });
});
