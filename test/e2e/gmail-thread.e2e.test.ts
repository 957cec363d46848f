/// <reference types="chrome" />
import { readFileSync } from "node:fs";
import type {
  AccountOverview,
  EmailMessageResponse,
  EmailThreadsResponse,
  ListAccountsResponse,
} from "@sightline/shared";
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
/** A longer thread in French, with collapsed and hidden messages; its script plays Gmail's part. */
const collapsedHtml = readFileSync(
  new URL("../../extension/src/host-pages/fixtures/gmail-thread-collapsed.html", import.meta.url),
  "utf8",
);
/** The first message of the fixture is collapsed and its page never loads it: the thread goes in partial. */
const PARTIAL = "1 earlier message could not be read — open it and add again.";

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

async function openGmail(name: string, html: string, url = GMAIL_URL): Promise<Page> {
  const page = await extension.context.newPage();
  page.setDefaultTimeout(10_000);
  onTestFailed(async () => {
    await screenshot(page, `${name}-failed`);
  });
  await page.route("https://mail.google.com/**", (route) => route.fulfill({ contentType: "text/html", body: html }));
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(url);
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
    await card.getByText("Not in Sightline yet. Adding it expands 1 collapsed message first.").waitFor();
    // The README's picture: the card above the account's insights, once they are loaded.
    await page
      .locator("sightline-sidebar")
      .getByText("Loading insights…")
      .waitFor({ state: "detached", timeout: 20_000 });
    await screenshot(page, "sidebar-gmail-add-thread");
    await card.getByRole("button", { name: "Add this thread to Sightline" }).click();
    // The two expanded messages of the fixture, and the first one with what its header shows (the
    // static page never shows its text, however long the reader waits).
    // The user's add waits up to 4 s for the collapsed message to open: a longer timeout than the default.
    await card
      .getByText(`Thread added to Sightline (3 messages). ${PARTIAL}`, { exact: true })
      .waitFor({ timeout: 20_000 });
    await screenshot(page, "sidebar-gmail-thread-added");
    await card.getByRole("button", { name: "Add this thread to Sightline" }).click();
    await card.getByText(`Already in Sightline (3 messages). ${PARTIAL}`, { exact: true }).waitFor({ timeout: 20_000 });

    const { threads } = await threadsIn([THREAD_ID]);
    expect(threads).toHaveLength(1);
    expect(threads[0]?.messageCount).toBe(3);

    await page.reload();
    await threadCard(page)
      .getByText(/^Already in Sightline \(3 messages\)\./)
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

  it("expands collapsed and hidden messages before adding, says what it could not read, and completes it on a second add", async () => {
    const threadId = "19d0a1b2c3d4e5f6";
    const page = await openGmail(
      "gmail-collapsed",
      collapsedHtml,
      "https://mail.google.com/mail/u/0/#inbox/FMfcgzQXKpilotRolloutPlanThread",
    );
    const card = threadCard(page);
    await card.getByText("Not in Sightline yet. Adding it expands 2 collapsed messages first.").waitFor();
    await card.getByRole("button", { name: "Add this thread to Sightline" }).click();
    // "Expand all" shows A and the hidden B; C's text never comes (the page plays a message Gmail fails to load).
    await card
      .getByText(`Thread added to Sightline (4 messages). ${PARTIAL}`, { exact: true })
      .waitFor({ timeout: 20_000 });
    const [stored] = (await threadsIn([threadId])).threads;
    expect(stored?.messageCount).toBe(4);
    const message = (id: string) =>
      apiFetch<EmailMessageResponse>(worker.baseUrl, token, `/api/v1/emails/${stored?.conversationId}/messages/${id}`);
    const hidden = await message("19d0a1b2c3d4e602");
    expect(hidden.message.body).toBe("We will bring two trainers for the pilot week.");
    // Dated from the French title "mar. 3 nov. 2026, 10:15", in the browser's time zone (this machine's).
    expect(hidden.message.sentAt).toBe(new Date(2026, 10, 3, 10, 15).toISOString());
    expect((await message("19d0a1b2c3d4e603")).message.body).toBe("");

    // The message loads now (as after the user opens it): adding again fills it in, without a duplicate.
    await page.evaluate(() => {
      (window as unknown as { gmailFixture: { loads: Record<string, boolean> } }).gmailFixture.loads.C = true;
    });
    await card.getByRole("button", { name: "Add this thread to Sightline" }).click();
    await card.getByText("1 earlier message completed (4 in Sightline).", { exact: true }).waitFor({ timeout: 20_000 });
    expect((await message("19d0a1b2c3d4e603")).message.body).toBe(
      "Procurement needs the security questionnaire before signing.",
    );
    expect((await threadsIn([threadId])).threads.map((t) => [t.conversationId, t.messageCount])).toEqual([
      [stored?.conversationId, 4],
    ]);
    await page.close();
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
    await card.getByText(`Thread added automatically to Sightline (3 messages). ${PARTIAL}`, { exact: true }).waitFor();
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
      .getByText(/^Already in Sightline \(3 messages\)\./)
      .waitFor();
    expect((await threadsIn([otherId])).threads[0]?.updatedAt).toBe(before);
    await page.close();
  });
});

