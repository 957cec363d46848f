import { AccountOverviewSchema, type Period } from "@sightline/shared";
import { fail, type OverviewAnswer, ok, type Result } from "../../shared/messages.ts";
import { callApi } from "../api-client.ts";
import { BoundedCache } from "../bounded-cache.ts";
import { clearSession, loadSession } from "../session-store.ts";

/** Overviews kept per (backend, user, account, period). */
export const OVERVIEW_CACHE_ENTRIES = 50;
/** A cached overview younger than this is served without asking the backend again. */
export const OVERVIEW_FRESH_MS = 30_000;

type Entry = { answer: Omit<OverviewAnswer, "revalidating"> };

const cache = new BoundedCache<Entry>(OVERVIEW_CACHE_ENTRIES);
/** At most one request per key in flight: a revalidation and a `fresh` ask share it. */
const inFlight = new Map<string, Promise<Result<OverviewAnswer>>>();

/** Forgets every cached overview (sign-out, a rejected token, tests). */
export function clearOverviewCache(): void {
  cache.clear();
  inFlight.clear();
}

export function overviewCacheSize(): number {
  return cache.size;
}

/**
 * Stale-while-revalidate: a cached overview is answered at once; when it is older than
 * OVERVIEW_FRESH_MS a refresh starts in the background and the answer says so (`revalidating`), so
 * the sidebar can ask again with `fresh: true` and receive the refreshed one from the same request.
 */
export async function getOverview(input: {
  accountId: string;
  period: Period;
  fresh?: boolean;
}): Promise<Result<OverviewAnswer>> {
  const session = await loadSession();
  const { backendUrl, token } = session;
  if (!token) return fail("unauthorized", "Sign in first", backendUrl);

  const key = [backendUrl, session.user?.id ?? "", input.accountId, input.period].join("\n");
  const cached = cache.get(key);
  if (cached && !input.fresh) {
    const stale = Date.now() - cached.answer.fetchedAt >= OVERVIEW_FRESH_MS;
    if (stale) void refresh(key, backendUrl, token, input.accountId, input.period);
    return ok({ ...cached.answer, revalidating: stale });
  }
  return refresh(key, backendUrl, token, input.accountId, input.period);
}

function refresh(
  key: string,
  backendUrl: string,
  token: string,
  accountId: string,
  period: Period,
): Promise<Result<OverviewAnswer>> {
  const pending = inFlight.get(key);
  if (pending) return pending;
  const request = (async (): Promise<Result<OverviewAnswer>> => {
    try {
      const result = await callApi(
        { backendUrl, token },
        (api, init) =>
          api.GET("/accounts/{id}/overview", { params: { path: { id: accountId }, query: { period } }, ...init }),
        AccountOverviewSchema,
      );
      if (!result.ok) {
        // A revoked token must not linger, nor may what it was allowed to read.
        if (result.error.kind === "unauthorized") {
          clearOverviewCache();
          await clearSession();
        }
        return result;
      }
      const answer = { overview: result.value, fetchedAt: Date.now() };
      cache.set(key, { answer });
      return ok({ ...answer, revalidating: false });
    } finally {
      inFlight.delete(key);
    }
  })();
  inFlight.set(key, request);
  return request;
}
