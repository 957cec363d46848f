import { browser } from "wxt/browser";
import { backendUrlProblem, normalizeBackendUrl } from "../shared/backend-url.ts";
import { fail, type Result, type Session } from "../shared/messages.ts";
import type { Send } from "./send-message.ts";

export type SignInDeps = {
  send: Send;
  /** Asks the user for host permission on `origin` (must run inside the click that asked for it). */
  requestOrigin: (origin: string) => Promise<boolean>;
};

export const requestOriginPermission = (origin: string): Promise<boolean> =>
  browser.permissions.request({ origins: [`${origin}/*`] });

/**
 * The sign-in action of every form: checks the URL (https, or plain http on loopback only), asks
 * Chrome for access to the backend while the click still counts, then lets the background
 * check the token with the backend. The background repeats the URL checks: it trusts no page.
 */
export async function signIn(deps: SignInDeps, backendInput: string, token: string): Promise<Result<Session>> {
  const backendUrl = normalizeBackendUrl(backendInput);
  if (!backendUrl) return fail("invalid", "Enter the backend URL, like https://sightline.example.com");
  const problem = backendUrlProblem(backendUrl);
  if (problem) return fail("invalid", problem);
  // Every backend, loopback included (the shipped manifest grants none; the development build grants
  // loopback, and Chrome then answers at once without asking). Called before any other await so Chrome
  // still sees the click that asked for it.
  let granted = false;
  try {
    granted = await deps.requestOrigin(backendUrl);
  } catch (error) {
    return fail(
      "invalid",
      `Chrome refused access to ${backendUrl}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!granted)
    return fail("invalid", `Sightline needs permission to reach ${backendUrl}. Sign in again and choose Allow.`);
  return deps.send({ type: "signIn", backendUrl, token });
}
