import { ApiError } from "../../../platform/api-error.ts";

/**
 * Which Gong company a connection is, for `provider_account_claims` (one organization per company)
 * and the shared request budget. An OAuth grant names its customer's own API host
 * (`api_base_url_for_customer`, e.g. company-17.api.gong.io), which is the company. An access key
 * belongs to one company; on Gong's generic host it is the only identity there is, so the key's
 * SHA-256 (never the key itself) stands for the company. Gong's v2 API has no "who am I" call to do
 * better; an admin who pastes the company's own API host gets the host as the identity.
 */
export async function gongCompanyKey(apiBase: string, genericApiBase: string, accessKey?: string): Promise<string> {
  const host = new URL(apiBase).host;
  if (!accessKey || host !== new URL(genericApiBase).host) return `host:${host}`;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(accessKey)));
  return `key:${[...digest.slice(0, 12)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
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
