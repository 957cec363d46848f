import { browser } from "wxt/browser";
import { SESSION_CHANGED_KEY } from "../shared/session-signal.ts";

/**
 * Calls `then` whenever the user signs in or out anywhere (popup, options page, a 401 seen by the
 * background). The background bumps a marker in storage.local that carries no secret, so content
 * scripts, which may read storage.local but not storage.session where the token lives, hear it too.
 * Returns the unsubscribe.
 */
export function onSessionChange(then: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === "local" && SESSION_CHANGED_KEY in changes) then();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
