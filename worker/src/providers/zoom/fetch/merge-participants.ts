import { personNamesMatch, personNameWords } from "../../../routing/person-name.ts";
import type { ZoomParticipantRow } from "./fetch-past-participants.ts";

export interface MeetingPerson {
  name: string;
  /** Lower-cased; null when Zoom had none (guests, users outside the account, privacy settings). */
  email: string | null;
  joinedAt: Date | null;
  leftAt: Date | null;
}

const time = (value: string | undefined) => {
  const ms = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? null : new Date(ms);
};

/**
 * One entry per person from Zoom's participant rows (one row per join: people drop and rejoin),
 * keyed by e-mail or else by name; earliest join, latest leave. Transcript speakers nobody in the
 * list matches by name are added without an address, so whoever spoke is always a participant,
 * including when the participant report was unavailable.
 */
export function mergeParticipants(rows: readonly ZoomParticipantRow[], speakers: readonly string[]): MeetingPerson[] {
  const byKey = new Map<string, MeetingPerson>();
  for (const row of rows) {
    const email = row.user_email?.trim().toLowerCase() || null;
    const name = row.name.trim() || email || "";
    if (!name) continue;
    const key = email ?? `name:${personNameWords(name).join(" ") || name.toLowerCase()}`;
    const joinedAt = time(row.join_time);
    const leftAt = time(row.leave_time);
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, { name, email, joinedAt, leftAt });
      continue;
    }
    if (joinedAt && (!seen.joinedAt || joinedAt < seen.joinedAt)) seen.joinedAt = joinedAt;
    if (leftAt && (!seen.leftAt || leftAt > seen.leftAt)) seen.leftAt = leftAt;
  }
  const people = [...byKey.values()];
  for (const speaker of speakers) {
    const known = people.some(
      (p) => personNamesMatch(p.name, speaker) || p.name.toLowerCase() === speaker.toLowerCase(),
    );
    if (!known) people.push({ name: speaker, email: null, joinedAt: null, leftAt: null });
  }
  return people;
}
