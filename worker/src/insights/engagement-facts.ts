import { and, eq, inArray, sql } from "drizzle-orm";
import { conversations, zccDispositions, zccNotes } from "../db/schema/index.ts";
import type { Db } from "../platform/services.ts";
import { read } from "./overview-queries.ts";

/** D1 binds at most 100 parameters per statement. */
const IDS_PER_QUERY = 90;
const isZcc = sql`${conversations.source} LIKE 'zcc\\_%' ESCAPE '\\'`;

/**
 * Dispositions of the account's Contact Center engagements that started in the window, counted by
 * name (a transfer's two dispositions count twice), most frequent first. A read of the overview's
 * one D1 batch (overview-queries.ts), so it costs no round trip of its own.
 */
export function dispositionCounts(scope: { organizationId: string; accountId: string; from: number; to: number }) {
  return read<{ name: string; count: number }>(sql`select ${zccDispositions.dispositionName} as name, count(*) as count
    from ${zccDispositions}
    inner join ${conversations} on ${conversations.organizationId} = ${zccDispositions.organizationId}
      and ${conversations.externalId} = ${zccDispositions.engagementId} and ${isZcc}
    where ${zccDispositions.organizationId} = ${scope.organizationId} and ${conversations.accountId} = ${scope.accountId}
      and ${conversations.startedAt} >= ${scope.from} and ${conversations.startedAt} <= ${scope.to}
    group by ${zccDispositions.dispositionName}
    order by count(*) desc, ${zccDispositions.dispositionName}
    limit 20`);
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
