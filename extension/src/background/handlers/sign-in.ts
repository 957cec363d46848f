import { MeResponseSchema } from "@sightline/shared";
import { backendUrlProblem, normalizeBackendUrl } from "../../shared/backend-url.ts";
import { fail, ok, type Result, type Session } from "../../shared/messages.ts";
import { callApi } from "../api-client.ts";
import { loadSession, saveSession } from "../session-store.ts";

/** Checks the token against GET /api/v1/me and stores it only when the backend accepts it. */
export async function signIn(input: { backendUrl?: string; token: string }): Promise<Result<Session>> {
  const stored = await loadSession();
  const backendUrl = normalizeBackendUrl(input.backendUrl ?? stored.backendUrl);
  if (!backendUrl) return fail("invalid", "Enter the backend URL, like http://127.0.0.1:8787");
  // The pages check this too; the background repeats it because it trusts no page with the token.
  const problem = backendUrlProblem(backendUrl);
  if (problem) return fail("invalid", problem);
  const token = input.token.trim();
  if (!token) return fail("invalid", "Enter your API token");

  const me = await callApi({ backendUrl, token }, (api, init) => api.GET("/me", init), MeResponseSchema);
  if (!me.ok) return me;

  const { user, org } = me.value;
  await saveSession({ backendUrl, token, user, org });
  return ok({ signedIn: true, backendUrl, user, org });
}
