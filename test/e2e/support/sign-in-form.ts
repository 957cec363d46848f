import { createServer } from "node:net";
import type { Page } from "playwright-core";
import { expect } from "vitest";

/**
 * Fills the popup's or options page's sign-in form and submits it. Fills until both fields hold what
 * was typed: under load CI once saw a sign-in sent to the default backend URL, as if the form had
 * re-rendered just after the fill (not reproduced in 40 probed loads under CPU load).
 */
export async function submitSignIn(page: Page, backendUrl: string, token: string): Promise<void> {
  const url = page.getByLabel("Backend URL");
  const apiToken = page.getByLabel("API token");
  await expect
    .poll(async () => {
      await url.fill(backendUrl);
      await apiToken.fill(token);
      return `${await url.inputValue()} ${await apiToken.inputValue()}`;
    })
    .toBe(`${backendUrl} ${token}`);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Waits for an alert containing `text`; a failure names the alerts that were shown instead. */
export async function expectAlert(page: Page, text: string): Promise<void> {
  await expect
    .poll(() => page.getByRole("alert").allTextContents(), { timeout: 10_000 })
    .toContainEqual(expect.stringContaining(text));
}

/** A loopback URL nothing listens on: a port the OS just handed out and took back. */
export async function unreachableBackendUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no TCP port was assigned");
  return `http://127.0.0.1:${address.port}`;
}
