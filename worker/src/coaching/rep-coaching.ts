import type {
  CoachingCall,
  CoachingMetric,
  CoachingMetricName,
  CoachingTipSummary,
  CoachingWeek,
  RepCoaching,
} from "@sightline/shared";
import { type SQL, sql } from "drizzle-orm";
import { type Read, runReads } from "../insights/overview-queries.ts";
import { sourceKind } from "../insights/source-kind.ts";
import type { Db } from "../platform/services.ts";
import { talkRatio } from "./call-stats.ts";

const DAY_MS = 86_400_000;
/** Calls listed in the answer (the figures cover every call of the period). */
export const LISTED_CALLS = 100;
/** Example quotes per tip kind. */
export const TIP_EXAMPLES = 3;

export interface Rep {
  id: string;
  name: string;
  email: string;
  role: "admin" | "member";
}

/** A rep's call as read: the conversation, its account's name and its stored coaching stats (null when absent). */
export interface RepCallRow {
  id: string;
  title: string;
  source: string;
  started_at: number;
  account_id: string | null;
  account_name: string | null;
  hosted: number;
  tips: number;
  has_stats: number;
  duration_ms: number | null;
  our_talk_ms: number | null;
  their_talk_ms: number | null;
  longest_monologue_ms: number | null;
  longest_monologue_start_ms: number | null;
  questions_asked: number | null;
  customer_questions: number | null;
  unanswered_questions: number | null;
  next_steps: number | null;
  next_steps_with_date: number | null;
}

export interface RepTipRow {
  conversation_id: string;
  title: string;
  started_at: number;
  kind: string | null;
  text: string;
  quote: string | null;
  start_ms: number | null;
}

const int = (n: number) => sql`${Math.trunc(n)}`;

/**
 * Which conversations are the rep's calls: those they hosted (the conversation's host user, or its
 * host e-mail equal to theirs), and those they took part in (a participant linked to their user, or
 * with their e-mail), compared case-insensitively. Calls where the rep is neither are not theirs even
 * when the account is theirs: coaching is about how they ran the conversation. E-mail threads are not
 * calls (no talk time, no monologues): they never count here.
 */
function isRepCall(rep: Rep): SQL {
  const email = rep.email.trim().toLowerCase();
  return sql`c.source <> 'email' and (c.host_user_id = ${rep.id} or lower(c.host_email) = ${email} or exists (
    select 1 from participants p where p.organization_id = c.organization_id and p.conversation_id = c.id
      and (p.user_id = ${rep.id} or lower(p.email) = ${email})))`;
}

function repCalls(organizationId: string, rep: Rep, from: number, to: number): SQL {
  return sql`select c.id, c.title, c.source, c.started_at, c.account_id, a.name as account_name,
      (coalesce(c.host_user_id = ${rep.id}, 0) or coalesce(lower(c.host_email) = ${rep.email.trim().toLowerCase()}, 0)) as hosted,
      (select count(*) from insights i where i.organization_id = c.organization_id and i.conversation_id = c.id
        and i.kind = 'coaching_tip') as tips,
      (s.conversation_id is not null) as has_stats, s.duration_ms, s.our_talk_ms, s.their_talk_ms,
      s.longest_monologue_ms, s.longest_monologue_start_ms, s.questions_asked, s.customer_questions,
      s.unanswered_questions, s.next_steps, s.next_steps_with_date
    from conversations c
    left join conversation_coaching_stats s on s.organization_id = c.organization_id and s.conversation_id = c.id
    left join accounts a on a.organization_id = c.organization_id and a.id = c.account_id
    where c.organization_id = ${organizationId} and c.started_at >= ${int(from)} and c.started_at <= ${int(to)}
      and ${isRepCall(rep)}
    order by c.started_at desc, c.id`;
}

function repTips(organizationId: string, rep: Rep, from: number, to: number): SQL {
  return sql`select i.conversation_id, c.title, c.started_at, json_extract(i.data, '$.kind') as kind, i.text,
      i.quote, i.start_ms
    from conversations c
    join insights i on i.organization_id = c.organization_id and i.conversation_id = c.id and i.kind = 'coaching_tip'
    where c.organization_id = ${organizationId} and c.started_at >= ${int(from)} and c.started_at <= ${int(to)}
      and ${isRepCall(rep)}
    order by c.started_at desc, i.start_ms`;
}

