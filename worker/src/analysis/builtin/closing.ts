import type {
  Closing,
  ClosingSignal,
  ConversationSentiment,
  CustomerQuestion,
  Finding,
  NextStep,
  Objection,
} from "../insights-schema.ts";
import { quoteOf, type Sentence } from "./sentences.ts";
import { isSmallTalk } from "./small-talk.ts";

/** Customer phrases that show intent to buy, expand or renew. */
const BUYING_INTENT =
  /\b(pilot|trial|sign it|sign the|send the contract|move forward|moving forward|let's do it|let's target|expansion|expand|add (?:more )?seats|want them live|go live|budget (?:is )?approved|renew|one renewal|ready to buy|next phase|proposal)\b/;

function capped(signals: ClosingSignal[], items: ClosingSignal[], max: number) {
  let total = 0;
  for (const item of items) {
    if (Math.abs(total + item.effect) > max) break;
    total += item.effect;
    signals.push(item);
  }
}

/**
 * Closing probability 0-100: starts at 50 and moves by explainable signals, each with its quote:
 * next steps (with a date weigh more), customer commitments, buying-intent phrases, wins, customer
 * sentiment, objections (competitor ones weigh more), unanswered questions, no next step at all.
 * Clamped to 3..97: a single call never makes a deal certain.
 */
export function estimateClosing(input: {
  sentences: Sentence[];
  nextSteps: NextStep[];
  wins: Finding[];
  objections: Objection[];
  questions: CustomerQuestion[];
  sentiment: ConversationSentiment;
}): Closing {
  const signals: ClosingSignal[] = [];
  const { sentences, nextSteps, wins, objections, questions, sentiment } = input;

  capped(
    signals,
    nextSteps.map((n) => ({
      signal: n.due ? `next step agreed with a date (${n.due})` : "next step agreed",
      effect: n.due ? 6 : 3,
      quote: n.quote,
    })),
    18,
  );
  capped(
    signals,
    nextSteps
      .filter((n) => n.quote.side === "theirs")
      .map((n) => ({ signal: "customer committed to an action", effect: 5, quote: n.quote })),
    10,
  );
  capped(
    signals,
    sentences
      .filter(
        (s) =>
          s.side === "theirs" &&
          !s.isQuestion &&
          BUYING_INTENT.test(s.lower) &&
          s.sentiment.label !== "negative" &&
          !isSmallTalk(s),
      )
      .map((s) => ({ signal: "customer talks about buying, expanding or renewing", effect: 6, quote: quoteOf(s) })),
    12,
  );
  capped(
    signals,
    wins.map((w) => ({ signal: "customer described a win", effect: 3, quote: w.quote })),
    12,
  );
  capped(
    signals,
    objections.map((o) => ({
      signal: `${o.category.replace("_", " ")} objection${o.response ? "" : " left unanswered"}`,
      effect: o.category === "competitor" ? -7 : o.response ? -4 : -6,
      quote: o.quote,
    })),
    24,
  );
  capped(
    signals,
    questions
      .filter((q) => !q.answered)
      .map((q) => ({ signal: "customer question left open", effect: -2, quote: q.quote })),
    6,
  );
  const customer = sentiment.bySpeaker.filter((s) => s.side === "theirs");
  if (customer.length > 0) {
    const mean =
      customer.reduce((a, s) => a + s.score * s.sentences, 0) /
      Math.max(
        1,
        customer.reduce((a, s) => a + s.sentences, 0),
      );
    const most = customer.reduce((a, b) => (Math.abs(b.score) > Math.abs(a.score) ? b : a));
    if (mean >= 0.1) signals.push({ signal: "customer sentiment positive", effect: 8, quote: most.quote });
    else if (mean <= -0.1) signals.push({ signal: "customer sentiment negative", effect: -12, quote: most.quote });
  }
  const last = sentences.at(-1);
  if (nextSteps.length === 0 && last)
    signals.push({ signal: "no next step agreed", effect: -15, quote: quoteOf(last) });

  const probability = Math.max(3, Math.min(97, Math.round(50 + signals.reduce((a, s) => a + s.effect, 0))));
  return { probability, signals };
}
