import { and, eq, inArray, sql } from "drizzle-orm";
import { contacts } from "../db/schema/index.ts";
import { newId } from "../platform/ids.ts";
import type { Db } from "../platform/services.ts";

export interface MeetingContact {
  name: string;
  /** Lower-cased. */
  email: string;
  side: "ours" | "theirs";
  accountId: string | null;
}

/** D1's 100 bound parameters: 8 columns x 10 rows; id lists of 90 plus the organization id. */
const ROWS_PER_INSERT = 10;
const IDS_PER_STATEMENT = 90;

/** "Paul McCartney (Wings)" is Zoom's display name; the contact is "Paul McCartney". */
const contactName = (name: string, email: string) => name.replace(/\s*\([^)]*\)\s*/g, " ").trim() || email;

/**
 * Makes sure every participant with an address and a known side is a contact, and stamps their last
 * interaction. Existing contacts (matched case-insensitively) keep what admins maintain: name,
 * account and side are not rewritten. Returns contact ids by lower-cased address.
 */
export async function upsertMeetingContacts(
  db: Db,
  organizationId: string,
  people: readonly MeetingContact[],
  interactionAt: Date,
  now: Date,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (people.length === 0) return ids;
  const lowerEmail = sql<string>`lower(${contacts.email})`;
  const emails = [...new Set(people.map((p) => p.email))];
  for (let i = 0; i < emails.length; i += IDS_PER_STATEMENT) {
    const rows = await db
      .select({ id: contacts.id, email: lowerEmail })
      .from(contacts)
      .where(
        and(eq(contacts.organizationId, organizationId), inArray(lowerEmail, emails.slice(i, i + IDS_PER_STATEMENT))),
      );
    for (const row of rows) ids.set(row.email, row.id);
  }
  const existing = [...ids.values()];
  const fresh = people
    .filter((p, index) => !ids.has(p.email) && people.findIndex((q) => q.email === p.email) === index)
    .map((p) => ({
      id: newId("ctc"),
      organizationId,
      accountId: p.side === "theirs" ? p.accountId : null,
      name: contactName(p.name, p.email),
      email: p.email,
      side: p.side,
      lastInteractionAt: interactionAt,
      createdAt: now,
    }));
  const statements = [];
  for (let i = 0; i < fresh.length; i += ROWS_PER_INSERT)
    statements.push(
      db
        .insert(contacts)
        .values(fresh.slice(i, i + ROWS_PER_INSERT))
        .onConflictDoNothing(),
    );
  for (let i = 0; i < existing.length; i += IDS_PER_STATEMENT)
    statements.push(
      db
        .update(contacts)
        .set({ lastInteractionAt: sql`max(coalesce(${contacts.lastInteractionAt}, 0), ${interactionAt.getTime()})` })
        .where(
          and(
            eq(contacts.organizationId, organizationId),
            inArray(contacts.id, existing.slice(i, i + IDS_PER_STATEMENT)),
          ),
        ),
    );
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
  for (const row of fresh) ids.set(row.email, row.id);
  return ids;
}
