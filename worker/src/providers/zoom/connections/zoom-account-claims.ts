import { and, eq } from "drizzle-orm";
import { providerAccountClaims } from "../../../db/schema/index.ts";
import { ApiError } from "../../../platform/api-error.ts";
import type { Db } from "../../../platform/services.ts";

/**
 * A Zoom account belongs to at most one organization. D1 enforces it (migration 0010: a claim per
 * account, taken by triggers whenever a Zoom connection becomes active, released when the owner's
 * last connection to it is disconnected); this module reads the claim and turns the trigger's abort
 * into a clear 409.
 */

/** The trigger's abort message starts with this. */
const CLAIM_ABORT = "zoom_account_claimed";

/** The organization holding the Zoom account, or null when none does. */
export async function findZoomAccountOwner(db: Db, zoomAccountId: string): Promise<string | null> {
  const claim = await db.query.providerAccountClaims.findFirst({
    columns: { organizationId: true },
    where: and(eq(providerAccountClaims.provider, "zoom"), eq(providerAccountClaims.externalAccountId, zoomAccountId)),
  });
  return claim?.organizationId ?? null;
}

/** Whether a D1 write failed because another organization holds the Zoom account. */
export function isZoomAccountClaimAbort(err: unknown): boolean {
  // drizzle wraps D1's error ("D1_ERROR: zoom_account_claimed: ...") as the cause of its own.
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++)
    if (e.message.includes(CLAIM_ABORT)) return true;
  return false;
}

/**
 * Refuses early (before asking Zoom anything) when another organization holds the account. Only a
 * courtesy: two organizations passing it at once are told apart by `writeClaimingZoomAccount`.
 */
export async function refuseZoomAccountOfAnotherOrganization(
  db: Db,
  organizationId: string,
  zoomAccountId: string,
  message: string,
): Promise<void> {
  const owner = await findZoomAccountOwner(db, zoomAccountId);
  if (owner && owner !== organizationId) throw new ApiError("conflict", message);
}

/** Runs a write that activates a Zoom connection; the claim trigger's abort becomes a 409 with `message`. */
export async function writeClaimingZoomAccount<T>(write: () => Promise<T>, message: string): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isZoomAccountClaimAbort(err)) throw new ApiError("conflict", message);
    throw err;
  }
}

export const S2S_ACCOUNT_TAKEN =
  "accountId: this Zoom account is connected to another Sightline organization; it can belong to one organization only (an admin there must disconnect it first)";

export const userAccountTaken = (zoomAccountId: string) =>
  `your Zoom user belongs to Zoom account ${zoomAccountId}, which another Sightline organization has connected; a Zoom account can belong to one organization only`;
