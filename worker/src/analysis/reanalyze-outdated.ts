import { and, asc, eq, gt, like, ne, notExists, or } from "drizzle-orm";
import { conversationCoachingStats, conversations } from "../db/schema/index.ts";
import type { Services } from "../platform/services.ts";
import type { IngestJob } from "../queue/jobs.ts";
import { BUILTIN_ANALYZER_ID, BUILTIN_ANALYZER_VERSION } from "./builtin/builtin-analyzer.ts";
import type { AnalyzerSettings } from "./openai/run-analysis.ts";

/** Queues take at most 100 messages per sendBatch. */
const BATCH = 100;
/** A night re-queues at most this many conversations, so a release never floods the queue at once. */
export const REANALYZE_PER_RUN = 1_000;

const CURRENT_BUILTIN = `${BUILTIN_ANALYZER_ID}@${BUILTIN_ANALYZER_VERSION}`;

/**
 * Re-queues analysis for conversations last analyzed by an older built-in analyzer (the
 * conversation's `analyzer`, also set for conversations that yielded no insights), so a
 * release that improves the analyzer reaches existing accounts, not only new calls. Analysis
 * replaces a conversation's insights and rollups in one batch, so a conversation queued twice is
 * harmless, and the Slack recap is never posted again for it.
 *
 * Only while the built-in analyzer is the active one: with OPENAI_API_KEY set, re-analysis would
 * send old transcripts to the paid endpoint, which is the operator's decision, not a cron's.
 * Every organization's conversations are covered; each job carries its organization id, and the
 * analysis scopes every query by it.
 *
 * Conversations analyzed before coaching stats existed (no `conversation_coaching_stats` row, migration
 * 0009) are re-analyzed the same way, so rep coaching gets their figures without a backfill migration
 * (the figures need the transcript and the analyzer, which SQL alone cannot run).
 */
export async function reanalyzeOutdatedConversations(
  services: Services,
  settings: Pick<AnalyzerSettings, "apiKey"> = services.config.openai,
  limit = REANALYZE_PER_RUN,
): Promise<{ queued: number }> {
  if (settings.apiKey) return { queued: 0 };
  let after = "";
  let queued = 0;
  while (queued < limit) {
    // Keyset pages by conversation id: jobs queued by an earlier page have not run yet, so the
    // next page must start after them rather than ask "which are still outdated" again.
    const page = await services.db
      .select({ organizationId: conversations.organizationId, conversationId: conversations.id })
      .from(conversations)
      .where(
        and(
          like(conversations.analyzer, `${BUILTIN_ANALYZER_ID}@%`),
          or(
            ne(conversations.analyzer, CURRENT_BUILTIN),
            notExists(
              services.db
                .select({ one: conversationCoachingStats.conversationId })
                .from(conversationCoachingStats)
                .where(
                  and(
                    eq(conversationCoachingStats.organizationId, conversations.organizationId),
                    eq(conversationCoachingStats.conversationId, conversations.id),
                  ),
                ),
            ),
          ),
          gt(conversations.id, after),
        ),
      )
      .orderBy(asc(conversations.id))
      .limit(Math.min(BATCH, limit - queued));
    if (page.length === 0) break;
    const jobs: IngestJob[] = page.map((row) => ({ kind: "analyze_conversation", ...row }));
    await services.ingestQueue.sendBatch(jobs.map((body) => ({ body })));
    queued += jobs.length;
    after = page[page.length - 1]?.conversationId ?? after;
    if (page.length < BATCH) break;
  }
  if (queued > 0)
    services.log.info("re-analysis queued for an older analyzer version", { queued, current: CURRENT_BUILTIN });
  return { queued };
}
