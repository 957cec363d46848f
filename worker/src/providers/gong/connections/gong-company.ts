import { ApiError } from "../../../platform/api-error.ts";

import type { Services } from "../../../platform/services.ts";
import { PermanentJobError, RetryLaterError } from "../../../queue/jobs.ts";
import { GongClient, type GongTarget } from "../gong-client.ts";

/**
 * Which Gong company a connection is, for `provider_account_claims` (one organization per company,
 * migration 0014) and the shared request budget. Both ways of connecting must name a company the
 * same way, or the same company connected by access key in one organization and by OAuth in another
 * goes unnoticed (an OAuth grant names its customer's API host, an access key works on Gong's
 * generic host). What both can ask is `GET /v2/workspaces`: workspace ids are Gong's own, unique
 * across companies, and a company always has at least one. The smallest id (ids grow over time, so
 * it is the company's first workspace, which stays when others come and go) names the company:
 * `ws:<id>`.
 */
export function companyKeyOfWorkspaces(workspaceIds: readonly string[]): string | null {
  const ids = workspaceIds.filter((id) => /^\d+$/.test(id));
  if (ids.length === 0) return null;
  const smallest = ids.reduce((a, b) => (a.length < b.length || (a.length === b.length && a < b) ? a : b));
  return `ws:${smallest}`;
}

/** A connection whose company key was learned from its workspaces (older ones keyed by host or access key are not). */
export const isWorkspaceCompanyKey = (key: string | null) => !!key?.startsWith("ws:");

/**
 * The budget key of the requests that identify a company, before its key is known: its API host,
 * or on Gong's generic host the access key's SHA-256 (never the key itself).
 */
export async function provisionalCompanyKey(apiBase: string, genericApiBase: string, accessKey?: string) {
  const host = new URL(apiBase).host;
  if (!accessKey || host !== new URL(genericApiBase).host) return `host:${host}`;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(accessKey)));
  return `key:${[...digest.slice(0, 12)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * Asks Gong which company these credentials reach (one request); a refusal is a 400 saying why,
 * so a connect stores nothing. The OAuth app must ask for `api:workspaces:read`.
 */
export async function identifyGongCompany(services: Services, target: GongTarget): Promise<string> {
  let ids: string[];
  try {
    ids = await new GongClient(services, target).listWorkspaceIds();
  } catch (err) {
    if (err instanceof RetryLaterError)
      throw new ApiError("unavailable", "Gong is rate limiting this company; try again in a minute");
    if (err instanceof PermanentJobError)
      throw new ApiError("bad_request", `Gong refused the credentials: ${err.message}`);
    throw new ApiError("unavailable", "Gong could not be reached to identify the company");
  }
  const key = companyKeyOfWorkspaces(ids);
  if (!key)
    throw new ApiError(
      "bad_request",
      "Gong lists no workspace for these credentials, so Sightline cannot tell which Gong company they belong to",
    );
  return key;
}

const CLAIM_ABORT = "gong_company_claimed";

export const GONG_COMPANY_TAKEN =
  "this Gong company is connected to another Sightline organization; it can belong to one organization only (an admin there must disconnect it first)";

/** Runs a write that activates a Gong connection; the claim trigger's abort (migration 0014) becomes a 409. */
export async function writeClaimingGongCompany<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++)
      if (e.message.includes(CLAIM_ABORT)) throw new ApiError("conflict", GONG_COMPANY_TAKEN);
    throw err;
  }
}
