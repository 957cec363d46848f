import { and, eq, ne, type SQL, sql } from "drizzle-orm";
import type { BatchItem, BatchResponse } from "drizzle-orm/batch";
import { unionAll } from "drizzle-orm/sqlite-core";
import { accounts, conversations, conversationTombstones, insights } from "../db/schema/index.ts";
import type { Db } from "../platform/services.ts";
import { deleteAccountRollups, markConversationDays, rebuildMarkedDays } from "./rollups.ts";

/**
 * The only code that writes the `insights` table, the account rollups or `conversations.account_id`
 * (worker/test/insight-writes.test.ts fails on any other writer). Each operation is ONE D1 batch
 * (one transaction) that ends with the rollup rebuild of every account it touched, old and new, so a
 * new writer cannot forget the rollups, and insights always carry the account their conversation has
 * when they are written: a reassignment during a slow analysis cannot split them.
 */

/** Any statement a caller needs in the same transaction (its segments, participants, event status...). */
export type Statement = BatchItem<"sqlite">;

/** One insight as analysis produced it; its account and moment come from the conversation row. */
export interface NewInsight {
  id: string;
  kind: (typeof insights.$inferInsert)["kind"];
  text: string;
  quote: string | null;
  segmentId: number | null;
  startMs: number;
  confidence: number | null;
  data: Record<string, unknown> | null;
}

type Routing = { accountId: string; routing: "auto" | "manual" } | { accountId: null; routing: "unassigned" };

/**
 * Rows per INSERT: one SELECT per row joined by UNION ALL, and D1 allows five terms in a compound
 * SELECT (and 100 bound parameters: a row binds 13).
 */
const ROWS_PER_STATEMENT = 5;

/**
 * Replaces a conversation's insights with `rows` and records the analysis on the conversation. The
 * rows take the conversation's account and start as they are inside the batch (INSERT ... SELECT
 * FROM conversations), not as they were when the analysis began. Returns that account.
 */
export async function replaceInsights(
  db: Db,
  input: {
    organizationId: string;
    conversationId: string;
    rows: readonly NewInsight[];
    analyzer: string;
    analysisUsage: (typeof conversations.$inferInsert)["analysisUsage"];
    now: Date;
  },
): Promise<{ accountId: string | null }> {
  const { organizationId, conversationId, now } = input;
  const inserts: Statement[] = [];
  for (let i = 0; i < input.rows.length; i += ROWS_PER_STATEMENT)
    inserts.push(insertFromConversation(db, input, input.rows.slice(i, i + ROWS_PER_STATEMENT)));
  const results = await inRollupBatch(db, organizationId, conversationId, [
    db
      .delete(insights)
      .where(and(eq(insights.organizationId, organizationId), eq(insights.conversationId, conversationId))),
    ...inserts,
    db
      .update(conversations)
      .set({ status: "analyzed", analyzer: input.analyzer, analysisUsage: input.analysisUsage, updatedAt: now })
      .where(ofConversation(organizationId, conversationId)),
    db
      .select({ accountId: conversations.accountId })
      .from(conversations)
      .where(ofConversation(organizationId, conversationId)),
  ]);
  const [current] = results.at(-1) as Array<{ accountId: string | null }>;
  return { accountId: current?.accountId ?? null };
}

/** Moves a conversation and its insights to an account by hand, or makes it unassigned (accountId null). */
export async function moveConversation(
  db: Db,
  input: { organizationId: string; conversationId: string; to: Routing; now: Date },
): Promise<void> {
  const { organizationId, conversationId } = input;
  await inRollupBatch(db, organizationId, conversationId, [
    db
      .update(conversations)
      .set({ ...input.to, updatedAt: input.now })
      .where(ofConversation(organizationId, conversationId)),
    insightsFollowConversation(db, organizationId, conversationId),
  ]);
}

/**
 * Runs a provider's writes of a conversation's transcript-side facts (the conversation row and its
 * start, segments, participants) in one batch with the rollups they feed (conversation counts,
 * contacts). `route`, when given, is the automatic routing decision: it never overrides a manual
 * one, and the conversation's insights follow it. `conversation` may be a subquery (a conversation
 * known by its external id). Returns the results of `statements`.
 */
export async function storeConversationFacts<T extends readonly Statement[]>(
  db: Db,
  target: { organizationId: string; conversation: string | SQL; route?: Routing },
  statements: T,
): Promise<BatchResponse<T>> {
  const { organizationId, conversation, route } = target;
  const routed = route
    ? [
        db
          .update(conversations)
          .set(route)
          .where(and(ofConversation(organizationId, conversation), ne(conversations.routing, "manual"))),
        insightsFollowConversation(db, organizationId, conversation),
      ]
    : [];
  const results = await inRollupBatch(db, organizationId, conversation, [...statements, ...routed]);
  return results.slice(0, statements.length) as BatchResponse<T>;
}

/**
 * An account's conversations and insights become unassigned (history is kept) and its rollups go,
 * together with the caller's `statements` (e.g. deleting the account itself).
 */
