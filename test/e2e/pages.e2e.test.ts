/// <reference types="chrome" />
import type { AccountOverview, ConversationDetail, InsightSource, ListAccountsResponse } from "@sightline/shared";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { seedDemo } from "../../scripts/demo/seed-demo.ts";
import { apiFetch } from "../support/api.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { type LoadedExtension, launchExtension } from "./support/launch-extension.ts";
import { screenshot } from "./support/screenshot.ts";

/**
 * The extension's own pages in Chromium against a real `wrangler dev` seeded with the demo
 * organization: overview.html (the sidebar as a page), transcript.html (scrolled to a moment), and
 * the popup's choose, which opens the overview in a new tab.
 */
let worker: LocalWorker;
let extension: LoadedExtension;
let token = "";
/** A demo account with topics in the default period, its overview and a topic source with a moment. */
let demo: { accountId: string; name: string; overview: AccountOverview; source: InsightSource & { startMs: number } };

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

  const { accounts } = await apiFetch<ListAccountsResponse>(worker.baseUrl, token, "/api/v1/accounts?limit=100");
  for (const account of accounts) {
    const overview = await apiFetch<AccountOverview>(
      worker.baseUrl,
      token,
      `/api/v1/accounts/${account.id}/overview?period=90d`,
    );
    const source = overview.topics.flatMap((t) => t.sources).find((s) => s.startMs !== null && s.startMs > 0);
    if (source && source.startMs !== null) {
      demo = { accountId: account.id, name: account.name, overview, source: { ...source, startMs: source.startMs } };
      break;
    }
  }
  if (!demo) throw new Error("the demo data has no account with a topic source at a moment");

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

async function openExtensionPage(name: string, path: string): Promise<Page> {
  const page = await extension.context.newPage();
  page.setDefaultTimeout(10_000);
  onTestFailed(async () => {
    await screenshot(page, `${name}-failed`);
  });
  await page.setViewportSize({ width: 1100, height: 800 });
  await page.goto(`chrome-extension://${extension.extensionId}${path}`);
  return page;
}

