import { tombstonedAmong } from "../../../deletions/tombstones.ts";
import type { Db } from "../../../platform/services.ts";
import type { ZccSource } from "./engagement-conversation.ts";

/** Every source an engagement's conversation can have: a deleted one is tombstoned under the one it had. */
const ZCC_SOURCES: readonly ZccSource[] = ["zcc_voice", "zcc_video", "zcc_messaging", "zcc_email", "zcc_voicemail"];

export const ENGAGEMENT_DELETED = "the engagement's conversation was deleted by an admin";

/**
 * Which of these engagements an admin deleted. Jobs and reconciliation ask first and skip those
 * cleanly: the D1 trigger of migration 0021 would refuse the conversation's insert anyway, but as a
 * failing job retried into the dead-letter table every night. Checked across all Contact Center
 * sources, since a later event can suggest another one (a voicemail) than the deleted conversation had.
 */
export function deletedEngagements(db: Db, organizationId: string, engagementIds: readonly string[]) {
  return tombstonedAmong(db, organizationId, ZCC_SOURCES, engagementIds);
}