export async function unassignAccount(
  db: Db,
  input: { organizationId: string; accountId: string; now: Date },
  statements: readonly Statement[],
): Promise<void> {
  const { organizationId, accountId } = input;
  await db.batch([
    db
      .update(conversations)
      .set({ accountId: null, routing: "unassigned", updatedAt: input.now })
      .where(and(eq(conversations.organizationId, organizationId), eq(conversations.accountId, accountId))),
    db
      .update(insights)
      .set({ accountId: null })
      .where(and(eq(insights.organizationId, organizationId), eq(insights.accountId, accountId))),
    ...deleteAccountRollups(db, organizationId, accountId),
    ...statements,
  ]);
}

/**
 * Deletes a conversation for good (deletions/): `before` runs first (e.g. counting what goes), then
 * its insights, the caller's `deletes` (segments, participants...), a tombstone so the provider
 * cannot bring it back, and the row itself; its account's rollups and activity are rebuilt from what
 * is left, in the same batch. Deleting an already deleted conversation changes nothing.
 */
export async function deleteConversation(
  db: Db,
  input: { organizationId: string; conversationId: string; deletionId: string; now: Date },
  before: readonly Statement[],
  deletes: readonly Statement[],
): Promise<void> {
  const { organizationId, conversationId } = input;
  await inRollupBatch(db, organizationId, conversationId, [
    ...before,
    db
      .delete(insights)
      .where(and(eq(insights.organizationId, organizationId), eq(insights.conversationId, conversationId))),
    ...deletes,
    db
      .insert(conversationTombstones)
      .select(
        db
          .select({
            organizationId: conversations.organizationId,
            source: conversations.source,
            externalId: conversations.externalId,
            deletionId: sql<string>`${input.deletionId}`.as("deletion_id"),
            deletedAt: sql<number>`${input.now.getTime()}`.as("deleted_at"),
          })
          .from(conversations)
          .where(ofConversation(organizationId, conversationId)),
      )
      .onConflictDoNothing(),
    db.delete(conversations).where(ofConversation(organizationId, conversationId)),
  ]);
}

const ofConversation = (organizationId: string, conversationId: string | SQL) =>
  and(eq(conversations.organizationId, organizationId), eq(conversations.id, conversationId));

/**
 * `writes` between the marks of the (account, day) keys the conversation touches before and after
 * them, then the activity and rollups of every marked account rebuilt: the old account's and the new
 * one's. Returns the results of `writes`.
 */
async function inRollupBatch(db: Db, organizationId: string, conversationId: string | SQL, writes: Statement[]) {
  const results = await db.batch([
    markConversationDays(db, organizationId, conversationId),
    ...writes,
    markConversationDays(db, organizationId, conversationId),
    refreshMarkedActivity(db, organizationId),
    ...rebuildMarkedDays(db, organizationId),
  ]);
  return results.slice(1, 1 + writes.length);
}

/** The conversation's insights carry its account as the batch finds it. */
function insightsFollowConversation(db: Db, organizationId: string, conversationId: string | SQL) {
  return db
    .update(insights)
    .set({
      accountId: sql`(SELECT c.account_id FROM conversations c
        WHERE c.organization_id = ${organizationId} AND c.id = ${conversationId})`,
    })
    .where(and(eq(insights.organizationId, organizationId), eq(insights.conversationId, conversationId)));
}

/**
 * "My accounts" sorts by last activity: recomputed for every account whose rollups the batch rebuilds
 * (the marks are cleared by the rebuild, so this runs before it). Table names are spelled out because
 * drizzle leaves columns of an UPDATE unqualified, which the subquery would read as its own.
 */
function refreshMarkedActivity(db: Db, organizationId: string) {
  return db
    .update(accounts)
    .set({
      lastActivityAt: sql`(SELECT max(c.started_at) FROM conversations c
        WHERE c.organization_id = accounts.organization_id AND c.account_id = accounts.id)`,
    })
    .where(
      and(
        eq(accounts.organizationId, organizationId),
        sql`accounts.id IN (SELECT d.account_id FROM rollup_dirty_days d WHERE d.organization_id = ${organizationId})`,
      ),
    );
}

/** Insight rows selected from the conversation row, so account and moment are the batch's, not the caller's. */
function insertFromConversation(
  db: Db,
  input: { organizationId: string; conversationId: string; analyzer: string; now: Date },
  rows: readonly NewInsight[],
) {
  // Aliased: a compound SELECT (union all) takes only named columns.
  const value = <T>(v: T, name: string) => sql<T>`${v}`.as(name);
  const selects = rows.map((row) =>
    db
      .select({
        id: value(row.id, "id"),
        organizationId: conversations.organizationId,
        conversationId: conversations.id,
        accountId: conversations.accountId,
        kind: value(row.kind, "kind"),
        text: value(row.text, "text"),
        quote: value(row.quote, "quote"),
        segmentId: value(row.segmentId, "segment_id"),
        startMs: value(row.startMs, "start_ms"),
        confidence: value(row.confidence, "confidence"),
        data: value(row.data === null ? null : JSON.stringify(row.data), "data"),
        analyzer: value(input.analyzer, "analyzer"),
        occurredAt: sql<number>`${conversations.startedAt} + ${row.startMs}`.as("occurred_at"),
        createdAt: value(input.now.getTime(), "created_at"),
      })
      .from(conversations)
      .where(ofConversation(input.organizationId, input.conversationId)),
  );
  const [first, second, ...rest] = selects;
  if (!first) throw new Error("insertFromConversation needs at least one row");
  return db.insert(insights).select(second ? unionAll(first, second, ...rest) : first);
}
