import { ListAccountsResponseSchema } from "@sightline/shared";
import { type AccountSearch, fail, type Result } from "../../shared/messages.ts";
import { callApi } from "../api-client.ts";
import { clearSession, loadSession } from "../session-store.ts";

const LIMIT = 25;

/** Empty q asks the backend for "My accounts"; anything else is a ranked search. */
export async function searchAccounts(input: { q: string }): Promise<Result<AccountSearch>> {
  const { backendUrl, token } = await loadSession();
  if (!token) return fail("unauthorized", "Sign in first", backendUrl);

  const query = { q: input.q.trim(), limit: LIMIT };
  const result = await callApi(
    { backendUrl, token },
    (api, init) => api.GET("/accounts", { params: { query }, ...init }),
    ListAccountsResponseSchema,
  );
  // A revoked or expired token must not linger: forget it so the popup shows the sign-in form.
  if (!result.ok && result.error.kind === "unauthorized") await clearSession();
  return result;
}