/** "m:ss" (or "h:mm:ss") as the pages print it. */
function clock(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** Every segment of a conversation, read straight from the API. */
async function allSegments(conversationId: string): Promise<ConversationDetail["segments"]["items"]> {
  const items: ConversationDetail["segments"]["items"] = [];
  let cursor: number | null = 0;
  while (cursor !== null) {
    const page: ConversationDetail = await apiFetch<ConversationDetail>(
      worker.baseUrl,
      token,
      `/api/v1/conversations/${conversationId}?cursor=${cursor}&limit=500`,
    );
    items.push(...page.segments.items);
    cursor = page.segments.nextCursor;
  }
  return items;
}

describe("extension pages", () => {
  it("overview.html shows the account's topics with the period selector, and opens a source's transcript", async () => {
    const page = await openExtensionPage("pages-overview", `/overview.html?accountId=${demo.accountId}`);
    await page.getByRole("heading", { name: demo.name, level: 2 }).waitFor();
    const topics = page.getByRole("region", { name: "Topics" });
    const topic = demo.overview.topics.find((t) => t.sources.includes(demo.source)) ?? demo.overview.topics[0];
    if (!topic) throw new Error("no topic");
    await topics.getByText(`${topic.phrase} (${topic.mentions})`).waitFor();
    await page.getByRole("heading", { name: `Wins (${demo.overview.wins.count})` }).waitFor();
    await page.getByRole("button", { name: "Last 90d" }).waitFor();
    expect(await page.getByRole("button", { name: "Last 90d" }).getAttribute("aria-pressed")).toBe("true");
    await expect.poll(() => page.title()).toBe(`${demo.name} · Sightline`);
    // A full page (its main column), not the sidebar's fixed 340 px panel.
    expect(await page.getByRole("complementary").count()).toBe(0);
    const width = await page.getByRole("main").evaluate((el) => el.getBoundingClientRect().width);
    expect(width).toBeGreaterThan(600);
    await screenshot(page, "pages-overview");

    // The topic's first source: "Open transcript at m:ss" opens transcript.html in a new tab.
    const details = topics.locator("details").filter({ has: page.locator("summary", { hasText: topic.phrase }) });
    await details.locator("summary").click();
    const first = topic.sources[0];
    if (!first) throw new Error("topic without source");
    const label = first.startMs === null ? "Open transcript" : `Open transcript at ${clock(first.startMs)}`;
    const [opened] = await Promise.all([
      extension.context.waitForEvent("page"),
      details.getByRole("button", { name: label }).first().click(),
    ]);
    await opened.waitForURL(/\/transcript\.html\?/);
    const url = new URL(opened.url());
    expect(url.searchParams.get("conversationId")).toBe(first.conversationId);
    expect(url.searchParams.get("t")).toBe(first.startMs === null ? null : String(first.startMs));
    await opened.getByRole("region", { name: "Transcript" }).waitFor();
    await opened.close();

    // The period selector works on the page too.
    await page.getByRole("button", { name: "All time" }).click();
    await expect.poll(() => page.getByRole("button", { name: "All time" }).getAttribute("aria-pressed")).toBe("true");
    await page.close();
  });

  it("transcript.html shows the conversation and highlights the segment at t, scrolled into view", async () => {
    const { conversationId, startMs } = demo.source;
    const detail = await apiFetch<ConversationDetail>(worker.baseUrl, token, `/api/v1/conversations/${conversationId}`);
    const segments = await allSegments(conversationId);
    const expected = segments.filter((s) => s.startMs <= startMs).at(-1);
    if (!expected) throw new Error("no segment at the source's moment");

    const page = await openExtensionPage(
      "pages-transcript",
      `/transcript.html?conversationId=${conversationId}&t=${startMs}`,
    );
    await page.getByRole("heading", { name: detail.conversation.title, level: 1 }).waitFor();
    const participants = page.getByRole("region", { name: "Participants" });
    for (const p of detail.participants.slice(0, 3))
      await participants.getByText(p.name, { exact: false }).first().waitFor();
    const insights = page.getByRole("region", { name: "Insights" });
    const insight = detail.insights[0];
    if (insight) await insights.getByText(insight.text, { exact: false }).first().waitFor();

    const hit = page.getByRole("region", { name: "Transcript" }).locator("li[aria-current='true']");
    await hit.waitFor();
    expect(await hit.count()).toBe(1);
    expect(await hit.locator(".time").textContent()).toBe(clock(expected.startMs));
    expect(await hit.locator(".text").textContent()).toBe(expected.text);
    if (expected.speaker) expect(await hit.locator(".speaker").textContent()).toBe(expected.speaker);
    // Scrolled to: the highlighted segment is inside the window.
    await expect
      .poll(() =>
        hit.evaluate((el) => {
          const r = el.getBoundingClientRect();
          return r.top >= 0 && r.bottom <= window.innerHeight;
        }),
      )
      .toBe(true);
    await screenshot(page, "pages-transcript");
    await page.close();
  });

  it("the popup's choose opens the account's overview in a new tab", async () => {
    const popup = await openExtensionPage("pages-popup", "/popup.html");
    const search = popup.getByRole("combobox", { name: "Search accounts" });
    await search.fill(demo.name);
    await popup.getByRole("heading", { name: "Matching accounts" }).waitFor();
    await popup
      .getByRole("option", { name: new RegExp(demo.name) })
      .first()
      .waitFor();
    const options = await popup.getByRole("option").allTextContents();
    const index = options.findIndex((text) => text.includes(demo.name));
    for (let i = 0; i < index; i++) await search.press("ArrowDown");
    const [opened] = await Promise.all([extension.context.waitForEvent("page"), search.press("Enter")]);
    await opened.waitForURL(/\/overview\.html\?/);
    expect(new URL(opened.url()).searchParams.get("accountId")).toBe(demo.accountId);
    await opened.getByRole("heading", { name: demo.name, level: 2 }).waitFor({ timeout: 10_000 });
    await screenshot(opened, "pages-popup-opened-overview");
    await opened.close();
    await popup.close();
  });
});
