import { and, eq, inArray, sql } from "drizzle-orm";
import { configurationProfiles, organizations, users } from "../db/schema/index.ts";
import type { Db } from "../platform/services.ts";
import type { IntakeDecision } from "./decide-intake.ts";

/**
 * Intake for a conversation that names all its internal parties (Gong): decided before its
 * transcript is fetched or stored.
 * - "Registered users only": the host (the call's owner) must be a Sightline user; when the source
 *   names no host, at least one internal party must be one.
 * - Transcript Intake off: discarded when every internal party is a Sightline user whose profile has
 *   intake off (one person not opted out, or not a user, keeps the call: it is theirs too).
 */
export async function decidePartyIntake(
  db: Db,
  organizationId: string,
  input: { hostEmail: string | null; internalEmails: readonly string[] },
): Promise<IntakeDecision> {
  const internal = [...new Set(input.internalEmails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
  const asked = [...new Set([...internal, ...(input.hostEmail ? [input.hostEmail.trim().toLowerCase()] : [])])].slice(
    0,
    90,
  );
  const [org, userRows] = await Promise.all([
    db.query.organizations.findFirst({
      columns: { registeredUsersOnly: true },
      where: eq(organizations.id, organizationId),
    }),
    asked.length
      ? db
          .select({ email: sql<string>`lower(${users.email})`, profileId: users.profileId })
          .from(users)
          .where(and(eq(users.organizationId, organizationId), inArray(sql`lower(${users.email})`, asked)))
      : Promise.resolve([]),
  ]);
  const byEmail = new Map(userRows.map((u) => [u.email, u.profileId]));
  if (org?.registeredUsersOnly) {
    const registered = input.hostEmail
      ? byEmail.has(input.hostEmail.toLowerCase())
      : internal.some((e) => byEmail.has(e));
    if (!registered) return { keep: false, reason: "unregistered_host" };
  }
  if (internal.length === 0 || !internal.every((e) => byEmail.has(e))) return { keep: true };
  const profileIds = [...new Set(internal.map((e) => byEmail.get(e)))];
  if (profileIds.some((id) => !id)) return { keep: true };
  const profiles = await db
    .select({ id: configurationProfiles.id, intake: configurationProfiles.transcriptIntake })
    .from(configurationProfiles)
    .where(
      and(
        eq(configurationProfiles.organizationId, organizationId),
        inArray(configurationProfiles.id, profileIds as string[]),
      ),
    );
  const off = new Set(profiles.filter((p) => !p.intake).map((p) => p.id));
  return profileIds.every((id) => off.has(id as string)) ? { keep: false, reason: "intake_off" } : { keep: true };
}
