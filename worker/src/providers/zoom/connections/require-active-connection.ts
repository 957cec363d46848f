import { and, eq, or } from "drizzle-orm";
import { connections } from "../../../db/schema/index.ts";
import type { Services } from "../../../platform/services.ts";
import { PermanentJobError } from "../../../queue/jobs.ts";

/** Whose connection a recording job acts under: the event's Zoom account and the meeting's host. */
export interface ZoomJobOwner {
  organizationId: string;
  zoomAccountId: string | undefined;
  zoomUserId: string | undefined;
}

/**
 * After a disconnect (by an admin, a user, or Zoom's app_deauthorized) nothing more may flow: jobs
 * queued before it still hold a download_token that needs no connection, and a Whisper job may wait
 * hours. So every recording job calls this right before each download, transcription and store: the
 * organization must still have an active account-level connection for the Zoom account, or an
 * active per-user connection of the meeting's host. Otherwise the job ends as a permanent failure
 * that says why, having fetched nothing.
 */
export async function requireActiveZoomConnection(
  services: Services,
  owner: ZoomJobOwner,
  step: string,
): Promise<void> {
  const { organizationId, zoomAccountId, zoomUserId } = owner;
  if (!zoomAccountId) throw new PermanentJobError(`${step}: the event names no Zoom account`);
  const accountLevel = eq(connections.scope, "account");
  const hostsOwn = zoomUserId
    ? and(eq(connections.scope, "user"), eq(connections.externalUserId, zoomUserId))
    : undefined;
  const row = await services.db.query.connections.findFirst({
    columns: { id: true },
    where: and(
      eq(connections.organizationId, organizationId),
      eq(connections.provider, "zoom"),
      eq(connections.externalAccountId, zoomAccountId),
      eq(connections.status, "active"),
      hostsOwn ? or(accountLevel, hostsOwn) : accountLevel,
    ),
  });
  if (!row)
    throw new PermanentJobError(
      `${step}: the Zoom connection for account ${zoomAccountId} is no longer active (disconnected or deauthorized); nothing was fetched or stored`,
    );
}
