import type { Result } from "../../shared/messages.ts";
import { clearSession } from "../session-store.ts";
import { clearOverviewCache } from "./get-overview.ts";
import { clearLookupCache } from "./lookup-account.ts";

/**
 * Passes a backend answer through; when it is a 401 the token is forgotten first (with everything it
 * was allowed to read), so every surface falls back to its sign-in prompt.
 */
export async function forgetOnUnauthorized<T>(result: Result<T>): Promise<Result<T>> {
  if (!result.ok && result.error.kind === "unauthorized") {
    clearLookupCache();
    clearOverviewCache();
    await clearSession();
  }
  return result;
}
