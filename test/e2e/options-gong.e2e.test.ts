/// <reference types="chrome" />
import type { CreateOrgResponse } from "@sightline/shared";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { type FakeGong, startFakeGong } from "../fakes/fake-gong.ts";
import { createOrg } from "../support/api.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { type LoadedExtension, launchExtension } from "./support/launch-extension.ts";
import { screenshot } from "./support/screenshot.ts";
import { submitSignIn } from "./support/sign-in-form.ts";

/**
 * The options page's Gong card in Chromium against a real `wrangler dev` and a fake Gong: an admin
 * pastes an access key and secret, the backend checks them with Gong and starts the backfill, and the
 * card shows its progress (a progress bar and counts) until every call is imported.
 */
let gong: FakeGong;
let worker: LocalWorker;
let extension: LoadedExtension;
let org: CreateOrgResponse;

beforeAll(async () => {
  gong = await startFakeGong();
  gong.setCallsPageSize(2);
  for (let i = 0; i < 5; i++)
    gong.addCall({
      id: `55${i}`,
      title: `Globex call ${i}`,
      started: new Date(Date.now() - (i + 1) * 86_400_000).toISOString(),
      duration: 600,
      parties: [
        { id: "a", emailAddress: "ada@ourco.com", name: "Ada Admin", speakerId: "sa", affiliation: "Internal" },
        { id: "g", emailAddress: "gina@globex.com", name: "Gina Globex", speakerId: "sg", affiliation: "External" },
      ],
      transcript: [
        { speakerId: "sa", sentences: [{ start: 0, end: 2000, text: "Thanks for the time today." }] },
        { speakerId: "sg", sentences: [{ start: 2500, end: 6000, text: "The rollout is going well so far." }] },
      ],
    });
  const [started, launched] = await Promise.allSettled([
    startLocalWorker({ vars: { GONG_API_BASE: gong.url, GONG_OAUTH_BASE: gong.url, INGEST_RETRY_BASE_SECONDS: "1" } }),
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
});

afterAll(async () => {
  await Promise.allSettled([extension?.close(), worker?.stop(), gong?.close()]);
});

describe("options page: Gong card", () => {
  it("connects Gong with an access key and shows the backfill's progress", async () => {
    const page = await extension.context.newPage();
    page.setDefaultTimeout(15_000);
    onTestFailed(async () => {
      await screenshot(page, "options-gong-failed");
    });
    await page.goto(`chrome-extension://${extension.extensionId}/options.html`);
    await page.evaluate(() => chrome.runtime.sendMessage({ type: "signOut" }));
    await page.reload();
    await submitSignIn(page, worker.baseUrl, org.apiToken.token);
    const card = page.getByRole("region", { name: "Gong" });
    await card.getByText("Not connected").waitFor();

    const form = card.getByRole("form", { name: "Connect Gong with an access key" });
    await form.getByLabel("Access key", { exact: true }).fill(gong.accessKey);
    await form.getByLabel("Access key secret").fill("not-the-secret");
    await form.getByRole("button", { name: "Connect with key" }).click();
    await card.getByRole("alert").filter({ hasText: "Gong refused the credentials" }).waitFor();

    await form.getByLabel("Access key secret").fill(gong.accessKeySecret);
    await form.getByRole("button", { name: "Connect with key" }).click();
    await card.getByText("Gong is connected; its calls are being imported.").waitFor();
    // The company is named by its first workspace (GET /v2/workspaces).
    await card.getByText(/^Connected as ws:623457276584334/).waitFor();

    // Refresh until the backfill is done: the bar and the counts come from GET /connections.
    await expect
      .poll(
        async () => {
          await page.getByRole("button", { name: "Refresh" }).click();
          return card
            .locator(".sync-progress .muted")
            .textContent({ timeout: 2000 })
            .catch(() => "");
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toContain("5 found · 5 imported · 0 discarded · 0 failed");
    const bar = card.getByRole("progressbar", { name: "Calls processed" });
    expect(await bar.getAttribute("value")).toBe("5");
    expect(await bar.getAttribute("max")).toBe("5");
    expect(await card.locator(".sync-progress .muted").textContent()).toContain("last sync");
    await screenshot(page, "options-gong-progress");
    await page.close();
  });
});
