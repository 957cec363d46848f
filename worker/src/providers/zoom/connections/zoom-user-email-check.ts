import { and, eq } from "drizzle-orm";
import { organizations, users } from "../../../db/schema/index.ts";
import { ApiError } from "../../../platform/api-error.ts";
import type { Services } from "../../../platform/services.ts";
import type { ZoomMe } from "./zoom-user-connection.ts";

const normalized = (email: string | undefined) => (email ?? "").trim().toLowerCase();

/**
 * A per-user connection links the Zoom user who authorized to the Sightline user who started: their
 * e-mails must be the same (case-insensitive), so a Zoom login that is someone else's (another
 * person's browser lured through the flow, a shared machine signed in to the wrong Zoom account) is
 * refused. An admin may allow differing e-mails for the organization (`allowZoomEmailMismatch`) for
 * people whose Zoom login is not their work address. A Zoom user without an e-mail never matches.
 */
export async function refuseZoomEmailMismatch(
  services: Services,
  owner: { organizationId: string; userId: string },
  me: ZoomMe,
): Promise<void> {
  const { db } = services;
  const [user, org] = await Promise.all([
    db.query.users.findFirst({
      columns: { email: true },
      where: and(eq(users.organizationId, owner.organizationId), eq(users.id, owner.userId)),
    }),
    db.query.organizations.findFirst({
      columns: { allowZoomEmailMismatch: true },
      where: eq(organizations.id, owner.organizationId),
    }),
  ]);
  if (!user) throw new ApiError("forbidden", "the Sightline user who started connecting Zoom no longer exists");
  const zoomEmail = normalized(me.email);
  if (zoomEmail && zoomEmail === normalized(user.email)) return;
  if (org?.allowZoomEmailMismatch) {
    services.log.info("zoom user e-mail differs, allowed by the organization", { user: owner.userId });
    return;
  }
  throw new ApiError(
    "forbidden",
    `the Zoom account you authorized (${zoomEmail || "no e-mail"}) is not the one of your Sightline user (${user.email}); nothing was connected. Sign in to Zoom as ${user.email} and connect again, or ask a Sightline admin to allow Zoom accounts under another e-mail`,
  );
}
