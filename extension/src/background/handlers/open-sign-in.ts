import { browser } from "wxt/browser";
import { ok, type Result } from "../../shared/messages.ts";

/** The sidebar's "Sign in" button: content scripts cannot open the options page themselves. */
export async function openSignIn(): Promise<Result<true>> {
  await browser.runtime.openOptionsPage();
  return ok(true);
}