/** A win the built-in analyzer finds ("we love how …"), in an e-mail from BrightCart (initech.example). */
const WIN = "We love how fast the dashboard loads.";

describe("an e-mail source, and the popup on a Gmail thread", () => {
  it("the overview's e-mail source opens the message with the quote marked, and links the whole thread", async () => {
    const { accounts } = await apiFetch<ListAccountsResponse>(worker.baseUrl, token, "/api/v1/accounts?limit=100");
    const brightcart = accounts.find((a) => a.name === "BrightCart Retail");
    if (!brightcart) throw new Error("demo data has no BrightCart Retail");
    const dan = { email: "dan@initech.example", name: "Dan <b>Diaz</b>" };
    const ada = { email: "ada@acme-sales.com", name: "Ada Admin" };
    const sentAt = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const added = await apiFetch<{ conversationId: string }>(worker.baseUrl, token, "/api/v1/emails", {
      method: "POST",
      body: {
        threadId: "e2e-email-source-1",
        subject: "Dashboard <i>feedback</i>",
        participants: [dan, ada],
        messages: [
          {
            messageId: "<e2e-source-m1@initech.example>",
            sentAt,
            from: dan,
            to: [ada],
            body: `Hi Ada,\n\n${WIN} <script>alert(1)</script>\n\nDan`,
          },
        ],
      },
    });
    // Analysis runs from the queue: wait until the win is in the overview with its e-mail source.
    const overviewWin = async () => {
      const overview = await apiFetch<AccountOverview>(
        worker.baseUrl,
        token,
        `/api/v1/accounts/${brightcart.id}/overview?period=90d`,
      );
      return overview.wins.items.find((w) => w.source.conversationId === added.conversationId) ?? null;
    };
    await expect.poll(overviewWin, { timeout: 30_000, interval: 500 }).not.toBeNull();
    const win = await overviewWin();
    expect(win?.source).toMatchObject({ kind: "email", messageId: "<e2e-source-m1@initech.example>" });

    const page = await extension.context.newPage();
    page.setDefaultTimeout(10_000);
    onTestFailed(async () => {
      await screenshot(page, "email-source-failed");
    });
    await page.setViewportSize({ width: 1100, height: 800 });
    await page.goto(`chrome-extension://${extension.extensionId}/overview.html?accountId=${brightcart.id}`);
    // The sidebar tests above left BrightCart's 90-day overview in the background's 30-second cache
    // (before this e-mail): another period asks the backend.
    await page.getByRole("button", { name: "Last year" }).click();
    const item = page.locator("details").filter({ hasText: win?.text ?? WIN });
    await item.locator("summary").first().click();
    const [email] = await Promise.all([
      extension.context.waitForEvent("page"),
      item.getByRole("button", { name: "Open e-mail" }).first().click(),
    ]);
    email.setDefaultTimeout(10_000);
    await email.setViewportSize({ width: 1100, height: 800 });
    await email.waitForURL(/\/email\.html\?/);
    const mark = email.getByTestId("email-body").locator("mark");
    await mark.waitFor();
    expect(await mark.allTextContents()).toEqual([WIN]);
    await email.getByRole("heading", { name: "Dashboard <i>feedback</i>" }).waitFor();
    expect(await email.getByTestId("email-body").textContent()).toContain("<script>alert(1)</script>");
    expect(await email.locator("main b, main i, main script").count()).toBe(0);
    expect(await email.textContent("main")).toContain("Dan <b>Diaz</b> <dan@initech.example>");
    await screenshot(email, "email-source-message");

    const [viewer] = await Promise.all([
      extension.context.waitForEvent("page"),
      email.getByRole("button", { name: "Open the whole thread" }).click(),
    ]);
    await viewer.waitForURL(/\/transcript\.html\?/);
    expect(new URL(viewer.url()).searchParams.get("conversationId")).toBe(added.conversationId);
    await Promise.all([viewer.close(), email.close(), page.close()]);
  });

  it("the popup says the active Gmail thread is in, with its message count", async () => {
    const gmail = await openGmail("popup-gmail-thread", threadHtml);
    await threadCard(gmail)
      .getByText(/^Already in Sightline \(3 messages\)\./)
      .waitFor();
    const popup = await extension.context.newPage();
    popup.setDefaultTimeout(10_000);
    await popup.goto(`chrome-extension://${extension.extensionId}/popup.html`);
    await popup.getByRole("heading", { name: "My accounts" }).waitFor();
    // Opened as a tab, the popup is the active tab itself: nothing about threads.
    expect(await popup.getByTestId("popup-gmail-thread").count()).toBe(0);
    // With Gmail active (as when the toolbar popup opens over it), it reads that tab's thread.
    await gmail.bringToFront();
    await popup.evaluate(() => location.reload());
    await popup
      .getByTestId("popup-gmail-thread")
      .getByText("This Gmail thread: Already in Sightline (3 messages).")
      .waitFor();
    await Promise.all([popup.close(), gmail.close()]);
  });
});
