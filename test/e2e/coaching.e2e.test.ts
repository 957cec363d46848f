/// <reference types="chrome" />
import type { MeResponse, RepCoaching, User } from "@sightline/shared";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { seedDemo } from "../../scripts/demo/seed-demo.ts";
import { apiFetch } from "../support/api.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { type LoadedExtension, launchExtension } from "./support/launch-extension.ts";
import { screenshot } from "./support/screenshot.ts";

/**
 * The coaching page in Chromium against a real `wrangler dev` seeded with the demo organization
 * (whose seed writes each call's coaching figures as the analysis does): the popup's Coaching button
 * opens the signed-in admin's coaching, a tip's quote opens the transcript at its moment, and the rep
 * picker shows another rep's calls.
 */
let worker: LocalWorker;
let extension: LoadedExtension;
let token = "";
let me: MeResponse;
let users: User[] = [];

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
  me = await apiFetch<MeResponse>(worker.baseUrl, token, "/api/v1/me");
  users = (await apiFetch<{ users: User[] }>(worker.baseUrl, token, "/api/v1/users")).users;

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

function watch(page: Page, name: string): Page {
  page.setDefaultTimeout(10_000);
  onTestFailed(async () => {
    await screenshot(page, `${name}-failed`);
  });
  return page;
}

const coachingOf = (userId: string, period = "90d") =>
  apiFetch<RepCoaching>(worker.baseUrl, token, `/api/v1/reps/${userId}/coaching?period=${period}`);

/** "m:ss" (or "h:mm:ss") as the pages print it. */
function clock(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

describe("coaching page", () => {
  it("opens from the popup with the signed-in user's figures and calls, and changes period", async () => {
    const expected = await coachingOf(me.user.id);
    expect(expected.callCount).toBeGreaterThan(0);
    expect(expected.callsWithStats).toBe(expected.callCount);

    const popup = watch(await extension.context.newPage(), "coaching-popup");
    await popup.goto(`chrome-extension://${extension.extensionId}/popup.html`);
    const [page] = await Promise.all([
      extension.context.waitForEvent("page"),
      popup.getByRole("button", { name: "Coaching" }).click(),
    ]);
    watch(page, "coaching-page");
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.waitForURL(/\/coaching\.html$/);
    await page.getByRole("heading", { name: `Coaching: ${me.user.name}`, level: 1 }).waitFor();
    await expect.poll(() => page.title()).toBe(`Coaching: ${me.user.name} · Sightline`);
    expect(await page.getByRole("button", { name: "Last 90d" }).getAttribute("aria-pressed")).toBe("true");

    const figures = page.getByRole("region", { name: "Figures" });
    const talk = figures.getByRole("listitem", { name: "Talk ratio (our side)" });
    const ratio = expected.metrics.talkRatio.average;
    if (ratio !== null) await talk.getByText(`${Math.round(ratio * 100)}%`, { exact: true }).waitFor();
    await figures.getByRole("img", { name: "Talk ratio (our side) by week" }).waitFor();

    const calls = page.getByRole("region", { name: "Calls" });
    expect(await calls.locator("tbody tr").count()).toBe(expected.calls.length);
    for (const c of expected.calls) await calls.getByRole("button", { name: c.title, exact: true }).waitFor();
    await screenshot(page, "coaching");

    // The period selector asks again.
    const all = await coachingOf(me.user.id, "all");
    await page.getByRole("button", { name: "All time" }).click();
    await expect.poll(() => page.getByRole("button", { name: "All time" }).getAttribute("aria-pressed")).toBe("true");
    await expect.poll(() => calls.locator("tbody tr").count()).toBe(all.calls.length);
    await page.close();
    await popup.close();
  });

  it("lets the admin pick another rep; a tip's quote opens the transcript at its moment", async () => {
    // A rep other than the admin with a tip at a moment over all time (the demo's discovery call has some).
    let found: { rep: User; coaching: RepCoaching; example: RepCoaching["tips"][number]["examples"][number] } | null =
      null;
    for (const rep of users.filter((u) => u.id !== me.user.id)) {
      const coaching = await coachingOf(rep.id, "all");
      const example = coaching.tips.flatMap((t) => t.examples).find((e) => e.startMs !== null && e.startMs > 0);
      if (example) {
        found = { rep, coaching, example };
        break;
      }
    }
    if (!found || found.example.startMs === null) throw new Error("no demo rep has a tip at a moment");
    const { rep, coaching, example } = found;
    const startMs = found.example.startMs;

    const page = watch(await extension.context.newPage(), "coaching-picker");
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.goto(`chrome-extension://${extension.extensionId}/coaching.html`);
    await page.getByRole("heading", { name: `Coaching: ${me.user.name}`, level: 1 }).waitFor();
    await page.getByLabel("Rep").selectOption(rep.id);
    await page.getByRole("heading", { name: `Coaching: ${rep.name}`, level: 1 }).waitFor();
    await page.getByRole("button", { name: "All time" }).click();
    const calls = page.getByRole("region", { name: "Calls" });
    await expect.poll(() => calls.locator("tbody tr").count()).toBe(coaching.calls.length);
    for (const c of coaching.calls) {
      const row = calls.locator("tbody tr").filter({ has: page.getByRole("button", { name: c.title, exact: true }) });
      await row.getByText(c.role, { exact: false }).first().waitFor();
    }
    const tips = page.getByRole("region", { name: "Tips" });
    const item = tips
      .locator(".examples li")
      .filter({ hasText: example.quote ?? example.tip })
      .first();
    await item.waitFor();
    await screenshot(page, "coaching-rep-tips");

    const [opened] = await Promise.all([
      extension.context.waitForEvent("page"),
      item.getByRole("button", { name: `Open transcript at ${clock(startMs)}` }).click(),
    ]);
    await opened.waitForURL(/\/transcript\.html\?/);
    const url = new URL(opened.url());
    expect(url.searchParams.get("conversationId")).toBe(example.conversationId);
    expect(url.searchParams.get("t")).toBe(String(startMs));
    await opened.getByRole("region", { name: "Transcript" }).locator("li[aria-current='true']").waitFor();
    await opened.close();
    await page.close();
  });
});
