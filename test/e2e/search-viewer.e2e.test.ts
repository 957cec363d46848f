/// <reference types="chrome" />
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { ConversationDetail, ListAccountsResponse, SearchResponse } from "@sightline/shared";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { seedDemo } from "../../scripts/demo/seed-demo.ts";
import { apiFetch } from "../support/api.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { tabTo } from "./support/keyboard.ts";
import { type LoadedExtension, launchExtension } from "./support/launch-extension.ts";
import { screenshot } from "./support/screenshot.ts";

/**
 * Conversation search and the transcript viewer in Chromium against a real `wrangler dev` seeded with
 * the demo organization: a phrase taken from a seeded transcript is found from the popup's "Search
 * conversations" mode, Enter opens the viewer scrolled to and marking that segment; find-in-transcript
 * counts what the API's segments hold; "Download VTT" yields a file a WebVTT parser reads.
 */
const nodeWebvtt = createRequire(new URL("../package.json", import.meta.url))("node-webvtt") as {
  parse(
    input: string,
    options?: { strict?: boolean },
  ): { valid: boolean; cues: Array<{ start: number; end: number; text: string }> };
};

type Segment = ConversationDetail["segments"]["items"][number];

let worker: LocalWorker;
let extension: LoadedExtension;
let token = "";
/** The seeded moment the test looks for: its conversation, segment and a three-word phrase from it. */
let target: { conversationId: string; title: string; segment: Segment; phrase: string; segments: Segment[] };

async function allSegments(conversationId: string): Promise<Segment[]> {
  const items: Segment[] = [];
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

/** A segment past the first page of the viewer's scroll whose three-word phrase search ranks first. */
async function pickTarget(): Promise<typeof target> {
  const { accounts } = await apiFetch<ListAccountsResponse>(worker.baseUrl, token, "/api/v1/accounts?limit=100");
  for (const account of accounts) {
    const { hits } = await apiFetch<SearchResponse>(
      worker.baseUrl,
      token,
      `/api/v1/search?q=the&accountId=${account.id}&limit=5`,
    );
    for (const hit of hits) {
      const segments = await allSegments(hit.conversation.id);
      for (const segment of segments.filter((s) => s.seq >= 6)) {
        const words = segment.text.match(/[A-Za-z]{5,}/g) ?? [];
        if (words.length < 3) continue;
        const phrase = words.slice(0, 3).join(" ");
        if (!segment.text.includes(phrase)) continue;
        const found = await apiFetch<SearchResponse>(
          worker.baseUrl,
          token,
          `/api/v1/search?q=${encodeURIComponent(`"${phrase}"`)}&limit=5`,
        );
        const first = found.hits[0];
        if (first?.conversation.id === hit.conversation.id && first.segment.seq === segment.seq)
          return { conversationId: hit.conversation.id, title: hit.conversation.title, segment, phrase, segments };
      }
    }
  }
  throw new Error("no seeded segment with a phrase that search ranks first");
}

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
  target = await pickTarget();

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

async function openExtensionPage(name: string, path: string, size = { width: 1100, height: 800 }): Promise<Page> {
  const page = await extension.context.newPage();
  page.setDefaultTimeout(10_000);
  onTestFailed(async () => {
    await screenshot(page, `${name}-failed`);
  });
  await page.setViewportSize(size);
  await page.goto(`chrome-extension://${extension.extensionId}${path}`);
  return page;
}

/** The segment the viewer marks, and whether it is inside the window. */
async function markedSegment(page: Page) {
  const hit = page.getByRole("region", { name: "Transcript" }).locator("li[aria-current='true']");
  await hit.waitFor();
  expect(await hit.count()).toBe(1);
  await expect
    .poll(() =>
      hit.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight;
      }),
    )
    .toBe(true);
  return hit;
}

