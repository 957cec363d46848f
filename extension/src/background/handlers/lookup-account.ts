import { LookupAccountResponseSchema } from "@sightline/shared";
import { type AccountMatch, fail, type LookupQuery, ok, type Result } from "../../shared/messages.ts";
import { callApiOrMissing } from "../api-client.ts";
import { BoundedCache } from "../bounded-cache.ts";
import { clearSession, loadSession } from "../session-store.ts";
import { clearOverviewCache } from "./get-overview.ts";

/** Answers (found or not) are reused this long: a rep flips between a record's tabs without new lookups. */
export const LOOKUP_TTL_MS = 60_000;
const cache = new BoundedCache<{ response: AccountMatch | null; at: number }>(100);

export function clearLookupCache(): void {
  cache.clear();
}

/** The lookup route's query, trimmed, fields in a fixed order so equal questions share a cache key. */
export function lookupParams(query: LookupQuery): LookupQuery {
  const params: LookupQuery = {};
  for (const key of ["crm", "crmId", "domain", "email", "name"] as const) {
    const value = query[key]?.trim();
    if (value) Object.assign(params, { [key]: value });
  }
  return params;
}

/**
 * Asks GET /api/v1/accounts/lookup about each candidate in order and answers the first that resolves
 * (e.g. each participant of a mail thread), or null when none does. Any failure stops the search.
 */
export async function lookupAccount(input: { candidates: LookupQuery[] }): Promise<Result<AccountMatch | null>> {
  const session = await loadSession();
  const { backendUrl, token } = session;
  if (!token) return fail("unauthorized", "Sign in first", backendUrl);

  for (const query of input.candidates) {
    const params = lookupParams(query);
    const key = [backendUrl, session.user?.id ?? "", JSON.stringify(params)].join("\n");
    const cached = cache.get(key);
    let match: AccountMatch | null;
    if (cached && Date.now() - cached.at < LOOKUP_TTL_MS) {
      match = cached.response;
    } else {
      const result = await callApiOrMissing(
        { backendUrl, token },
        (api, init) => api.GET("/accounts/lookup", { params: { query: params }, ...init }),
        LookupAccountResponseSchema,
      );
      if (!result.ok) {
        if (result.error.kind === "unauthorized") {
          clearLookupCache();
          clearOverviewCache();
          await clearSession();
        }
        return result;
      }
      match = result.value ? { ...result.value, query } : null;
      cache.set(key, { response: match, at: Date.now() });
    }
    if (match) return ok({ ...match, query });
  }
  return ok(null);
}
