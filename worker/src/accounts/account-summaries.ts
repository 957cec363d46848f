import { and, eq, gte, inArray, sql } from "drizzle-orm";
import { insights } from "../db/schema/index.ts";
import type { Db } from "../platform/services.ts";

export interface AccountSummary {
  recentTopics: string[];
  winCount: number;
  issueCount: number;
}

/** The window "My accounts" rows summarize: what a rep needs to know before the next call. */
export const SUMMARY_WINDOW_DAYS = 90;
const TOPICS_PER_ACCOUNT = 3;

/**
 * For each listed account: its most discussed topics and its win and issue counts over the last
 * 90 days. One grouped query over the insights index (organization, account, kind, time).
 */
export async function summarizeAccounts(db: Db, organizationId: string, accountIds: string[], now: Date) {
  const summaries = new Map<string, AccountSummary>(
    accountIds.map((id) => [id, { recentTopics: [], winCount: 0, issueCount: 0 }]),
  );
  if (accountIds.length === 0) return summaries;
  const since = new Date(now.getTime() - SUMMARY_WINDOW_DAYS * 86_400_000);
  const rows = await db
    .select({
      accountId: insights.accountId,
      kind: insights.kind,
      // Topics are grouped by phrase; wins and issues only need counting.
      phrase: sql<string | null>`case when ${insights.kind} = 'topic' then lower(${insights.text}) end`,
      n: sql<number>`count(*)`,
      lastAt: sql<number>`max(${insights.occurredAt})`,
    })
    .from(insights)
    .where(
      and(
        eq(insights.organizationId, organizationId),
        inArray(insights.accountId, accountIds),
        inArray(insights.kind, ["topic", "win", "issue"]),
        gte(insights.occurredAt, since),
      ),
    )
    .groupBy(insights.accountId, insights.kind, sql`3`);
  const topics = new Map<string, Array<{ phrase: string; n: number; lastAt: number }>>();
  for (const row of rows) {
    const summary = row.accountId ? summaries.get(row.accountId) : undefined;
    if (!summary || !row.accountId) continue;
    if (row.kind === "win") summary.winCount += Number(row.n);
    else if (row.kind === "issue") summary.issueCount += Number(row.n);
    else if (row.phrase) {
      const list = topics.get(row.accountId) ?? [];
      list.push({ phrase: row.phrase, n: Number(row.n), lastAt: Number(row.lastAt) });
      topics.set(row.accountId, list);
    }
  }
  for (const [accountId, list] of topics) {
    list.sort((a, b) => b.n - a.n || b.lastAt - a.lastAt);
    const summary = summaries.get(accountId);
    if (summary) summary.recentTopics = list.slice(0, TOPICS_PER_ACCOUNT).map((t) => t.phrase);
  }
  return summaries;
}
