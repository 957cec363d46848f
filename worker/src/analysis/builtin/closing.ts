import type {
  Closing,
  ConversationSentiment,
  CustomerQuestion,
  Finding,
  NextStep,
  Objection,
  ObjectionCategory,
  Quote,
} from "../insights-schema.ts";
import { quoteOf, type Sentence } from "./sentences.ts";
import { isSmallTalk } from "./small-talk.ts";

/** Customer phrases that show intent to buy, expand or renew. */
const BUYING_INTENT =
  /\b(pilot|trial|sign it|sign the|send the contract|move forward|moving forward|let's do it|let's target|expansion|expand|add (?:more )?seats|want them live|go live|budget (?:is )?approved|renew|one renewal|ready to buy|next phase|proposal|get it signed)\b/;
/** The customer holds the budget or the signature and says so. */
const DECISION_MAKER =
  /\b(i can sign|i'll sign|i'll get it signed|i own the budget|it's my budget|i'm the (?:budget owner|decision maker|economic buyer)|i can take it to finance|i'll take (?:it|the order form|this) to finance)\b/;

/** How a reason names an objection of each category. */
const CONCERN: Record<ObjectionCategory, string> = {
  price: "budget concern",
  competitor: "competitor evaluated",
  security: "security concern",
  timing: "timing pushback",
  authority: "sign-off needed",
  need: "need in doubt",
  product_gap: "product gap",
  risk: "risk raised",
  other: "objection",
};

/** Highest probability while an objection is open or an issue was raised: such a call is not nearly won. */
export const CAP_WITH_OPEN_CONCERNS = 80;

interface Draft {
  /** The short reason this signal adds to (several signals can share one). */
  reason: string;
  signal: string;
  effect: number;
  quote: Quote;
}

/** Adds items while their running total stays within ±max, so no single kind of signal dominates. */
function capped(into: Draft[], items: Draft[], max: number) {
  let total = 0;
  for (const item of items) {
    if (Math.abs(total + item.effect) > max) continue;
    total += item.effect;
    into.push(item);
  }
}

const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

/** Customer sentiment over the call: overall, and how the second half compares with the first. */
function sentimentSignals(sentences: Sentence[], sentiment: ConversationSentiment): Draft[] {
  const out: Draft[] = [];
  const customer = sentiment.bySpeaker.filter((s) => s.side === "theirs");
  if (customer.length > 0) {
    const total = customer.reduce((a, s) => a + s.sentences, 0);
    const score = customer.reduce((a, s) => a + s.score * s.sentences, 0) / Math.max(1, total);
    const most = customer.reduce((a, b) => (Math.abs(b.score) > Math.abs(a.score) ? b : a));
    // The speakers' own labels count too (`sentiment-summary.ts` labels a speaker negative on a
    // share of complaints that a net score of courtesy can hide): when the customer sentences come
    // mostly from speakers labelled negative, the customer reads negative here as well.
    const negativeShare =
      customer.filter((s) => s.label === "negative").reduce((a, s) => a + s.sentences, 0) / Math.max(1, total);
    if (score >= 0.1)
      out.push({ reason: "customer positive", signal: "customer sentiment positive", effect: 6, quote: most.quote });
    else if (score <= -0.1 || negativeShare > 0.5)
      out.push({ reason: "customer negative", signal: "customer sentiment negative", effect: -10, quote: most.quote });
  }
  const theirs = sentences.filter((s) => s.side === "theirs" && !isSmallTalk(s));
  if (theirs.length >= 6) {
    const half = Math.floor(theirs.length / 2);
    const first = theirs.slice(0, half);
    const second = theirs.slice(half);
    const delta = mean(second.map((s) => s.sentiment.score)) - mean(first.map((s) => s.sentiment.score));
    const pick = (dir: 1 | -1) => second.reduce((a, b) => (dir * b.sentiment.score > dir * a.sentiment.score ? b : a));
    if (delta >= 0.15)
      out.push({
        reason: "sentiment improving",
        signal: "customer sentiment improved over the call",
        effect: 4,
        quote: quoteOf(pick(1)),
      });
    else if (delta <= -0.15)
      out.push({
        reason: "sentiment declining",
        signal: "customer sentiment fell over the call",
        effect: -6,
        quote: quoteOf(pick(-1)),
      });
  }
  return out;
}

/** Groups signals by reason, strongest first: "budget concern open", "issue raised (×3)". */
function reasonsOf(drafts: Draft[], limit = 5): string[] {
  const groups = new Map<string, { effect: number; count: number; order: number }>();
  for (const d of drafts) {
    const g = groups.get(d.reason) ?? { effect: 0, count: 0, order: groups.size };
    g.effect += d.effect;
    g.count++;
    groups.set(d.reason, g);
  }
  return [...groups]
    .sort(([, a], [, b]) => Math.abs(b.effect) - Math.abs(a.effect) || a.order - b.order)
    .slice(0, limit)
    .map(([reason, g]) => (g.count > 1 ? `${reason} (×${g.count})` : reason));
}

export interface ClosingInput {
  sentences: Sentence[];
  nextSteps: NextStep[];
  wins: Finding[];
  issues: Finding[];
  objections: Objection[];
  questions: CustomerQuestion[];
  sentiment: ConversationSentiment;
}

/**
 * Closing probability 0-100, transparent and deterministic: 50 moved by signals, each with its
 * quote, and summed into short reasons shown beside the number. Next steps (dated ones weigh more),
 * customer commitments, buying intent, a decision maker who says they can sign and wins raise it;
 * objections (open ones, and competitors, weigh more than answered ones), issues, open questions,
 * negative or falling customer sentiment and no next step lower it. While an objection is open or
 * an issue was raised it is held at 80 at most; never below 3 or above 95 (one call decides nothing).
 */
export function estimateClosing(input: ClosingInput): Closing {
  const { sentences, nextSteps, wins, issues, objections, questions, sentiment } = input;
  const drafts: Draft[] = [];
  const dated = nextSteps.filter((n) => n.due);
  capped(
    drafts,
    dated.map((n) => ({
      reason: "next step dated",
      signal: `next step with a date (${n.due})`,
      effect: 6,
      quote: n.quote,
    })),
    12,
  );
  capped(
    drafts,
    nextSteps
      .filter((n) => !n.due)
      .map((n) => ({ reason: "next step agreed", signal: "next step agreed", effect: 2, quote: n.quote })),
    4,
  );
  capped(
    drafts,
    nextSteps
      .filter((n) => n.quote.side === "theirs")
      .map((n) => ({
        reason: "customer committed",
        signal: "customer committed to an action",
        effect: 4,
        quote: n.quote,
      })),
    8,
  );
  const customerSays = sentences.filter((s) => s.side === "theirs" && !s.isQuestion && !isSmallTalk(s));
  capped(
    drafts,
    customerSays
      .filter((s) => BUYING_INTENT.test(s.lower) && s.sentiment.label !== "negative")
      .map((s) => ({
        reason: "buying intent",
        signal: "customer talks about buying, expanding or renewing",
        effect: 5,
        quote: quoteOf(s),
      })),
    10,
  );
  const decider = customerSays.find((s) => DECISION_MAKER.test(s.lower));
  if (decider)
    drafts.push({
      reason: "decision maker engaged",
      signal: "the customer can sign or owns the budget",
      effect: 8,
      quote: quoteOf(decider),
    });
  capped(
    drafts,
    wins.map((w) => ({ reason: "win named", signal: "customer described a win", effect: 3, quote: w.quote })),
    9,
  );
  const open = objections.filter((o) => !o.answered);
  capped(
    drafts,
    open.map((o) => ({
      reason: o.category === "competitor" ? CONCERN.competitor : `${CONCERN[o.category]} open`,
      signal: `${o.category.replace("_", " ")} objection left open`,
      effect: o.category === "competitor" ? -10 : -8,
      quote: o.quote,
    })),
    50,
  );
  capped(
    drafts,
    objections
      .filter((o) => o.answered)
      .map((o) => ({
        reason: o.category === "competitor" ? "competitor mentioned, answered" : `${CONCERN[o.category]} answered`,
        signal: `${o.category.replace("_", " ")} objection answered`,
        effect: o.category === "competitor" ? -5 : -3,
        quote: o.quote,
      })),
    12,
  );
  capped(
    drafts,
    issues.map((i) => ({ reason: "issue raised", signal: "customer raised an issue", effect: -5, quote: i.quote })),
    15,
  );
  capped(
    drafts,
    questions
      .filter((q) => !q.answered)
      .map((q) => ({
        reason: "question left open",
        signal: "customer question left open",
        effect: -2,
        quote: q.quote,
      })),
    4,
  );
  drafts.push(...sentimentSignals(sentences, sentiment));
  const last = sentences.at(-1);
  if (nextSteps.length === 0 && last)
    drafts.push({ reason: "no next step", signal: "no next step agreed", effect: -15, quote: quoteOf(last) });

  const raw = Math.max(3, Math.min(95, Math.round(50 + drafts.reduce((a, d) => a + d.effect, 0))));
  const reasons = reasonsOf(drafts);
  const concern = open[0]?.quote ?? issues[0]?.quote;
  if (concern && raw > CAP_WITH_OPEN_CONCERNS) {
    // Said last and always: the number would be higher, and why it is not.
    drafts.push({
      reason: "",
      signal: `held at ${CAP_WITH_OPEN_CONCERNS}% while objections or issues are open`,
      effect: CAP_WITH_OPEN_CONCERNS - raw,
      quote: concern,
    });
    reasons.push(`held at ${CAP_WITH_OPEN_CONCERNS}% while concerns are open`);
  }
  return {
    probability: concern ? Math.min(raw, CAP_WITH_OPEN_CONCERNS) : raw,
    reasons,
    signals: drafts.map(({ signal, effect, quote }) => ({ signal, effect, quote })),
  };
}
