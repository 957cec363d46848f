import type { ConversationInsights, Quote } from "./insights-schema.ts";

/**
 * One conversation's insights as rows of the `insights` table: one row per topic, win, issue,
 * objection, question, next step and coaching tip, plus one sentiment row and one closing-probability
 * row. Each keeps its verbatim quote and moment; `segmentSeq` is the segment's position in the
 * transcript (the caller turns it into the segment row id). Structured extras go to `data`.
 */
export interface InsightRow {
  kind:
    | "topic"
    | "win"
    | "issue"
    | "objection"
    | "question"
    | "next_step"
    | "coaching_tip"
    | "sentiment"
    | "closing_probability";
  text: string;
  quote: string;
  segmentSeq: number;
  startMs: number;
  confidence: number | null;
  data: Record<string, unknown> | null;
}

const at = (quote: Quote) => ({ quote: quote.text, segmentSeq: quote.segmentIndex, startMs: quote.startMs });

export function toInsightRows(insights: ConversationInsights): InsightRow[] {
  const rows: InsightRow[] = [];
  // One row per phrase (case-insensitively): the account rollups count conversations per phrase and
  // day, which is exact only when a conversation's phrase lives on one row. Variants add mentions to
  // the first, best-ranked one.
  const topicRows = new Map<string, InsightRow & { data: { mentions: number } }>();
  for (const t of insights.topics) {
    const key = t.phrase.toLowerCase();
    const seen = topicRows.get(key);
    if (seen) {
      seen.data.mentions += t.mentions;
      continue;
    }
    const row = {
      kind: "topic" as const,
      text: t.phrase,
      ...at(t.quote),
      confidence: t.relevance,
      data: { mentions: t.mentions },
    };
    topicRows.set(key, row);
    rows.push(row);
  }
  for (const w of insights.wins)
    rows.push({ kind: "win", text: w.summary, ...at(w.quote), confidence: null, data: null });
  for (const i of insights.issues)
    rows.push({ kind: "issue", text: i.summary, ...at(i.quote), confidence: null, data: null });
  for (const o of insights.objections) {
    rows.push({
      kind: "objection",
      text: o.summary,
      ...at(o.quote),
      confidence: null,
      data: { category: o.category, response: o.response?.text ?? null, answered: o.answered },
    });
  }
  for (const q of insights.customerQuestions) {
    rows.push({
      kind: "question",
      text: q.question,
      ...at(q.quote),
      confidence: null,
      data: { answered: q.answered, answer: q.answer?.text ?? null },
    });
  }
  for (const n of insights.nextSteps) {
    rows.push({
      kind: "next_step",
      text: n.action,
      ...at(n.quote),
      confidence: null,
      data: { owner: n.owner, ownerSide: n.ownerSide, due: n.due },
    });
  }
  for (const c of insights.coaching)
    rows.push({ kind: "coaching_tip", text: c.tip, ...at(c.quote), confidence: null, data: { kind: c.kind } });
  const overall = insights.sentiment.overall;
  if (overall) {
    rows.push({
      kind: "sentiment",
      text: overall.label,
      ...at(overall.quote),
      confidence: overall.score,
      data: {
        bySpeaker: insights.sentiment.bySpeaker.map(({ quote: _q, ...rest }) => rest),
        overTime: insights.sentiment.overTime.map(({ quote: _q, ...rest }) => rest),
      },
    });
  }
  const firstSignal = insights.closing.signals[0];
  if (firstSignal) {
    rows.push({
      kind: "closing_probability",
      text: String(insights.closing.probability),
      ...at(firstSignal.quote),
      confidence: insights.closing.probability / 100,
      data: {
        reasons: insights.closing.reasons,
        signals: insights.closing.signals.map((s) => ({ signal: s.signal, effect: s.effect, quote: s.quote.text })),
      },
    });
  }
  return rows;
}
