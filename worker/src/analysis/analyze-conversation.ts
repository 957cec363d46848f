import { and, asc, eq } from "drizzle-orm";
import { callCoachingStats } from "../coaching/call-stats.ts";
import { accounts, conversations, participants, transcriptSegments } from "../db/schema/index.ts";
import { replaceInsights } from "../insights/insight-writer.ts";
import { enqueueSlackRecapIfConfigured } from "../notifications/slack/post-slack-recap.ts";
import { newId } from "../platform/ids.ts";
import type { Services } from "../platform/services.ts";
import { PermanentJobError } from "../queue/jobs.ts";
import { type AnalysisContext, sideResolver } from "./analyzer.ts";
import { readCompetitors } from "./competitor-settings.ts";
import { toInsightRows } from "./insight-rows.ts";
import { type AnalyzerSettings, runAnalysis } from "./openai/run-analysis.ts";

/**
 * Analyzes a stored conversation and replaces its insights in one transaction (insights/insight-writer.ts:
 * delete + insert + the call's coaching stats + the accounts' rollups in a single D1 batch), so re-analysis by a newer analyzer version
 * never duplicates insights (nor counts them twice in the rollups) and a
 * failure never leaves half of them. Idempotent: running it twice gives the same rows.
 * The OpenAI analyzer runs when OPENAI_API_KEY is set (with the built-in one as fallback),
 * else the built-in analyzer; rows record which ("openai:<model>@<prompt version>" or "builtin@<version>").
 */
export async function analyzeConversation(
  services: Services,
  organizationId: string,
  conversationId: string,
  settings: AnalyzerSettings = services.config.openai,
): Promise<number> {
  const { db, clock, log } = services;
  const conversation = await db.query.conversations.findFirst({
    where: and(eq(conversations.organizationId, organizationId), eq(conversations.id, conversationId)),
  });
  if (!conversation) throw new PermanentJobError(`conversation ${conversationId} not found`);
  const [segments, people, account, competitors] = await Promise.all([
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
    readCompetitors(db, organizationId),
  ]);
  const context: AnalysisContext = {
    participants: people
      .filter((p) => p.side !== "unknown")
      .map((p) => ({ name: p.name, side: p.side as "ours" | "theirs" })),
    accountName: account?.name,
    ...(competitors.length > 0 ? { competitors } : {}),
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
  const rows = toInsightRows(result).map((row) => ({
    id: newId("ins"),
    kind: row.kind,
    text: row.text,
    quote: row.quote,
    segmentId: segmentIdBySeq.get(row.segmentSeq) ?? null,
    startMs: row.startMs,
    confidence: row.confidence,
    data: row.data,
  }));
  // The account is the conversation's when the rows are written, not `conversation.accountId` read
  // above: an admin may reassign it while the analysis runs (seconds to minutes with OpenAI).
  await replaceInsights(db, {
    organizationId,
    conversationId,
    rows,
    analyzer: analysis.analyzer,
    analysisUsage: analysis.usage && analysis.cache ? { ...analysis.usage, cache: analysis.cache } : null,
    coachingStats: callCoachingStats(result, segments, sideResolver(context)),
    now: clock.now(),
  });
  log.info("conversation analyzed", {
    conversation: conversationId,
    insights: rows.length,
    analyzer: analysis.analyzer,
    ...(analysis.usage ? { totalTokens: analysis.usage.totalTokens, cache: analysis.cache } : {}),
    ...(analysis.fallbackReason ? { fallback: true } : {}),
  });
  // Slack recaps are for calls: an e-mail thread is re-analyzed as messages are appended, and its
  // insights reach people through the sidebar instead.
  if (conversation.source !== "email") await enqueueSlackRecapIfConfigured(services, organizationId, conversationId);
  return rows.length;
}