describe("conversation search and the transcript viewer", () => {
  it("finds a seeded phrase from the popup's search mode and opens the viewer at the quoted segment", async () => {
    const popup = await openExtensionPage("search-popup", "/popup.html", { width: 360, height: 600 });
    // Keyboard only: Tab to the mode toggle, Enter; focus moves into the new box; type the phrase.
    const box = popup.getByRole("combobox", { name: "Search conversations" });
    await popup.getByRole("combobox", { name: "Search accounts" }).waitFor();
    await tabTo(popup, (f) => f.tag === "button" && f.text === "Search conversations");
    await popup.keyboard.press("Enter");
    const toggle = popup.getByRole("button", { name: "Search conversations" });
    expect(await toggle.getAttribute("aria-pressed")).toBe("true");
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    await popup.keyboard.type(`"${target.phrase}"`);
    await popup.getByRole("heading", { name: "Matching moments" }).waitFor();
    const first = popup.getByRole("option").first();
    expect(await first.getAttribute("aria-selected")).toBe("true");
    expect(await first.textContent()).toContain(target.title);
    // The phrase is marked with <mark> elements built from the highlight ranges.
    const marked = (await first.locator("mark").allTextContents()).join(" ").toLowerCase();
    for (const word of target.phrase.toLowerCase().split(" ")) expect(marked).toContain(word);
    await screenshot(popup, "search-popup-hits");

    const [viewer] = await Promise.all([extension.context.waitForEvent("page"), box.press("Enter")]);
    await viewer.setViewportSize({ width: 1100, height: 800 });
    await viewer.waitForURL(/\/transcript\.html\?/);
    const url = new URL(viewer.url());
    expect(url.searchParams.get("conversationId")).toBe(target.conversationId);
    expect(url.searchParams.get("seg")).toBe(String(target.segment.seq));
    const hit = await markedSegment(viewer);
    expect(await hit.getAttribute("id")).toBe(`seg-${target.segment.seq}`);
    expect(await hit.locator(".text").textContent()).toBe(target.segment.text);
    await screenshot(viewer, "viewer-at-search-hit");
    await viewer.close();
    await popup.close();
  });

  it("the search page filters and links each hit to the viewer at its segment", async () => {
    const page = await openExtensionPage("search-page", `/search.html?q=${encodeURIComponent(`"${target.phrase}"`)}`);
    const results = page.getByRole("region", { name: `Results for “"${target.phrase}"”` });
    await results.waitFor();
    const link = results.getByRole("link", { name: target.title }).first();
    expect(await link.getAttribute("href")).toContain(
      `conversationId=${target.conversationId}&seg=${target.segment.seq}`,
    );
    await screenshot(page, "search-page");
    // A kind whose conversations never say the phrase (asked of the API): the filter leaves nothing.
    let emptyKind = "";
    for (const kind of ["email", "chat", "call", "meeting"]) {
      const { hits } = await apiFetch<SearchResponse>(
        worker.baseUrl,
        token,
        `/api/v1/search?q=${encodeURIComponent(`"${target.phrase}"`)}&source=${kind}`,
      );
      if (hits.length === 0) {
        emptyKind = kind;
        break;
      }
    }
    expect(emptyKind).not.toBe("");
    await page.getByLabel("Kind").selectOption(emptyKind);
    await page.getByText(/Nothing said matches/).waitFor();
    await page.getByLabel("Kind").selectOption("");
    await results.getByRole("link", { name: target.title }).first().click();
    await page.waitForURL(/\/transcript\.html\?/);
    await markedSegment(page);
    await page.close();
  });

  it("find-in-transcript counts the matches and steps through them; Download VTT yields a parseable file", async () => {
    const word = target.phrase.split(" ")[0] ?? "";
    const needle = word.toLowerCase();
    const expected = target.segments.reduce((n, s) => n + s.text.toLowerCase().split(needle).length - 1, 0);
    expect(expected).toBeGreaterThan(0);

    const page = await openExtensionPage("viewer-find", `/transcript.html?conversationId=${target.conversationId}`);
    await page.getByRole("region", { name: "Transcript" }).waitFor();
    await page.getByRole("searchbox", { name: "Find in transcript" }).fill(word);
    const status = page.locator(".find-count");
    const of = (n: number) => `${n} of ${expected} ${expected === 1 ? "match" : "matches"}`;
    await expect.poll(() => status.textContent()).toBe(of(1));
    expect(await page.locator(".segments mark").count()).toBe(expected);
    expect(await page.locator(".segments mark.current").count()).toBe(1);
    await page.getByRole("searchbox", { name: "Find in transcript" }).press("Enter");
    await expect.poll(() => status.textContent()).toBe(of(expected > 1 ? 2 : 1));
    await page.getByRole("button", { name: "Previous match" }).click();
    await expect.poll(() => status.textContent()).toBe(of(1));
    await screenshot(page, "viewer-find");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download VTT" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.vtt$/);
    const path = await download.path();
    const vtt = readFileSync(path, "utf8");
    const parsed = nodeWebvtt.parse(vtt, { strict: true });
    expect(parsed.valid).toBe(true);
    expect(parsed.cues).toHaveLength(target.segments.length);
    const cue = parsed.cues[target.segment.seq];
    expect(cue?.start).toBeCloseTo(target.segment.startMs / 1000, 3);
    expect(cue?.text).toContain(target.phrase);

    // Chromium's own WebVTT parser reads it too (a <track> of the downloaded text).
    const cues = await page.evaluate(async (text) => {
      const video = document.createElement("video");
      const track = document.createElement("track");
      track.kind = "subtitles";
      track.src = URL.createObjectURL(new Blob([text], { type: "text/vtt" }));
      track.default = true;
      video.append(track);
      document.body.append(video);
      track.track.mode = "hidden";
      await new Promise((resolve, reject) => {
        track.addEventListener("load", resolve);
        track.addEventListener("error", () => reject(new Error("Chromium refused the VTT")));
      });
      const count = track.track.cues?.length ?? 0;
      video.remove();
      return count;
    }, vtt);
    expect(cues).toBe(target.segments.length);
    await page.close();
  });

  it("an insight's Jump to scrolls to its moment and puts it in the URL", async () => {
    const detail = await apiFetch<ConversationDetail>(
      worker.baseUrl,
      token,
      `/api/v1/conversations/${target.conversationId}?limit=1`,
    );
    const insight = detail.insights.find((i) => i.startMs !== null && i.startMs > 0);
    if (!insight || insight.startMs === null)
      throw new Error("the picked demo conversation has no insight at a moment");
    const page = await openExtensionPage("viewer-jump", `/transcript.html?conversationId=${target.conversationId}`);
    await page
      .getByRole("region", { name: "Insights" })
      .getByRole("button", { name: /^Jump to / })
      .first()
      .waitFor();
    const first = page
      .getByRole("region", { name: "Insights" })
      .getByRole("button", { name: /^Jump to / })
      .first();
    const label = (await first.getAttribute("aria-label")) ?? "";
    const startMs = detail.insights.find((i) => i.startMs !== null && label.endsWith(i.text))?.startMs ?? null;
    await first.click();
    await markedSegment(page);
    await expect.poll(() => new URL(page.url()).searchParams.get("t")).toBe(startMs === null ? null : String(startMs));
    await page.close();
  });
});
