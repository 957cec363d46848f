import type { AccountOverview, InsightSource } from "@sightline/shared";
import { and, eq, gte, lte, type SQL, sql } from "drizzle-orm";
import { getAccount, loadDomains } from "../accounts/account-store.ts";
import { accountView } from "../api/views.ts";
import { contacts, conversations, insights, participants, transcriptSegments } from "../db/schema/index.ts";
import type { Db } from "../platform/services.ts";
import { weekStart } from "./period-range.ts";
import { sourceKind } from "./source-kind.ts";

const TOP_TOPICS = 15;
const TOP_ITEMS = 20;
const iso = (d: Date) => d.toISOString();

function sentimentLabel(score: number): "positive" | "neutral" | "negative" {
  return score > 0.1 ? "positive" : score < -0.1 ? "negative" : "neutral";
}

/**
 * Everything the sidebar shows for one account over a window: topics merged across conversations
 * (most conversations, then most recent), wins and issues with counts and sources, objections,
 * next steps, contacts on both sides, weekly sentiment and the latest closing probability.
 * Two indexed reads (insights by account and time; participants of the window's conversations).
 */
export async function buildAccountOverview(
  db: Db,
  organizationId: string,
  accountId: string,
  range: { from: Date | null; to: Date },
): Promise<AccountOverview> {
  const account = await getAccount(db, organizationId, accountId);
  const inWindow = (column: typeof insights.occurredAt | typeof conversations.startedAt): SQL | undefined =>
    and(range.from ? gte(column, range.from) : undefined, lte(column, range.to));

  const [rows, convStats, people, accountContacts, domains] = await Promise.all([
    db
      .select({
        kind: insights.kind,
        text: insights.text,
        quote: insights.quote,
        startMs: insights.startMs,
        confidence: insights.confidence,
        data: insights.data,
        occurredAt: insights.occurredAt,
        conversationId: conversations.id,
        title: conversations.title,
        source: conversations.source,
        speaker: transcriptSegments.speaker,
      })
      .from(insights)
      .innerJoin(
        conversations,
        and(eq(conversations.id, insights.conversationId), eq(conversations.organizationId, organizationId)),
      )
      .leftJoin(
        transcriptSegments,
        and(eq(transcriptSegments.id, insights.segmentId), eq(transcriptSegments.organizationId, organizationId)),
      )
      .where(
        and(
          eq(insights.organizationId, organizationId),
          eq(insights.accountId, accountId),
          inWindow(insights.occurredAt),
        ),
      )
      .orderBy(sql`${insights.occurredAt} desc`),
    db
      .select({ count: sql<number>`count(*)`, lastAt: sql<number | null>`max(${conversations.startedAt})` })
      .from(conversations)
      .where(
        and(
          eq(conversations.organizationId, organizationId),
          eq(conversations.accountId, accountId),
          inWindow(conversations.startedAt),
        ),
      ),
    db
      .select({
        name: participants.name,
        email: participants.email,
        side: participants.side,
        conversations: sql<number>`count(distinct ${participants.conversationId})`,
        lastAt: sql<number>`max(${conversations.startedAt})`,
      })
      .from(participants)
      .innerJoin(
        conversations,
        and(eq(conversations.id, participants.conversationId), eq(conversations.organizationId, organizationId)),
      )
      .where(
        and(
          eq(participants.organizationId, organizationId),
          eq(conversations.accountId, accountId),
          inWindow(conversations.startedAt),
        ),
      )
      .groupBy(sql`lower(coalesce(${participants.email}, ${participants.name}))`, participants.side),
    db.query.contacts.findMany({
      where: and(eq(contacts.organizationId, organizationId), eq(contacts.accountId, accountId)),
    }),
    loadDomains(db, organizationId, [accountId]),
  ]);

  const sourceOf = (r: (typeof rows)[number]): InsightSource => ({
    conversationId: r.conversationId,
    conversationTitle: r.title,
    kind: sourceKind(r.source),
    occurredAt: iso(r.occurredAt),
    quote: r.quote,
    startMs: r.startMs,
    speaker: r.speaker,
  });
  const data = (r: (typeof rows)[number]) => (r.data ?? {}) as Record<string, unknown>;
  const ofKind = (kind: string) => rows.filter((r) => r.kind === kind);

  // Topics: the same phrase in several conversations is one topic; rank by reach, then recency.
  const topicMap = new Map<
    string,
    { phrase: string; mentions: number; conversations: Set<string>; lastAt: Date; sources: InsightSource[] }
  >();
  for (const r of ofKind("topic")) {
    const key = r.text.trim().toLowerCase();
    const entry = topicMap.get(key) ?? {
      phrase: r.text,
      mentions: 0,
      conversations: new Set(),
      lastAt: r.occurredAt,
      sources: [],
    };
    entry.mentions += Number(data(r).mentions ?? 1);
    entry.conversations.add(r.conversationId);
    if (r.occurredAt > entry.lastAt) entry.lastAt = r.occurredAt;
    if (entry.sources.length < 5) entry.sources.push(sourceOf(r));
    topicMap.set(key, entry);
  }
  const topics = [...topicMap.values()]
    .sort(
      (a, b) =>
        b.conversations.size - a.conversations.size ||
        b.lastAt.getTime() - a.lastAt.getTime() ||
        b.mentions - a.mentions,
    )
    .slice(0, TOP_TOPICS)
    .map((t) => ({
      phrase: t.phrase,
      mentions: t.mentions,
      conversations: t.conversations.size,
      lastAt: iso(t.lastAt),
      sources: t.sources,
    }));

  const counted = (kind: string) => {
    const list = ofKind(kind);
    return { count: list.length, items: list.slice(0, TOP_ITEMS).map((r) => ({ text: r.text, source: sourceOf(r) })) };
  };

  const weeks = new Map<number, { total: number; n: number }>();
  for (const r of ofKind("sentiment")) {
    const week = weekStart(r.occurredAt).getTime();
    const entry = weeks.get(week) ?? { total: 0, n: 0 };
    entry.total += r.confidence ?? 0;
    entry.n += 1;
    weeks.set(week, entry);
  }
  const closing = ofKind("closing_probability")[0];

  // Contacts: who took part in the window, enriched with what the account's contact list knows;
  // the account's other contacts follow, with their last interaction overall.
  const byEmail = new Map(accountContacts.filter((c) => c.email).map((c) => [c.email?.toLowerCase(), c]));
  const seen = new Set<string>();
  const contactRows: AccountOverview["contacts"] = [];
  for (const p of people) {
    if (p.side === "unknown") continue;
    const known = p.email ? byEmail.get(p.email.toLowerCase()) : undefined;
    if (known) seen.add(known.id);
    contactRows.push({
      name: known?.name ?? p.name,
      email: p.email,
      title: known?.title ?? null,
      side: p.side,
      conversations: p.conversations,
      lastInteractionAt: iso(new Date(p.lastAt)),
    });
  }
  for (const c of accountContacts) {
    if (seen.has(c.id)) continue;
    contactRows.push({
      name: c.name,
      email: c.email,
      title: c.title,
      side: c.side,
      conversations: 0,
      lastInteractionAt: c.lastInteractionAt ? iso(c.lastInteractionAt) : null,
    });
  }
  contactRows.sort(
    (a, b) => a.side.localeCompare(b.side) * -1 || (b.lastInteractionAt ?? "").localeCompare(a.lastInteractionAt ?? ""),
  );

  const stats = convStats[0];
  return {
    account: accountView(account, domains.get(accountId) ?? []),
    period: { from: range.from ? iso(range.from) : null, to: iso(range.to) },
    conversations: { count: Number(stats?.count ?? 0), lastAt: stats?.lastAt ? iso(new Date(stats.lastAt)) : null },
    topics,
    wins: counted("win"),
    issues: counted("issue"),
    objections: ofKind("objection")
      .slice(0, TOP_ITEMS)
      .map((r) => ({ text: r.text, category: String(data(r).category ?? "other"), source: sourceOf(r) })),
    nextSteps: ofKind("next_step")
      .slice(0, TOP_ITEMS)
      .map((r) => ({
        text: r.text,
        owner: (data(r).owner as string | null) ?? null,
        due: (data(r).due as string | null) ?? null,
        source: sourceOf(r),
      })),
    contacts: contactRows,
    sentimentByWeek: [...weeks.entries()]
      .sort(([a], [b]) => a - b)
      .map(([week, { total, n }]) => ({
        weekStart: iso(new Date(week)),
        score: Math.round((total / n) * 1000) / 1000,
        label: sentimentLabel(total / n),
        conversations: n,
      })),
    closingProbability: closing
      ? { value: Number(closing.text), at: iso(closing.occurredAt), conversationId: closing.conversationId }
      : null,
  };
}
