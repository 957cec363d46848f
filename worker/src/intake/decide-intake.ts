import { and, eq, sql } from "drizzle-orm";
import { configurationProfiles, intakeDiscards, organizations, users } from "../db/schema/index.ts";
import { newId } from "../platform/ids.ts";
import type { Db } from "../platform/services.ts";

export type IntakeDecision = { keep: true } | { keep: false; reason: "unregistered_host" | "intake_off" };

/**
 * Whose transcripts Sightline may take, decided on receipt so a discarded transcript is never
 * downloaded or stored: with "registered users only" the host must be a Sightline user of the
 * organization; a host whose configuration profile has Transcript Intake off is always discarded.
 */
export async function decideIntake(
  db: Db,
  organizationId: string,
  hostEmail: string | undefined,
): Promise<IntakeDecision> {
  const [org, host] = await Promise.all([
    db.query.organizations.findFirst({
      columns: { registeredUsersOnly: true },
      where: eq(organizations.id, organizationId),
    }),
    hostEmail
      ? db.query.users.findFirst({
          columns: { profileId: true },
          where: and(eq(users.organizationId, organizationId), eq(users.email, hostEmail.trim().toLowerCase())),
        })
      : undefined,
  ]);
  let hostTranscriptIntake: boolean | null = null;
  if (host?.profileId) {
    const profile = await db.query.configurationProfiles.findFirst({
      columns: { transcriptIntake: true },
      where: and(
        eq(configurationProfiles.organizationId, organizationId),
        eq(configurationProfiles.id, host.profileId),
      ),
    });
    hostTranscriptIntake = profile ? profile.transcriptIntake : null;
  }
  return intakeFromFacts({
    registeredUsersOnly: org?.registeredUsersOnly ?? false,
    hostRegistered: host !== undefined,
    hostTranscriptIntake,
  });
}

/**
 * The rule itself, from facts already read: the Zoom webhook reads them in the one statement of its
 * acknowledgement (providers/zoom/webhook/zoom-event-facts.ts), so the rule is written once.
 */
export function intakeFromFacts(facts: {
  registeredUsersOnly: boolean;
  hostRegistered: boolean;
  /** The host's profile's Transcript Intake; null when the host has no profile. */
  hostTranscriptIntake: boolean | null;
}): IntakeDecision {
  if (facts.registeredUsersOnly && !facts.hostRegistered) return { keep: false, reason: "unregistered_host" };
  if (facts.hostTranscriptIntake === false) return { keep: false, reason: "intake_off" };
  return { keep: true };
}

/** The intake log admins see: one row per discarded recording. */
export async function recordIntakeDiscard(
  db: Db,
  entry: {
    organizationId: string;
    provider: string;
    reason: "unregistered_host" | "intake_off";
    hostEmail?: string;
    externalId?: string;
    at: Date;
  },
) {
  await db.insert(intakeDiscards).values({
    id: newId("disc"),
    organizationId: entry.organizationId,
    provider: entry.provider,
    reason: entry.reason,
    hostEmail: entry.hostEmail ?? null,
    externalId: entry.externalId ?? null,
    discardedAt: entry.at,
  });
}

export async function summarizeIntakeDiscards(db: Db, organizationId: string, recentLimit: number) {
  const [byReason, recent] = await Promise.all([
    db
      .select({ reason: intakeDiscards.reason, n: sql<number>`count(*)` })
      .from(intakeDiscards)
      .where(eq(intakeDiscards.organizationId, organizationId))
      .groupBy(intakeDiscards.reason),
    db.query.intakeDiscards.findMany({
      where: eq(intakeDiscards.organizationId, organizationId),
      orderBy: sql`${intakeDiscards.discardedAt} desc`,
      limit: recentLimit,
    }),
  ]);
  return { byReason, recent };
}
