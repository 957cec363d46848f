import type { ApiToken, Connection, Contact, FailedJob, Org, Profile, User, WebhookEvent } from "@sightline/shared";
import { leadSourceView } from "@sightline/shared";
import type {
  apiTokens,
  configurationProfiles,
  connections,
  contacts,
  failedJobs,
  organizations,
  users,
  webhookEvents,
} from "../db/schema/index.ts";

/** Row -> API shape. Dates leave as ISO strings; nothing internal (hashes, normalized names) leaves. */
const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

export function orgView(
  row: Pick<typeof organizations.$inferSelect, "id" | "name" | "registeredUsersOnly" | "createdAt">,
  domains: string[],
): Org {
  return {
    id: row.id,
    name: row.name,
    domains,
    registeredUsersOnly: row.registeredUsersOnly,
    createdAt: iso(row.createdAt),
  };
}

export function userView(row: typeof users.$inferSelect): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    profileId: row.profileId,
    createdAt: iso(row.createdAt),
  };
}

export function profileView(row: typeof configurationProfiles.$inferSelect): Profile {
  return { id: row.id, name: row.name, transcriptIntake: row.transcriptIntake, createdAt: iso(row.createdAt) };
}

export function contactView(row: typeof contacts.$inferSelect): Contact {
  return {
    id: row.id,
    accountId: row.accountId,
    name: row.name,
    email: row.email,
    phone: row.phone,
    title: row.title,
    side: row.side,
    leadSource: leadSourceView(row),
    lastInteractionAt: isoOrNull(row.lastInteractionAt),
    createdAt: iso(row.createdAt),
  };
}

export function tokenView(row: typeof apiTokens.$inferSelect): ApiToken {
  return {
    id: row.id,
    tokenPrefix: row.tokenPrefix,
    label: row.label,
    createdAt: iso(row.createdAt),
    lastUsedAt: isoOrNull(row.lastUsedAt),
    revokedAt: isoOrNull(row.revokedAt),
  };
}

export function connectionView(row: typeof connections.$inferSelect): Connection {
  return {
    id: row.id,
    provider: row.provider,
    scope: row.scope,
    userId: row.userId,
    externalAccountId: row.externalAccountId,
    externalUserId: row.externalUserId,
    status: row.status,
    lastError: row.lastError,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    // Gong pulls instead (its progress is `sync`, added by the connections route).
    ...(row.provider === "gong"
      ? {}
      : {
          reconciliation: {
            lastSyncAt: isoOrNull(row.lastSyncAt),
            listedThrough: row.syncCursor,
            running: row.reconcilePending,
          },
        }),
  };
}

export function failedJobView(row: typeof failedJobs.$inferSelect): FailedJob {
  return {
    id: row.id,
    jobType: row.jobType,
    reason: row.reason,
    attempts: row.attempts,
    payload: row.payload,
    createdAt: iso(row.createdAt),
    replayedAt: isoOrNull(row.replayedAt),
  };
}

export function webhookEventView(row: typeof webhookEvents.$inferSelect): WebhookEvent {
  return {
    id: row.id,
    provider: row.provider,
    eventType: row.eventType,
    status: row.status,
    reason: row.reason,
    receivedAt: iso(row.receivedAt),
    archiveDeletedAt: row.archiveDeletedAt ? iso(row.archiveDeletedAt) : null,
  };
}
