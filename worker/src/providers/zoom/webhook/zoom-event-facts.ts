import { sql } from "drizzle-orm";
import {
  configurationProfiles,
  connections,
  conversationTombstones,
  organizations,
  providerAccountClaims,
  users,
} from "../../../db/schema/index.ts";
import type { Db } from "../../../platform/services.ts";

/**
 * Everything deciding on a Zoom event needs from D1: the organization it belongs to, whether an admin
 * deleted the meeting, and the intake facts of its host. Read in one statement, because the webhook
 * acknowledgement pays for every D1 round trip (it used to take five to six of them for this).
 */
export interface ZoomEventFacts {
  /** The given organization, or the one holding the event's Zoom account with an active Zoom connection to it. */
  organizationId: string | null;
  registeredUsersOnly: boolean;
  /** An admin deleted the conversation of this meeting (a tombstone for the subject uuid). */
  tombstoned: boolean;
  /** The host's email is a user of the organization. */
  hostRegistered: boolean;
  /** The host's configuration profile's Transcript Intake; null when the host has no profile. */
  hostTranscriptIntake: boolean | null;
}

const NO_ORGANIZATION: ZoomEventFacts = {
  organizationId: null,
  registeredUsersOnly: false,
  tombstoned: false,
  hostRegistered: false,
  hostTranscriptIntake: null,
};

type Row = {
  organizationId: string;
  registeredUsersOnly: number | null;
  tombstoned: number;
  hostRegistered: number;
  hostTranscriptIntake: number | null;
};

export async function readZoomEventFacts(
  db: Db,
  input: {
    /** Known already (reconciliation, an admin's replay); otherwise found from the Zoom account. */
    organizationId?: string | undefined;
    zoomAccountId: string | undefined;
    /** The meeting uuid a tombstone would name; null for events about no meeting. */
    subjectId: string | null;
    hostEmail: string | undefined;
  },
): Promise<ZoomEventFacts> {
  const { organizationId, zoomAccountId } = input;
  if (organizationId === undefined && !zoomAccountId) return NO_ORGANIZATION;
  // The same claim-and-active-connection rule as before (findZoomOrganization), as the statement's first step.
  const org =
    organizationId !== undefined
      ? sql`select ${organizationId} as id`
      : sql`select ${providerAccountClaims.organizationId} as id from ${providerAccountClaims}
          inner join ${connections} on ${connections.organizationId} = ${providerAccountClaims.organizationId}
            and ${connections.provider} = ${providerAccountClaims.provider}
            and ${connections.externalAccountId} = ${providerAccountClaims.externalAccountId}
          where ${providerAccountClaims.provider} = 'zoom' and ${providerAccountClaims.externalAccountId} = ${zoomAccountId}
            and ${connections.status} = 'active'
          limit 1`;
  // Users are stored with lower-cased emails (decideIntake's rule).
  const hostEmail = input.hostEmail === undefined ? null : input.hostEmail.trim().toLowerCase();
  const row = await db.get<Row | undefined>(sql`with org(id) as (${org})
    select org.id as organizationId,
      (select ${organizations.registeredUsersOnly} from ${organizations} where ${organizations.id} = org.id) as registeredUsersOnly,
      exists (select 1 from ${conversationTombstones} where ${conversationTombstones.organizationId} = org.id
        and ${conversationTombstones.source} = 'zoom_meeting' and ${conversationTombstones.externalId} = ${input.subjectId}) as tombstoned,
      exists (select 1 from ${users} where ${users.organizationId} = org.id and ${users.email} = ${hostEmail}) as hostRegistered,
      (select ${configurationProfiles.transcriptIntake} from ${users} inner join ${configurationProfiles}
          on ${configurationProfiles.organizationId} = ${users.organizationId} and ${configurationProfiles.id} = ${users.profileId}
        where ${users.organizationId} = org.id and ${users.email} = ${hostEmail} limit 1) as hostTranscriptIntake
    from org`);
  if (!row) return NO_ORGANIZATION;
  return {
    organizationId: row.organizationId,
    registeredUsersOnly: Boolean(row.registeredUsersOnly),
    tombstoned: Boolean(row.tombstoned),
    hostRegistered: Boolean(row.hostRegistered),
    hostTranscriptIntake: row.hostTranscriptIntake === null ? null : Boolean(row.hostTranscriptIntake),
  };
}
