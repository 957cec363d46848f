/// <reference types="chrome" />
import { readFileSync } from "node:fs";
import type { CreateOrgResponse } from "@sightline/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiFetch, createOrg } from "../support/api.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { contentScriptWorld } from "./support/content-script-world.ts";
import { type LoadedExtension, launchExtension } from "./support/launch-extension.ts";
import { submitSignIn } from "./support/sign-in-form.ts";

/**
 * What a compromised host page could do through the sidebar's content script, tried from that
 * content script's own world in Chromium: read the API token (no: it lives in storage.session, which
 * is closed to content scripts), or make the background sign in elsewhere, sign out or read the
 * session (no: the background's allow-list refuses). The sidebar's one question still works.
 */
let worker: LocalWorker;
let extension: LoadedExtension;
let org: CreateOrgResponse;

const fixture = (name: string) =>
  readFileSync(new URL(`../../extension/src/host-pages/fixtures/${name}`, import.meta.url), "utf8");

beforeAll(async () => {
  const [started, launched] = await Promise.allSettled([startLocalWorker(), launchExtension()]);
  if (started.status === "fulfilled") worker = started.value;
  if (launched.status === "fulfilled") extension = launched.value;
  for (const result of [launched, started]) if (result.status === "rejected") throw result.reason;
  org = await createOrg(worker.baseUrl, worker.operatorToken, {
    name: "OurCo",
    domains: ["ourco.com"],
    admin: { email: "ada@ourco.com", name: "Ada Admin" },
  });
  await apiFetch(worker.baseUrl, org.apiToken.token, "/api/v1/accounts", {
    body: { name: "Globex Corporation", domains: ["globex.com"] },
  });
});

afterAll(async () => {
  await Promise.allSettled([extension?.close(), worker?.stop()]);
});

describe("extension hardening, from a content script's world", () => {
  it("cannot read the token, sign in elsewhere, sign out or read the session; may look the page up", async () => {
    const popup = await extension.context.newPage();
    await popup.goto(`chrome-extension://${extension.extensionId}/popup.html`);
    await submitSignIn(popup, worker.baseUrl, org.apiToken.token);
    await popup.getByRole("heading", { name: "My accounts" }).waitFor({ timeout: 10_000 });
    await popup.close();

    const page = await extension.context.newPage();
    page.setDefaultTimeout(10_000);
    await page.route("https://app.hubspot.com/**", (route) =>
      route.fulfill({ contentType: "text/html", body: fixture("hubspot-company.html") }),
    );
    await page.goto("https://app.hubspot.com/contacts/4412345/record/0-2/18011223344");
    await page.locator("sightline-sidebar").getByRole("heading", { name: "Globex Corporation" }).waitFor();

    const world = await contentScriptWorld(page, extension.extensionId);
    // The world is the content script's: it has the extension APIs a content script gets.
    expect(await world.evaluate("typeof chrome.runtime.sendMessage")).toBe("function");

    const session = await world.evaluate<{ ok: boolean; message?: string }>(
      "chrome.storage.session.get(null).then(() => ({ ok: true }), (e) => ({ ok: false, message: e.message }))",
    );
    expect(session).toEqual({ ok: false, message: expect.stringMatching(/not allowed from this context/) });
    const local = await world.evaluate<string>("chrome.storage.local.get(null).then((v) => JSON.stringify(v))");
    expect(local).not.toContain(org.apiToken.token);
    expect(local).not.toContain("ada@ourco.com");

    const send = (message: object) =>
      world.evaluate<{ ok: boolean; error?: { kind: string } }>(
        `chrome.runtime.sendMessage(${JSON.stringify(message)})`,
      );
    for (const message of [
      { type: "signIn", backendUrl: "https://attacker.example", token: "sl_attacker" },
      { type: "signIn", token: "sl_attacker" },
      { type: "signOut" },
      { type: "getSession" },
      { type: "getConnections" },
    ]) {
      expect(await send(message), message.type).toMatchObject({ ok: false, error: { kind: "invalid" } });
    }
    expect(await send({ type: "lookupAccount", candidates: [{ domain: "globex.com" }] })).toMatchObject({
      ok: true,
      value: { account: { name: "Globex Corporation" } },
    });
    await world.detach();

    // Still signed in to the same backend with the same token.
    const session2 = await extension.serviceWorker.evaluate(() => chrome.storage.session.get(null));
    expect(JSON.stringify(session2)).toContain(org.apiToken.token);
    const stored = await extension.serviceWorker.evaluate(() => chrome.storage.local.get("session"));
    expect(stored).toEqual({ session: { backendUrl: worker.baseUrl } });
    await page.close();
  });
});
