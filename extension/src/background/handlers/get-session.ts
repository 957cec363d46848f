import type { Session } from "../../shared/messages.ts";
import { loadSession } from "../session-store.ts";

/** Answers from storage only: opening the popup must not wait for the network. */
export async function getSession(): Promise<Session> {
  const stored = await loadSession();
  if (stored.token && stored.user && stored.org) {
    return { signedIn: true, backendUrl: stored.backendUrl, user: stored.user, org: stored.org };
  }
  return { signedIn: false, backendUrl: stored.backendUrl };
}
