/// <reference types="chrome" />
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LoadedExtension, launchExtension, PRODUCTION_EXTENSION_DIR } from "./support/launch-extension.ts";

/**
 * The build that ships (`wxt build`, built by the test command before this layer), loaded in Chromium:
 * its manifest grants no loopback host permission, and the sidebar's shadow root is closed, which the
 * other e2e files cannot see because they load the development build. Signed out, the sidebar still
 * mounts on a record page (it offers to sign in), so no backend is needed here.
 */
let extension: LoadedExtension;

const fixture = (name: string) =>
  readFileSync(new URL(`../../extension/src/host-pages/fixtures/${name}`, import.meta.url), "utf8");

beforeAll(async () => {
  extension = await launchExtension(PRODUCTION_EXTENSION_DIR);
});

afterAll(async () => {
  await extension?.close();
});

describe("the shipped build", () => {
  it("grants no loopback host permission; a local backend is only an optional one", async () => {
    const manifest = JSON.parse(readFileSync(`${PRODUCTION_EXTENSION_DIR}/manifest.json`, "utf8")) as {
      host_permissions: string[];
      optional_host_permissions: string[];
    };
    const loopback = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])/;
    expect(manifest.host_permissions.filter((p) => loopback.test(p))).toEqual([]);
    expect(manifest.host_permissions.every((p) => p.startsWith("https://"))).toBe(true);
    const granted = await extension.serviceWorker.evaluate(() =>
      chrome.permissions.contains({ origins: ["http://127.0.0.1:8787/*"] }),
    );
    expect(granted).toBe(false);
  });

  it("closes the sidebar's shadow root: the host page cannot reach into it", async () => {
    const page = await extension.context.newPage();
    page.setDefaultTimeout(10_000);
    await page.route("https://app.hubspot.com/**", (route) =>
      route.fulfill({ contentType: "text/html", body: fixture("hubspot-company.html") }),
    );
    await page.goto("https://app.hubspot.com/contacts/4412345/record/0-2/18011223344");
    await page.locator("sightline-sidebar").waitFor({ state: "attached" });
    // From the page's own script: no shadowRoot, and none of the sidebar's text in the document.
    expect(await page.evaluate(() => document.querySelector("sightline-sidebar")?.shadowRoot ?? null)).toBeNull();
    expect(await page.evaluate(() => document.body.innerText)).not.toContain("not signed in to Sightline");

    // DevTools sees through it: the root exists, is closed, and holds the sidebar.
    const cdp = await extension.context.newCDPSession(page);
    const { root } = (await cdp.send("DOM.getDocument", { depth: -1, pierce: true })) as { root: DomNode };
    const host = findNode(root, (n) => n.localName === "sightline-sidebar");
    expect(host?.shadowRoots?.map((r) => r.shadowRootType)).toEqual(["closed"]);
    await expect
      .poll(async () => {
        const { root: now } = (await cdp.send("DOM.getDocument", { depth: -1, pierce: true })) as { root: DomNode };
        const shadow = findNode(now, (n) => n.localName === "sightline-sidebar")?.shadowRoots?.[0];
        return shadow ? textOf(shadow) : "";
      })
      .toContain("You are not signed in to Sightline.");
    await cdp.detach();
    await page.close();
  });
});

type DomNode = {
  localName?: string;
  nodeValue?: string;
  nodeType: number;
  children?: DomNode[];
  shadowRoots?: Array<DomNode & { shadowRootType?: string }>;
};

function findNode(node: DomNode, match: (n: DomNode) => boolean): DomNode | undefined {
  if (match(node)) return node;
  for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
    const found = findNode(child, match);
    if (found) return found;
  }
  return undefined;
}

function textOf(node: DomNode): string {
  if (node.nodeType === 3) return node.nodeValue ?? "";
  return [...(node.children ?? []), ...(node.shadowRoots ?? [])].map(textOf).join("");
}
