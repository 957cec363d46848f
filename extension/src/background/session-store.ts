import type { Org, User } from "@sightline/shared";
import { browser } from "wxt/browser";
import { DEFAULT_BACKEND_URL } from "../shared/backend-url.ts";
import { SESSION_CHANGED_KEY } from "../shared/session-signal.ts";

/** What the background keeps in chrome.storage.local. Only the background reads or writes it. */
export type StoredSession = {
  backendUrl: string;
  token: string | null;
  user: User | null;
  org: Org | null;
};

const KEY = "session";

export async function loadSession(): Promise<StoredSession> {
  const stored = (await browser.storage.local.get(KEY))[KEY] as Partial<StoredSession> | undefined;
  return {
    backendUrl: stored?.backendUrl ?? DEFAULT_BACKEND_URL,
    token: stored?.token ?? null,
    user: stored?.user ?? null,
    org: stored?.org ?? null,
  };
}

export async function saveSession(session: StoredSession): Promise<void> {
  await browser.storage.local.set({ [KEY]: session });
  // Every surface reloads on this marker (ui/session-change.ts); it carries no secret.
  await browser.storage.local.set({ [SESSION_CHANGED_KEY]: Date.now() });
}

/** Forgets the token and who it belonged to, but keeps the backend URL so the form stays prefilled. */
export async function clearSession(): Promise<void> {
  const { backendUrl } = await loadSession();
  await saveSession({ backendUrl, token: null, user: null, org: null });
}
