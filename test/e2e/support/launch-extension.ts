import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium, type Worker } from "playwright-core";

/**
 * The development build (`wxt build --mode development`): it grants the loopback host permissions the
 * local Worker needs and opens the sidebar's shadow root so Playwright and axe can read it (the shipped
 * build closes it; see extension/src/build/flavour.ts).
 */
export const EXTENSION_DIR = fileURLToPath(new URL("../../../extension/.output/chrome-mv3-dev", import.meta.url));
/** The shipped build (`wxt build`), for the tests of what ships (test/e2e/production-build.e2e.test.ts). */
export const PRODUCTION_EXTENSION_DIR = fileURLToPath(
  new URL("../../../extension/.output/chrome-mv3", import.meta.url),
);

export interface LoadedExtension {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  close(): Promise<void>;
}

/**
 * Debian Chromium (headless; headful needs an X display) with the built extension loaded into a fresh
 * temporary profile. The e2e layer never builds: the test runner builds the extension first.
 */
export async function launchExtension(dir = EXTENSION_DIR): Promise<LoadedExtension> {
  if (!existsSync(`${dir}/manifest.json`)) {
    throw new Error(
      `No built extension at ${dir}. Build it first: npx -y pnpm@10.34.9 --filter @sightline/extension build:dev (or build, for the shipped one)`,
    );
  }
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(executablePath)) {
    throw new Error(
      `No Chromium at ${executablePath}. Install it (apt-get install -y chromium fonts-liberation) or set CHROMIUM_PATH.`,
    );
  }
  const context = await chromium.launchPersistentContext("", {
    executablePath,
    headless: true,
    args: [
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  try {
    const serviceWorker =
      context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker", { timeout: 15_000 }));
    // The id derives from the folder path (no manifest key), so read it from the worker's URL.
    const extensionId = new URL(serviceWorker.url()).host;
    return { context, extensionId, serviceWorker, close: () => context.close() };
  } catch (error) {
    await context.close();
    throw error;
  }
}
