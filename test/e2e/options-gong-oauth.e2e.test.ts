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
 * The options page's Gong card connects by OAuth in Chromium, against a real `wrangler dev` and a
 * fake Gong: "Connect Gong" opens the backend's begin page in a new tab, which sets the browser
 * binding cookie and goes on to Gong's authorize page; the fake consents at once and redirects back
 * to the callback, which connects the company (named by its workspaces) and starts the backfill.
 * Back on the options page the card shows the connection and the backfill's progress.
 */
let gong: FakeGong;
let worker: LocalWorker;
let extension: LoadedExtension;
let org: CreateOrgResponse;

beforeAll(async () => {
  gong = await startFakeGong();
  gong.setCallsPageSize(2);
  for (let i = 0; i < 3; i++)
    gong.addCall({
      id: `66${i}`,
      title: `Globex call ${i}`,
      started: new Date(Date.now() - (i + 1) * 86_400_000).toISOString(),
      duration: 600,
      parties: [
        { id: "a", emailAddress: "ada@ourco.com", name: "Ada Admin", speakerId: "sa", affiliation: "Internal" },
        { id: "g", emailAddress: "gina@globex.com", name: "Gina Globex", speakerId: "sg", affiliation: "External" },
      ],
      transcript: [
        { speakerId: "sa", sentences: [{ start: 0, end: 2000, text: "Thanks for joining the review." }] },
        { speakerId: "sg", sentences: [{ start: 2500, end: 6000, text: "We want to expand to two more teams." }] },
      ],
    });
  const [started, launched] = await Promise.allSettled([
    startLocalWorker({
      vars: {
        GONG_API_BASE: gong.url,
        GONG_OAUTH_BASE: gong.url,
        GONG_CLIENT_ID: gong.clientId,
        GONG_CLIENT_SECRET: gong.clientSecret,
        INGEST_RETRY_BASE_SECONDS: "1",
      },
    }),
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

describe("options page: Gong card, OAuth", () => {
  it("connects Gong through its authorize page in a new tab and shows the backfill's progress", async () => {
    const page = await extension.context.newPage();
    page.setDefaultTimeout(15_000);
    onTestFailed(async () => {
      await screenshot(page, "options-gong-oauth-failed");
    });
    await page.goto(`chrome-extension://${extension.extensionId}/options.html`);
    await page.evaluate(() => chrome.runtime.sendMessage({ type: "signOut" }));
    await page.reload();
    await submitSignIn(page, worker.baseUrl, org.apiToken.token);
    const card = page.getByRole("region", { name: "Gong" });
    await card.getByText("Not connected").waitFor();

    const opened = extension.context.waitForEvent("page", { timeout: 10_000 });
    await card.getByRole("button", { name: "Connect Gong" }).click();
    await card.getByText("Finish connecting in the Gong tab; this page updates when you come back.").waitFor();
    const gongTab = await opened;
    await gongTab.getByText("Gong is connected to Sightline. You can close this tab.").waitFor();
    expect(new URL(gongTab.url()).pathname).toBe("/oauth/gong/callback");
    // The tab went through the backend's begin page to Gong's authorize page, asking for the scopes
    // the pull and the company's identity need, and came back to this backend's callback.
    const authorize = gong.requests.filter((r) => r.path === "/oauth2/authorize");
    expect(authorize).toHaveLength(1);
    expect(authorize[0]?.query?.redirect_uri).toBe(`${worker.baseUrl}/oauth/gong/callback`);
    expect(authorize[0]?.query?.scope?.split(" ")).toEqual(
      expect.arrayContaining(["api:calls:read:extensive", "api:calls:read:transcript", "api:workspaces:read"]),
    );
    expect(gong.requests.some((r) => r.path === "/v2/calls" && r.auth === "bearer")).toBe(true);
    await screenshot(gongTab, "options-gong-oauth-tab");
    await gongTab.close();

    await page.bringToFront();
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
      .toContain("3 found · 3 imported · 0 discarded · 0 failed");
    await card.getByText(/^Connected as ws:623457276584334/).waitFor();
    const bar = card.getByRole("progressbar", { name: "Calls processed" });
    expect(await bar.getAttribute("value")).toBe("3");
    expect(await bar.getAttribute("max")).toBe("3");
    await card.getByRole("button", { name: "Reconnect Gong" }).waitFor();
    await screenshot(page, "options-gong-oauth-progress");
    await page.close();
  });
});
