import type { Org, User } from "@sightline/shared";
import { browser } from "wxt/browser";
import { DEFAULT_BACKEND_URL } from "../shared/backend-url.ts";
import { SESSION_CHANGED_KEY } from "../shared/session-signal.ts";

/** The signed-in session as the background uses it. Only the background reads or writes it. */
export type StoredSession = {
  backendUrl: string;
  token: string | null;
  user: User | null;
  org: Org | null;
};

/**
 * Where each part lives:
 * - the token, with the user and organization it belongs to, in chrome.storage.session: kept in memory,
 *   restricted to trusted contexts (the extension's pages and service worker), so a content script on a
 *   host page cannot read it, and gone when the browser quits (the user signs in again after a restart;
 *   see the README's "Where the API token lives");
 * - the backend URL in chrome.storage.local, so the form stays prefilled across restarts.
 */
const AUTH_KEY = "auth";
const LOCAL_KEY = "session";

type Auth = { token: string; user: User | null; org: Org | null };

/** Session storage is trusted-contexts-only by default; say so explicitly, once per browser session. */
export async function restrictSessionStorage(): Promise<void> {
  const area = browser.storage.session as { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> };
  await area.setAccessLevel?.({ accessLevel: "TRUSTED_CONTEXTS" });
}

export async function loadSession(): Promise<StoredSession> {
  const [local, session] = await Promise.all([
    browser.storage.local.get(LOCAL_KEY),
    browser.storage.session.get(AUTH_KEY),
  ]);
  const stored = local[LOCAL_KEY] as (Partial<Auth> & { backendUrl?: string }) | undefined;
  const backendUrl = stored?.backendUrl ?? DEFAULT_BACKEND_URL;
  let auth = session[AUTH_KEY] as Auth | undefined;
  if (stored?.token) {
    // Left by a version that kept the token in storage.local, where content scripts can read it: move it.
    auth = { token: stored.token, user: stored.user ?? null, org: stored.org ?? null };
    await restrictSessionStorage();
    await browser.storage.session.set({ [AUTH_KEY]: auth });
    await browser.storage.local.set({ [LOCAL_KEY]: { backendUrl } });
  }
  return { backendUrl, token: auth?.token ?? null, user: auth?.user ?? null, org: auth?.org ?? null };
}

export async function saveSession(session: StoredSession): Promise<void> {
  if (session.token) {
    await restrictSessionStorage();
    await browser.storage.session.set({ [AUTH_KEY]: { token: session.token, user: session.user, org: session.org } });
  } else {
    await browser.storage.session.remove(AUTH_KEY);
  }
  // Every surface reloads on this marker (ui/session-change.ts); like the URL, it carries no secret.
  await browser.storage.local.set({
    [LOCAL_KEY]: { backendUrl: session.backendUrl },
    [SESSION_CHANGED_KEY]: Date.now(),
  });
}

/** Forgets the token and who it belonged to, but keeps the backend URL so the form stays prefilled. */
export async function clearSession(): Promise<void> {
  const { backendUrl } = await loadSession();
  await saveSession({ backendUrl, token: null, user: null, org: null });
}
