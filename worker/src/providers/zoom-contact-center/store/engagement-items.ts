import { and, eq, sql } from "drizzle-orm";
import { zccDispositions, zccNotes } from "../../../db/schema/index.ts";
import type { Services } from "../../../platform/services.ts";

export interface NoteInput {
  noteId: string;
  userId: string | null;
  note: string;
  modifiedAt: Date | null;
}

export interface DispositionInput {
  dispositionId: string;
  /** The agent who saved it; null when the source does not say (the REST list). */
  userId: string | null;
  name: string;
  userDisplayName: string | null;
  queueName: string | null;
}

/** Notes upserted by their ids: a redelivered note stays one row, an edited one is updated. */
export async function upsertNotes(
  services: Services,
  organizationId: string,
  engagementId: string,
  notes: NoteInput[],
) {
  const { db, clock } = services;
  const now = clock.now();
  const unique = [...new Map(notes.map((n) => [n.noteId, n])).values()];
  if (unique.length === 0) return;
  const statements = unique.map((n) =>
    db
      .insert(zccNotes)
      .values({
        organizationId,
        engagementId,
        noteId: n.noteId,
        userId: n.userId,
        note: n.note,
        modifiedAt: n.modifiedAt,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [zccNotes.organizationId, zccNotes.engagementId, zccNotes.noteId],
        set: {
          note: n.note,
          userId: sql`coalesce(${n.userId}, ${zccNotes.userId})`,
          modifiedAt: sql`coalesce(${n.modifiedAt?.getTime() ?? null}, ${zccNotes.modifiedAt})`,
          updatedAt: now,
        },
      }),
  );
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
}

/**
 * Dispositions, one row per (disposition, agent): a transfer's second disposition stays beside the
 * first, the same one redelivered stays one. The REST list names no agent: its entries fill in
 * only dispositions not seen yet (agent ""), and a webhook naming the agent later claims that row.
 */
export async function upsertDispositions(
  services: Services,
  organizationId: string,
  engagementId: string,
  incoming: DispositionInput[],
) {
  const { db, clock } = services;
  const now = clock.now();
  const ofEngagement = and(
    eq(zccDispositions.organizationId, organizationId),
    eq(zccDispositions.engagementId, engagementId),
  );
  for (const d of incoming) {
    const rows = await db
      .select()
      .from(zccDispositions)
      .where(and(ofEngagement, eq(zccDispositions.dispositionId, d.dispositionId)));
    const agentKey = d.userId ?? "";
    const exact = rows.find((r) => r.agentKey === agentKey);
    const fields = { dispositionName: d.name, updatedAt: now };
    if (exact) {
      await db
        .update(zccDispositions)
        .set({
          ...fields,
          userDisplayName: d.userDisplayName ?? exact.userDisplayName,
          queueName: d.queueName ?? exact.queueName,
        })
        .where(
          and(ofEngagement, eq(zccDispositions.dispositionId, d.dispositionId), eq(zccDispositions.agentKey, agentKey)),
        );
      continue;
    }
    if (!d.userId && rows.length > 0) continue; // already known from a webhook that named the agent
    const anonymous = rows.find((r) => r.agentKey === "");
    if (d.userId && anonymous) {
      await db
        .update(zccDispositions)
        .set({ ...fields, agentKey, userDisplayName: d.userDisplayName, queueName: d.queueName })
        .where(and(ofEngagement, eq(zccDispositions.dispositionId, d.dispositionId), eq(zccDispositions.agentKey, "")));
      continue;
    }
    await db
      .insert(zccDispositions)
      .values({
        organizationId,
        engagementId,
        dispositionId: d.dispositionId,
        agentKey,
        dispositionName: d.name,
        userDisplayName: d.userDisplayName,
        queueName: d.queueName,
        updatedAt: now,
      })
      .onConflictDoNothing();
  }
}
