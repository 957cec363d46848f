/// <reference types="chrome" />
import type { CreateOrgResponse, CreateUserResponse, Profile } from "@sightline/shared";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { runWrangler } from "../../scripts/lib/local-stack.ts";
import { type FakeZoom, startFakeZoom } from "../fakes/fake-zoom.ts";
import { apiFetch, createOrg } from "../support/api.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { type LoadedExtension, launchExtension } from "./support/launch-extension.ts";
import { screenshot } from "./support/screenshot.ts";
import { expectAlert, submitSignIn } from "./support/sign-in-form.ts";

/**
 * The built options page in Chromium against a real `wrangler dev`: sign in, profile and connection
 * status, Disconnect with its confirmation, Connect Zoom, sign out. Connection rows are inserted into
 * the worker's local D1 directly (the same file wrangler dev serves). Connect Zoom runs the real
 * per-user OAuth against a fake Zoom in which this Chromium is signed in as the admin: the tab the
 * extension opens gets the begin page's binding cookie, consents at "Zoom" and completes the callback.
 */
const ADA_ZOOM = { userId: "zoom-ada", accountId: "zacct_e2e", email: "Ada@OurCo.com" };
const ZOOM_APP = { clientId: "e2e-user-client", clientSecret: "e2e-user-secret", accountId: "unused" };
let fakeZoom: FakeZoom;
let worker: LocalWorker;
let extension: LoadedExtension;
let org: CreateOrgResponse;

async function sql(command: string): Promise<void> {
  await runWrangler(
    ["d1", "execute", "DB", "--local", "--persist-to", worker.persistDir, "--command", command],
    `${worker.persistDir}/..`,
    { quiet: true },
  );
}

