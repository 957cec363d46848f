import type { Services } from "../../../platform/services.ts";
import { sweepIgnoredArchives } from "../../../webhook-archive/sweep-ignored-archives.ts";
import { organizationsConnectedTo, sweepOrphanArchives } from "../../../webhook-archive/sweep-orphan-archives.ts";

/** Bodies refused before they were indexed (bad JSON, wrong shape) are archived under this prefix. */
export const MALFORMED_ARCHIVE_PREFIX = "unmatched/webhooks/zoom/malformed/";

/** Zoom's ignored archives and malformed bodies past the retention (the `sweepArchives` hook). */
export function sweepIgnoredZoomArchives(services: Services): Promise<number> {
  return sweepIgnoredArchives(services, "zoom", [MALFORMED_ARCHIVE_PREFIX]);
}

/** Zoom bodies archived by a Worker killed before their index row was written (webhook-archive/sweep-orphan-archives.ts). */
export async function sweepOrphanZoomArchives(services: Services): Promise<number> {
  const organizationIds = await organizationsConnectedTo(services.db, "zoom");
  return sweepOrphanArchives(services, { folder: "zoom", organizationIds, unmatched: true });
}
