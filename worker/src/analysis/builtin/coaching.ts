import type { CoachingTip, CustomerQuestion, NextStep, Objection, TalkStats } from "../insights-schema.ts";
import { quoteOf, type Sentence } from "./sentences.ts";

const minutes = (ms: number) => `${Math.round(ms / 6000) / 10} min`;

/**
 * Coaching tips for the rep, each pointing at the moment it is about: talking too much, long
 * monologues, customer questions left open, objections with no response, too few discovery
 * questions, no next step or next steps without a date.
 */
export function coachingTips(input: {
  sentences: Sentence[];
  talk: TalkStats;
  questions: CustomerQuestion[];
  objections: Objection[];
  nextSteps: NextStep[];
  durationMs: number;
}): CoachingTip[] {
  const { sentences, talk, questions, objections, nextSteps, durationMs } = input;
  const tips: CoachingTip[] = [];
  const ours = sentences.filter((s) => s.side === "ours");
  if (ours.length === 0) return tips;
  const knownSides = talk.bySide.ours.ms + talk.bySide.theirs.ms > 0 && talk.bySide.theirs.ms > 0;
  const mono = talk.longestMonologue;

  if (knownSides && talk.bySide.ours.share > 0.65) {
    const quote = mono && mono.side === "ours" ? mono.quote : quoteOf(ours[0] as Sentence);
    tips.push({
      kind: "talk_ratio",
      tip: `Our side talked ${Math.round(talk.bySide.ours.share * 100)}% of the time; aim for under 60% and let the customer talk more.`,
      quote,
    });
  }
  if (mono && mono.side === "ours" && mono.durationMs > 120_000) {
    tips.push({
      kind: "long_monologue",
      tip: `A ${minutes(mono.durationMs)} monologue: break long explanations with a check-in question.`,
      quote: mono.quote,
    });
  }
  // The three open questions with the most words: the substantive ones, not "And the colouring?".
  const open = questions
    .map((q, i) => ({ q, i, n: q.question.split(/\s+/).length }))
    .filter((x) => !x.q.answered)
    .sort((a, b) => b.n - a.n || a.i - b.i)
    .slice(0, 3)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.q);
  for (const q of open) {
    tips.push({
      kind: "unanswered_question",
      tip: "This customer question was not answered on the call; follow up in writing.",
      quote: q.quote,
    });
  }
  for (const o of objections.filter((x) => x.response === null).slice(0, 2)) {
    tips.push({
      kind: "objection_unhandled",
      tip: `The ${o.category.replace("_", " ")} objection got no direct response; acknowledge it and answer.`,
      quote: o.quote,
    });
  }
  if (durationMs > 10 * 60_000 && talk.questionsAsked.ours < 3) {
    tips.push({
      kind: "few_questions",
      tip: `Only ${talk.questionsAsked.ours} question(s) from our side in ${minutes(durationMs)}; ask more discovery questions.`,
      quote: quoteOf(ours[0] as Sentence),
    });
  }
  // Where the call closed: our side's last sentence that says something ("Good." does not).
  const last = ours.findLast((x) => x.words.length >= 5) ?? (ours.at(-1) as Sentence);
  if (nextSteps.length === 0) {
    tips.push({
      kind: "no_next_step",
      tip: "No next step was agreed; close every call with an owner and a date.",
      quote: quoteOf(last),
    });
  } else if (!nextSteps.some((n) => n.due)) {
    tips.push({
      kind: "next_step_without_date",
      tip: "Next steps were agreed without a date; confirm when each will happen.",
      quote: (nextSteps[0] as NextStep).quote,
    });
  }
  return tips;
}
