import { and, eq, inArray, sql } from "drizzle-orm";
import { conversations, zccDispositions, zccNotes } from "../db/schema/index.ts";
import type { Db } from "../platform/services.ts";

/** D1 binds at most 100 parameters per statement. */
const IDS_PER_QUERY = 90;
const isZcc = sql`${conversations.source} LIKE 'zcc\\_%' ESCAPE '\\'`;

/**
 * Dispositions of the account's Contact Center engagements that started in the window, counted by
 * name (a transfer's two dispositions count twice), most frequent first.
 */
export async function dispositionCounts(
  db: Db,
  scope: { organizationId: string; accountId: string; from: number; to: number },
): Promise<Array<{ name: string; count: number }>> {
  const rows = await db
    .select({ name: zccDispositions.dispositionName, count: sql<number>`count(*)` })
    .from(zccDispositions)
    .innerJoin(
      conversations,
      and(
        eq(conversations.organizationId, zccDispositions.organizationId),
        eq(conversations.externalId, zccDispositions.engagementId),
        isZcc,
      ),
    )
    .where(
      and(
        eq(zccDispositions.organizationId, scope.organizationId),
        eq(conversations.accountId, scope.accountId),
        sql`${conversations.startedAt} >= ${scope.from}`,
        sql`${conversations.startedAt} <= ${scope.to}`,
      ),
    )
    .groupBy(zccDispositions.dispositionName)
    .orderBy(sql`count(*) DESC`, zccDispositions.dispositionName)
    .limit(20);
  return rows.map((r) => ({ name: r.name, count: Number(r.count) }));
}

/** The notes and dispositions of Contact Center conversations, by conversation id (for sources). */
export async function engagementItems(
  db: Db,
  organizationId: string,
  conversationIds: readonly string[],
): Promise<Map<string, { dispositions: string[]; notes: string[] }>> {
  const out = new Map<string, { dispositions: string[]; notes: string[] }>();
  const ids = [...new Set(conversationIds)];
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    const chunk = ids.slice(i, i + IDS_PER_QUERY);
    const engagements = await db
      .select({ id: conversations.id, engagementId: conversations.externalId })
      .from(conversations)
      .where(and(eq(conversations.organizationId, organizationId), inArray(conversations.id, chunk), isZcc));
    if (engagements.length === 0) continue;
    const byEngagement = new Map(engagements.map((e) => [e.engagementId, e.id]));
    const engagementIds = [...byEngagement.keys()];
    const [dispositions, notes] = await Promise.all([
      db
        .select({ e: zccDispositions.engagementId, name: zccDispositions.dispositionName })
        .from(zccDispositions)
        .where(
          and(eq(zccDispositions.organizationId, organizationId), inArray(zccDispositions.engagementId, engagementIds)),
        ),
      db
        .select({ e: zccNotes.engagementId, note: zccNotes.note })
        .from(zccNotes)
        .where(and(eq(zccNotes.organizationId, organizationId), inArray(zccNotes.engagementId, engagementIds)))
        .orderBy(zccNotes.modifiedAt, zccNotes.noteId),
    ]);
    for (const e of engagements) out.set(e.id, { dispositions: [], notes: [] });
    for (const d of dispositions) out.get(byEngagement.get(d.e) ?? "")?.dispositions.push(d.name);
    for (const n of notes) out.get(byEngagement.get(n.e) ?? "")?.notes.push(n.note);
  }
  return out;
}
