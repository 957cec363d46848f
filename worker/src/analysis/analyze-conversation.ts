import { and, asc, eq } from "drizzle-orm";
import { callCoachingStats } from "../coaching/call-stats.ts";
import {
  accounts,
  conversationCoachingStats,
  conversations,
  insights,
  participants,
  transcriptSegments,
} from "../db/schema/index.ts";
import { PermanentJobError } from "../ingest/jobs.ts";
import { refreshAccountActivity } from "../ingest/refresh-account-activity.ts";
import { aroundInsightWrites } from "../insights/rollups.ts";
import { enqueueSlackRecapIfConfigured } from "../notifications/slack/post-slack-recap.ts";
import { newId } from "../platform/ids.ts";
import type { Services } from "../platform/services.ts";
import { type AnalysisContext, sideResolver } from "./analyzer.ts";
import { toInsightRows } from "./insight-rows.ts";
import { type AnalyzerSettings, runAnalysis } from "./openai/run-analysis.ts";

/** D1 allows 100 bound parameters per statement: insight rows go in small groups within one batch. */
const ROWS_PER_STATEMENT = 6;

/**
 * Analyzes a stored conversation and replaces its insights in one transaction (delete + insert +
 * the account's daily rollups + the call's coaching stats in a single D1 batch), so re-analysis by a newer analyzer version
 * never duplicates insights (nor counts them twice in the rollups) and a
 * failure never leaves half of them. Idempotent: running it twice gives the same rows.
 * The OpenAI analyzer runs when `settings.OPENAI_API_KEY` is set (with the built-in one as fallback),
 * else the built-in analyzer; rows record which ("openai:<model>@<prompt version>" or "builtin@<version>").
 */
export async function analyzeConversation(
  services: Services,
  organizationId: string,
  conversationId: string,
  settings: AnalyzerSettings = {},
): Promise<number> {
  const { db, clock, log } = services;
  const conversation = await db.query.conversations.findFirst({
    where: and(eq(conversations.organizationId, organizationId), eq(conversations.id, conversationId)),
  });
  if (!conversation) throw new PermanentJobError(`conversation ${conversationId} not found`);
  const [segments, people, account] = await Promise.all([
    db
      .select()
      .from(transcriptSegments)
      .where(
        and(
          eq(transcriptSegments.organizationId, organizationId),
          eq(transcriptSegments.conversationId, conversationId),
        ),
      )
      .orderBy(asc(transcriptSegments.seq)),
    db
      .select({ name: participants.name, side: participants.side })
      .from(participants)
      .where(and(eq(participants.organizationId, organizationId), eq(participants.conversationId, conversationId))),
    conversation.accountId
      ? db.query.accounts.findFirst({
          columns: { name: true },
          where: and(eq(accounts.organizationId, organizationId), eq(accounts.id, conversation.accountId)),
        })
      : undefined,
  ]);
  const context: AnalysisContext = {
    participants: people
      .filter((p) => p.side !== "unknown")
      .map((p) => ({ name: p.name, side: p.side as "ours" | "theirs" })),
    accountName: account?.name,
  };
  const analysis = await runAnalysis(services, settings, {
    organizationId,
    conversationId,
    transcriptHash: conversation.transcriptHash,
    transcript: {
      segments: segments.map((s) => ({ speaker: s.speaker, startMs: s.startMs, endMs: s.endMs, text: s.text })),
    },
    context,
  });
  const result = analysis.insights;
  const segmentIdBySeq = new Map(segments.map((s) => [s.seq, s.id]));
  const now = clock.now();
  const rows = toInsightRows(result).map((row) => ({
    id: newId("ins"),
    organizationId,
    conversationId,
    accountId: conversation.accountId,
    kind: row.kind,
    text: row.text,
    quote: row.quote,
    segmentId: segmentIdBySeq.get(row.segmentSeq) ?? null,
    startMs: row.startMs,
    confidence: row.confidence,
    data: row.data,
    analyzer: analysis.analyzer,
    occurredAt: new Date(conversation.startedAt.getTime() + row.startMs),
    createdAt: now,
  }));
  const scope = and(eq(insights.organizationId, organizationId), eq(insights.conversationId, conversationId));
  // The call's coaching figures (talk ratio, our longest monologue, questions, next steps) are
  // replaced with the insights, so rep coaching reads them instead of re-reading transcripts.
  const coachingStats = {
    organizationId,
    conversationId,
    analyzer: analysis.analyzer,
    ...callCoachingStats(result, segments, sideResolver(context)),
    createdAt: now,
  };
  const inserts = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT)
    inserts.push(db.insert(insights).values(rows.slice(i, i + ROWS_PER_STATEMENT)));
  // The account's daily rollups are recomputed from the new rows in the same transaction (for the
  // old rows' days too: a conversation re-routed since its last analysis leaves its old account).
  const rollups = aroundInsightWrites(db, organizationId, conversationId);
  await db.batch([
    rollups.before,
    db.delete(insights).where(scope),
    ...inserts,
    ...rollups.after,
    db
      .insert(conversationCoachingStats)
      .values(coachingStats)
      .onConflictDoUpdate({
        target: [conversationCoachingStats.organizationId, conversationCoachingStats.conversationId],
        set: coachingStats,
      }),
    db
      .update(conversations)
      .set({
        status: "analyzed",
        analyzer: analysis.analyzer,
        analysisUsage: analysis.usage && analysis.cache ? { ...analysis.usage, cache: analysis.cache } : null,
        updatedAt: now,
      })
      .where(and(eq(conversations.organizationId, organizationId), eq(conversations.id, conversationId))),
  ]);
  if (conversation.accountId) await refreshAccountActivity(services, organizationId, conversation.accountId);
  log.info("conversation analyzed", {
    conversation: conversationId,
    insights: rows.length,
    analyzer: analysis.analyzer,
    ...(analysis.usage ? { totalTokens: analysis.usage.totalTokens, cache: analysis.cache } : {}),
    ...(analysis.fallbackReason ? { fallback: true } : {}),
  });
  await enqueueSlackRecapIfConfigured(services, organizationId, conversationId);
  return rows.length;
}
