import { browser } from "wxt/browser";
import { ok, type Result } from "../../shared/messages.ts";

/**
 * The sidebar's "Sign in" button: content scripts can open neither the popup nor the options page
 * themselves. Opens the options page when the extension has one, else the popup's page in a tab.
 */
export async function openSignIn(): Promise<Result<true>> {
  const manifest = browser.runtime.getManifest();
  if (manifest.options_ui || manifest.options_page) await browser.runtime.openOptionsPage();
  else await browser.tabs.create({ url: browser.runtime.getURL("/popup.html") });
  return ok(true);
}