/**
 * A rep's coaching over a window: their calls (see isRepCall) with each call's stored figures,
 * means, medians and totals, a weekly series, the change against the previous window of the same
 * length, and their most frequent tips with example quotes. Two reads in one D1 batch; every read is
 * scoped by organization.
 */
export async function buildRepCoaching(
  db: Db,
  organizationId: string,
  rep: Rep,
  range: { from: Date | null; to: Date },
): Promise<RepCoaching> {
  const to = range.to.getTime();
  const from = range.from?.getTime() ?? null;
  // The previous window ends just before this one starts and is as long; "all" has none.
  const previous = from === null ? null : { from: from - (to - from), to: from - 1 };
  const readFrom = previous?.from ?? 0;
  const callsRead: Read<RepCallRow> = { query: repCalls(organizationId, rep, readFrom, to) };
  const tipsRead: Read<RepTipRow> = { query: repTips(organizationId, rep, readFrom, to) };
  const [calls, tips] = await runReads(db, [callsRead, tipsRead]);
  return summarizeRepCoaching({ rep, calls, tips, from, to, previous });
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

/** A call's value of a figure, or null when it has none (no stats, or no talk ratio). */
function figureOf(call: RepCallRow, metric: CoachingMetricName): number | null {
  if (!call.has_stats) return null;
  switch (metric) {
    case "talkRatio":
      return talkRatio({ ourTalkMs: call.our_talk_ms ?? 0, theirTalkMs: call.their_talk_ms ?? 0 });
    case "longestMonologueMs":
      return call.longest_monologue_ms;
    case "questionsAsked":
      return call.questions_asked;
    case "unansweredQuestions":
      return call.unanswered_questions;
    case "nextSteps":
      return call.next_steps;
  }
}

/** Ratios keep three decimals, milliseconds none, counts one. */
const DIGITS: Record<CoachingMetricName, number> = {
  talkRatio: 3,
  longestMonologueMs: 0,
  questionsAsked: 1,
  unansweredQuestions: 1,
  nextSteps: 1,
};

function valuesOf(calls: RepCallRow[], metric: CoachingMetricName): number[] {
  return calls.map((c) => figureOf(c, metric)).filter((v): v is number => v !== null);
}

function metricOf(current: RepCallRow[], previous: RepCallRow[] | null, metric: CoachingMetricName): CoachingMetric {
  const digits = DIGITS[metric];
  const values = valuesOf(current, metric);
  const avg = mean(values);
  const med = median(values);
  const prevAvg = previous ? mean(valuesOf(previous, metric)) : null;
  const average = avg === null ? null : round(avg, digits);
  const previousAverage = prevAvg === null ? null : round(prevAvg, digits);
  return {
    average,
    median: med === null ? null : round(med, digits),
    total: metric === "talkRatio" || values.length === 0 ? null : values.reduce((a, b) => a + b, 0),
    max: values.length === 0 ? null : Math.max(...values),
    previousAverage,
    change: average === null || previousAverage === null ? null : round(average - previousAverage, digits),
  };
}

/** Monday 00:00 UTC of the week containing `ms`, as epoch ms. */
export function weekStartOf(ms: number): number {
  const day = Math.floor(ms / DAY_MS);
  return (day - ((day + 3) % 7)) * DAY_MS;
}

function weeksOf(calls: RepCallRow[], from: number | null, to: number): CoachingWeek[] {
  const first = from ?? calls.reduce((min, c) => Math.min(min, c.started_at), Number.POSITIVE_INFINITY);
  if (!Number.isFinite(first)) return [];
  const byWeek = new Map<number, RepCallRow[]>();
  for (const call of calls) {
    const week = weekStartOf(call.started_at);
    byWeek.set(week, [...(byWeek.get(week) ?? []), call]);
  }
  const weeks: CoachingWeek[] = [];
  for (let week = weekStartOf(first); week <= to; week += 7 * DAY_MS) {
    const inWeek = byWeek.get(week) ?? [];
    const avg = (metric: CoachingMetricName) => {
      const m = mean(valuesOf(inWeek, metric));
      return m === null ? null : round(m, DIGITS[metric]);
    };
    weeks.push({
      weekStart: new Date(week).toISOString(),
      calls: inWeek.length,
      talkRatio: avg("talkRatio"),
      longestMonologueMs: avg("longestMonologueMs"),
      questionsAsked: avg("questionsAsked"),
      unansweredQuestions: avg("unansweredQuestions"),
      nextSteps: avg("nextSteps"),
    });
  }
  return weeks;
}

function tipsOf(current: RepTipRow[], previous: RepTipRow[] | null): CoachingTipSummary[] {
  const byKind = new Map<string, RepTipRow[]>();
  for (const tip of current) {
    const kind = tip.kind ?? "other";
    byKind.set(kind, [...(byKind.get(kind) ?? []), tip]);
  }
  const previousCount = (kind: string) =>
    previous === null ? null : previous.filter((t) => (t.kind ?? "other") === kind).length;
  return [...byKind.entries()]
    .map(([kind, rows]) => {
      // Newest first (the read's order); one example per call before a second from the same call.
      const seen = new Set<string>();
      const firsts = rows.filter((r) => !seen.has(r.conversation_id) && seen.add(r.conversation_id));
      const examples = [...firsts, ...rows.filter((r) => !firsts.includes(r))].slice(0, TIP_EXAMPLES);
      return {
        kind,
        count: rows.length,
        calls: new Set(rows.map((r) => r.conversation_id)).size,
        previousCount: previousCount(kind),
        examples: examples.map((r) => ({
          conversationId: r.conversation_id,
          conversationTitle: r.title,
          startedAt: new Date(r.started_at).toISOString(),
          tip: r.text,
          quote: r.quote,
          startMs: r.start_ms,
        })),
      };
    })
    .sort((a, b) => b.count - a.count || b.calls - a.calls || a.kind.localeCompare(b.kind));
}

function callOf(row: RepCallRow): CoachingCall {
  const has = Boolean(row.has_stats);
  return {
    conversationId: row.id,
    title: row.title,
    kind: sourceKind(row.source),
    startedAt: new Date(row.started_at).toISOString(),
    accountId: row.account_id,
    accountName: row.account_name,
    role: row.hosted ? "host" : "participant",
    hasStats: has,
    durationMs: has ? row.duration_ms : null,
    talkRatio: figureOf(row, "talkRatio"),
    longestMonologueMs: has ? row.longest_monologue_ms : null,
    longestMonologueStartMs: has ? row.longest_monologue_start_ms : null,
    questionsAsked: has ? row.questions_asked : null,
    customerQuestions: has ? row.customer_questions : null,
    unansweredQuestions: has ? row.unanswered_questions : null,
    nextSteps: has ? row.next_steps : null,
    nextStepsWithDate: has ? row.next_steps_with_date : null,
    tips: row.tips,
  };
}

/** The answer from the rows read (pure: the route's tests and unit tests share it). */
export function summarizeRepCoaching(input: {
  rep: Rep;
  calls: RepCallRow[];
  tips: RepTipRow[];
  from: number | null;
  to: number;
  previous: { from: number; to: number } | null;
}): RepCoaching {
  const { rep, from, to, previous } = input;
  const inPeriod = (ms: number) => (from === null || ms >= from) && ms <= to;
  const inPrevious = (ms: number) => previous !== null && ms >= previous.from && ms <= previous.to;
  const calls = input.calls.filter((c) => inPeriod(c.started_at));
  const previousCalls = previous ? input.calls.filter((c) => inPrevious(c.started_at)) : null;
  const tips = input.tips.filter((t) => inPeriod(t.started_at));
  const previousTips = previous ? input.tips.filter((t) => inPrevious(t.started_at)) : null;
  const metric = (name: CoachingMetricName) => metricOf(calls, previousCalls, name);
  return {
    rep: { id: rep.id, name: rep.name, email: rep.email, role: rep.role },
    period: { from: from === null ? null : new Date(from).toISOString(), to: new Date(to).toISOString() },
    previousPeriod: previous
      ? { from: new Date(previous.from).toISOString(), to: new Date(previous.to).toISOString() }
      : null,
    callCount: calls.length,
    callsWithStats: calls.filter((c) => c.has_stats).length,
    previousCallCount: previousCalls?.length ?? null,
    metrics: {
      talkRatio: metric("talkRatio"),
      longestMonologueMs: metric("longestMonologueMs"),
      questionsAsked: metric("questionsAsked"),
      unansweredQuestions: metric("unansweredQuestions"),
      nextSteps: metric("nextSteps"),
    },
    weeks: weeksOf(calls, from, to),
    tips: tipsOf(tips, previousTips),
    calls: calls.slice(0, LISTED_CALLS).map(callOf),
  };
}
