import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";

/** artifacts/ at the repository root is gitignored; CI can upload it when a test fails. */
const ARTIFACTS_DIR = fileURLToPath(new URL("../../../artifacts/e2e/", import.meta.url));

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = `${ARTIFACTS_DIR}${name}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}
