import type { AccountOverview, InsightSource } from "@sightline/shared";
import { accountView } from "../accounts/account-view.ts";
import { messagesOfSegments } from "../emails/messages-of-segments.ts";
import { ApiError } from "../platform/api-error.ts";
import type { Db } from "../platform/services.ts";
import { dispositionCounts, engagementItems } from "./engagement-facts.ts";
import {
  type AccountWithListsRow,
  accountWithLists,
  contactsInWindow,
  latestOfKinds,
  runReads,
  type SourcedRow,
  sentimentByWeek,
  type TopicSourceRow,
  topTopicsWithSources,
  windowCounts,
} from "./overview-queries.ts";
import { sourceKind } from "./source-kind.ts";

/** How the sidebar names a Contact Center channel. */
const CHANNEL: Record<string, string> = {
  zcc_voice: "Contact Center call",
  zcc_video: "Contact Center video",
  zcc_messaging: "Contact Center chat",
  zcc_email: "Contact Center e-mail",
  zcc_voicemail: "Contact Center voicemail",
};

const TOP_TOPICS = 15;
const TOP_ITEMS = 20;
const iso = (d: Date) => d.toISOString();

/** What the overview reads of the account's contact list (epoch ms, as stored). */
interface AccountContact {
  id: string;
  name: string;
  email: string | null;
  title: string | null;
  side: "ours" | "theirs";
  lastInteractionAt: number | null;
}