beforeAll(async () => {
  fakeZoom = await startFakeZoom([ZOOM_APP]);
  const [started, launched] = await Promise.allSettled([
    startLocalWorker({
      vars: {
        ZOOM_OAUTH_BASE: fakeZoom.url,
        ZOOM_API_BASE: `${fakeZoom.url}/v2`,
        ZOOM_CLIENT_ID: ZOOM_APP.clientId,
        ZOOM_CLIENT_SECRET: ZOOM_APP.clientSecret,
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
  const now = Date.now();
  await sql(
    "INSERT INTO connections (id, organization_id, provider, scope, user_id, external_account_id, external_user_id, status, last_error, created_at, updated_at) VALUES " +
      `('con_e2e_zoom', '${org.org.id}', 'zoom', 'user', '${org.admin.id}', 'zacct_e2e', 'ada@ourco.com', 'active', NULL, ${now}, ${now}), ` +
      `('con_e2e_gong', '${org.org.id}', 'gong', 'account', NULL, 'gong_e2e', NULL, 'error', 'Gong rejected the access key (401)', ${now}, ${now})`,
  );
});

afterAll(async () => {
  await Promise.allSettled([extension?.close(), worker?.stop(), fakeZoom?.close()]);
});

/** A fresh options tab, signed out. */
async function openOptions(name: string): Promise<Page> {
  const page = await extension.context.newPage();
  page.setDefaultTimeout(10_000);
  onTestFailed(async () => {
    await screenshot(page, `options-${name}-failed`);
  });
  await page.goto(`chrome-extension://${extension.extensionId}/options.html`);
  await page.evaluate(() => chrome.runtime.sendMessage({ type: "signOut" }));
  await page.reload();
  await page.getByRole("button", { name: "Sign in" }).waitFor();
  return page;
}

describe("options page", () => {
  it("is the page the sidebar's Sign in opens", async () => {
    const page = await extension.context.newPage();
    await page.goto(`chrome-extension://${extension.extensionId}/popup.html`);
    const opened = extension.context.waitForEvent("page", {
      predicate: (p) => p.url().endsWith("/options.html"),
      timeout: 10_000,
    });
    expect(await page.evaluate(() => chrome.runtime.sendMessage({ type: "openSignIn" }))).toEqual({
      ok: true,
      value: true,
    });
    const options = await opened;
    await options.getByRole("heading", { name: "Sightline settings" }).waitFor();
    await options.close();
    await page.close();
  });

  it("refuses a plain-http backend that is not loopback, before asking anyone", async () => {
    const page = await openOptions("http");
    await submitSignIn(page, "http://sightline.example.com", "sl_whatever");
    await page
      .getByRole("alert")
      .filter({ hasText: "Use an https:// backend URL (plain http only works for 127.0.0.1 and localhost)" })
      .waitFor();
    await page.close();
  });

  it("signs in, shows profile and connections, disconnects after confirming, and signs out", async () => {
    const page = await openOptions("flow");
    await submitSignIn(page, worker.baseUrl, "sl_not_a_real_token");
    await expectAlert(page, "That token was not accepted");

    await submitSignIn(page, worker.baseUrl, org.apiToken.token);
    const account = page.getByRole("region", { name: "Account", exact: true });
    await account.getByText("Ada Admin").waitFor();
    await account.getByText("OurCo", { exact: true }).waitFor();
    await account.getByText(worker.baseUrl).waitFor();
    await account.getByText("Transcript intake: on (default)").waitFor();

    const zoom = page.getByRole("region", { name: "Zoom", exact: true });
    const gong = page.getByRole("region", { name: "Gong" });
    await zoom.getByText("Connected as ada@ourco.com").waitFor();
    await gong.getByText("Error: Gong rejected the access key (401)").waitFor();
    // Admins reconnect Gong (OAuth) or paste an access key; the Gong card's own e2e connects it.
    expect(await gong.getByRole("button", { name: "Reconnect Gong" }).isDisabled()).toBe(false);
    await gong.getByRole("form", { name: "Connect Gong with an access key" }).waitFor();
    await screenshot(page, "options-signed-in");

    // Disconnect asks first; Escape (or Cancel) changes nothing and gives focus back to Disconnect.
    await zoom.getByRole("button", { name: "Disconnect" }).click();
    const cancel = zoom.getByRole("button", { name: "Cancel" });
    await expect.poll(() => cancel.evaluate((el) => el === document.activeElement)).toBe(true);
    await screenshot(page, "options-confirm-disconnect");
    await page.keyboard.press("Escape");
    await expect
      .poll(() => zoom.getByRole("button", { name: "Disconnect" }).evaluate((el) => el === document.activeElement))
      .toBe(true);
    const stillConnected = await apiFetch<{ connections: { id: string; status: string }[] }>(
      worker.baseUrl,
      org.apiToken.token,
      "/api/v1/connections",
    );
    expect(stillConnected.connections.find((c) => c.id === "con_e2e_zoom")?.status).toBe("active");

    // Keyboard only: Enter opens the confirmation, Tab back to "Yes, disconnect", Enter confirms.
    // Wait for each focus move before the next key: under load the UI can lag the keyboard.
    await page.keyboard.press("Enter");
    await expect.poll(() => cancel.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press("Shift+Tab");
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? "")).toContain("disconnect");
    await page.keyboard.press("Enter");
    await zoom.getByText("Disconnected").waitFor();
    expect(await zoom.getByRole("button", { name: "Disconnect" }).count()).toBe(0);
    const after = await apiFetch<{ connections: { id: string; status: string }[] }>(
      worker.baseUrl,
      org.apiToken.token,
      "/api/v1/connections",
    );
    expect(after.connections.find((c) => c.id === "con_e2e_zoom")?.status).toBe("disconnected");

    // Connect Zoom: the begin page opens in a new tab, which goes on to "Zoom" (signed in as Ada)
    // and back to the callback with the cookie the begin page set in this browser.
    await extension.context.addCookies([
      { name: "zoom_session", value: fakeZoom.sessionCookie(ADA_ZOOM).split("=")[1] ?? "", url: fakeZoom.url },
    ]);
    const tab = extension.context.waitForEvent("page", { timeout: 10_000 });
    await zoom.getByRole("button", { name: "Connect Zoom" }).click();
    await zoom.getByText("Finish connecting in the Zoom tab; this page updates when you come back.").waitFor();
    const zoomTab = await tab;
    await zoomTab.getByText("Zoom is connected to Sightline. You can close this tab.").waitFor();
    expect(new URL(zoomTab.url()).pathname).toBe("/oauth/zoom/callback");
    expect(fakeZoom.authorizeRequests.at(-1)?.redirect_uri).toBe(`${worker.baseUrl}/oauth/zoom/callback`);
    await screenshot(zoomTab, "options-zoom-connected-tab");
    await zoomTab.close();
    await page.getByRole("button", { name: "Refresh" }).click();
    await zoom.getByText(`Connected as ${ADA_ZOOM.userId}`).waitFor();
    await screenshot(page, "options-disconnected");

    // A profile with intake off shows up after Refresh.
    const profile = await apiFetch<Profile>(worker.baseUrl, org.apiToken.token, "/api/v1/profiles", {
      body: { name: "EMEA", transcriptIntake: false },
      expectStatus: 201,
    });
    await apiFetch(worker.baseUrl, org.apiToken.token, `/api/v1/users/${org.admin.id}`, {
      method: "PATCH",
      body: { profileId: profile.id },
    });
    await page.getByRole("button", { name: "Refresh" }).click();
    await account.getByText("Transcript intake: off (profile EMEA)").waitFor();

    await account.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    expect(await page.getByLabel("Backend URL").inputValue()).toBe(worker.baseUrl);
    await screenshot(page, "options-signed-out");
    await page.close();
  });

  it("connects Zoom across sites (backend on localhost, Zoom on 127.0.0.1); a begin link another page opens is refused", async () => {
    const max = await apiFetch<CreateUserResponse>(worker.baseUrl, org.apiToken.token, "/api/v1/users", {
      body: { email: "max@ourco.com", name: "Max Member" },
      expectStatus: 201,
    });
    const maxZoom = { userId: "zoom-max", accountId: "zacct_e2e", email: "max@ourco.com" };
    await extension.context.addCookies([
      { name: "zoom_session", value: fakeZoom.sessionCookie(maxZoom).split("=")[1] ?? "", url: fakeZoom.url },
    ]);
    const localhost = worker.baseUrl.replace("127.0.0.1", "localhost");

    // A page on another site navigating this browser to a begin link (as a lure would) is refused
    // before any cookie is set, and the browser never reaches Zoom.
    const started = await fetch(`${worker.baseUrl}/oauth/zoom/start`, {
      headers: { authorization: `Bearer ${max.apiToken.token}` },
    });
    const { beginUrl } = (await started.json()) as { beginUrl: string };
    const lure = await extension.context.newPage();
    await lure.goto(`${fakeZoom.url}/a-page-on-another-site`);
    const authorizeCalls = fakeZoom.authorizeRequests.length;
    await lure.evaluate(
      (url) => {
        location.href = url;
      },
      beginUrl.replace(worker.baseUrl, localhost),
    );
    await lure.getByText("this link was opened from another web site").waitFor();
    expect(new URL(lure.url()).pathname).toBe("/oauth/zoom/begin");
    expect(fakeZoom.authorizeRequests.length).toBe(authorizeCalls);
    await lure.close();

    // The real thing, signed in against http://localhost: begin (localhost) -> Zoom (127.0.0.1, another
    // site) -> callback (localhost), which the SameSite=Lax cookie accompanies as a top-level GET.
    const page = await openOptions("zoom-cross-site");
    await submitSignIn(page, localhost, max.apiToken.token);
    await page.getByRole("region", { name: "Account", exact: true }).getByText("Max Member").waitFor();
    const zoom = page.getByRole("region", { name: "Zoom", exact: true });
    const tab = extension.context.waitForEvent("page", { timeout: 10_000 });
    await zoom.getByRole("button", { name: "Connect Zoom" }).click();
    const zoomTab = await tab;
    await zoomTab.getByText("Zoom is connected to Sightline. You can close this tab.").waitFor();
    expect(new URL(zoomTab.url()).origin).toBe(localhost);
    expect(fakeZoom.authorizeRequests.at(-1)?.redirect_uri).toBe(`${localhost}/oauth/zoom/callback`);
    await zoomTab.close();
    await page.getByRole("button", { name: "Refresh" }).click();
    await zoom.getByText(`Connected as ${maxZoom.userId}`).waitFor();
    await page.close();
  });
});
