import { and, eq } from "drizzle-orm";
import { connections } from "../../../db/schema/index.ts";
import type { Services } from "../../../platform/services.ts";
import { PermanentJobError } from "../../../queue/jobs.ts";
import { getZoomUserAccessToken, refreshZoomUserToken } from "../connections/zoom-token-refresh.ts";
import { ZoomTokenError } from "../connections/zoom-user-connection.ts";
import { getZoomAccessToken } from "./zoom-access-token.ts";

export interface RecordingOwner {
  organizationId: string;
  /** `payload.account_id` of the event. */
  zoomAccountId: string | undefined;
  /** The meeting's `host_id`: whose per-user connection may read the recording. */
  zoomUserId: string | undefined;
}

/**
 * A token that may read a meeting's recordings and participants: the organization's account-level
 * (Server-to-Server) connection for the Zoom account when there is one, else the per-user OAuth
 * connection of the meeting's host (DURUM style: no admin app, each user connected their own Zoom).
 * `refresh` asks for a new token because Zoom just refused the current one. A per-user grant Zoom
 * refuses is permanent (the user must reconnect); Zoom being unreachable is not.
 */
export async function getRecordingAccessToken(
  services: Services,
  owner: RecordingOwner,
  options: { refresh?: boolean } = {},
): Promise<string> {
  const { organizationId, zoomAccountId, zoomUserId } = owner;
  if (!zoomAccountId) throw new PermanentJobError("the event names no Zoom account");
  const account = await services.db.query.connections.findFirst({
    columns: { id: true },
    where: and(
      eq(connections.organizationId, organizationId),
      eq(connections.provider, "zoom"),
      eq(connections.scope, "account"),
      eq(connections.externalAccountId, zoomAccountId),
      eq(connections.status, "active"),
    ),
  });
  if (account || !zoomUserId) return getZoomAccessToken(services, organizationId, zoomAccountId, options);

  const user = await services.db.query.connections.findFirst({
    where: and(
      eq(connections.organizationId, organizationId),
      eq(connections.provider, "zoom"),
      eq(connections.scope, "user"),
      eq(connections.externalAccountId, zoomAccountId),
      eq(connections.externalUserId, zoomUserId),
      eq(connections.status, "active"),
    ),
  });
  if (!user)
    throw new PermanentJobError(
      `no active Zoom connection for account ${zoomAccountId} or its user ${zoomUserId} (the host)`,
    );
  try {
    return options.refresh ? await refreshZoomUserToken(services, user) : await getZoomUserAccessToken(services, user);
  } catch (err) {
    if (err instanceof ZoomTokenError && err.kind !== "unavailable")
      throw new PermanentJobError(`Zoom refused the host's connection: ${err.message}`);
    throw err;
  }
}