/** The raw row in the shape drizzle reads accounts in (dates for the epoch-ms columns). */
function storedAccount(row: AccountWithListsRow, organizationId: string) {
  return {
    id: row.id,
    organizationId,
    name: row.name,
    normalizedName: row.normalized_name,
    salesforceId: row.salesforce_id,
    hubspotId: row.hubspot_id,
    utmSource: row.utm_source,
    utmMedium: row.utm_medium,
    utmCampaign: row.utm_campaign,
    crmLeadSource: row.crm_lead_source,
    ownerUserId: row.owner_user_id,
    lastActivityAt: row.last_activity_at === null ? null : new Date(row.last_activity_at),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

function sentimentLabel(score: number): "positive" | "neutral" | "negative" {
  return score > 0.1 ? "positive" : score < -0.1 ? "negative" : "neutral";
}

/**
 * Everything the sidebar shows for one account over a window: topics merged across conversations
 * (most conversations, then most recent), wins and issues with counts and sources, objections,
 * next steps, contacts on both sides, weekly sentiment and the latest closing probability.
 * Aggregated in D1 (overview-queries.ts) from the per-account day, week and four-week rollups that
 * transcript storage, analysis and routing keep (rollups.ts): the Worker reads tens of rows whatever
 * the window holds, in one round trip.
 */
/** The closing reasons stored with the score (absent on rows written before analyzer 1.3.0). */
const reasonsOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];

export async function buildAccountOverview(
  db: Db,
  organizationId: string,
  accountId: string,
  range: { from: Date | null; to: Date },
): Promise<AccountOverview> {
  const scope = { organizationId, accountId, from: range.from?.getTime() ?? 0, to: range.to.getTime() };
  // One round trip: the account with its lists, and every aggregate (with the top topics' sources),
  // as one D1 batch.
  const [[account], ...aggregates] = await runReads(db, [
    accountWithLists(scope),
    topTopicsWithSources(scope, TOP_TOPICS, 5),
    windowCounts(scope),
    latestOfKinds(scope, ["win", "issue", "objection", "next_step", "closing_probability"], TOP_ITEMS),
    sentimentByWeek(scope),
    contactsInWindow(scope),
    dispositionCounts(scope),
  ]);
  if (!account) throw ApiError.notFound("account");
  const domainRows = JSON.parse(account.domains) as string[];
  const accountContacts = JSON.parse(account.contacts) as AccountContact[];
  const [topicRows, [counts], items, weeks, people, dispositionRows] = aggregates;
  const dispositions = dispositionRows.map((r) => ({ name: r.name, count: Number(r.count) }));
  const ofKind = (kind: string) => items.filter((r) => r.kind === kind);
  const [wins, issues, objections, nextSteps, closingRows] = [
    ofKind("win"),
    ofKind("issue"),
    ofKind("objection"),
    ofKind("next_step"),
    ofKind("closing_probability"),
  ];
  const domains = domainRows.sort();

  // Contact Center sources carry their channel and the engagement's dispositions and notes.
  const zccConversationIds = [...topicRows, ...items]
    .filter((r) => r.conversation_id !== null && r.source?.startsWith("zcc_"))
    .map((r) => r.conversation_id as string);
  // E-mail sources name the message their quote is in ("open source" shows it).
  const emailSegmentIds = [...topicRows, ...items].flatMap((r) =>
    r.source === "email" && r.segment_id !== null ? [r.segment_id] : [],
  );
  const [engagementFacts, messageOfSegment] = await Promise.all([
    engagementItems(db, organizationId, zccConversationIds),
    messagesOfSegments(db, organizationId, emailSegmentIds),
  ]);
  const sourceOf = (r: SourcedRow): InsightSource => {
    const facts = engagementFacts.get(r.conversation_id);
    return {
      conversationId: r.conversation_id,
      conversationTitle: r.title,
      kind: sourceKind(r.source),
      occurredAt: iso(new Date(r.occurred_at)),
      quote: r.quote,
      startMs: r.start_ms,
      speaker: r.speaker,
      ...(CHANNEL[r.source] ? { channel: CHANNEL[r.source] } : {}),
      ...(facts ? { dispositions: facts.dispositions, notes: facts.notes } : {}),
      ...(r.segment_id !== null && messageOfSegment.has(r.segment_id)
        ? { messageId: messageOfSegment.get(r.segment_id) }
        : {}),
    };
  };
  // One row per (topic, source), topics in rank order: regroup.
  const topics = new Map<string, { first: TopicSourceRow; sources: InsightSource[] }>();
  for (const row of topicRows) {
    const topic = topics.get(row.key) ?? { first: row, sources: [] };
    topics.set(row.key, topic);
    if (row.conversation_id !== null) topic.sources.push(sourceOf(row as SourcedRow));
  }
  const data = (r: SourcedRow) => (r.data ? (JSON.parse(r.data) as Record<string, unknown>) : {});
  const closing = closingRows[0];

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
      lastInteractionAt: c.lastInteractionAt ? iso(new Date(c.lastInteractionAt)) : null,
    });
  }
  contactRows.sort(
    (a, b) => a.side.localeCompare(b.side) * -1 || (b.lastInteractionAt ?? "").localeCompare(a.lastInteractionAt ?? ""),
  );

  return {
    account: accountView(storedAccount(account, organizationId), domains),
    period: { from: range.from ? iso(range.from) : null, to: iso(range.to) },
    conversations: {
      count: Number(counts?.count ?? 0),
      lastAt: counts?.last_at ? iso(new Date(counts.last_at)) : null,
    },
    topics: [...topics.values()].map(({ first: t, sources }) => ({
      phrase: t.topic_phrase.toLowerCase(),
      mentions: Number(t.topic_mentions),
      conversations: Number(t.topic_conversations),
      lastAt: iso(new Date(t.topic_last_at)),
      sources,
    })),
    wins: { count: Number(counts?.wins ?? 0), items: wins.map((r) => ({ text: r.text, source: sourceOf(r) })) },
    issues: { count: Number(counts?.issues ?? 0), items: issues.map((r) => ({ text: r.text, source: sourceOf(r) })) },
    objections: objections.map((r) => ({
      text: r.text,
      category: String(data(r).category ?? "other"),
      source: sourceOf(r),
    })),
    nextSteps: nextSteps.map((r) => ({
      text: r.text,
      owner: (data(r).owner as string | null) ?? null,
      due: (data(r).due as string | null) ?? null,
      source: sourceOf(r),
    })),
    contacts: contactRows,
    sentimentByWeek: weeks.map((w) => ({
      weekStart: iso(new Date(w.week_day * 86_400_000)),
      score: Math.round(w.score * 1000) / 1000,
      label: sentimentLabel(w.score),
      conversations: Number(w.n),
    })),
    closingProbability: closing
      ? {
          value: Number(closing.text),
          reasons: reasonsOf(data(closing).reasons),
          at: iso(new Date(closing.occurred_at)),
          conversationId: closing.conversation_id,
        }
      : null,
    dispositions,
  };
}
