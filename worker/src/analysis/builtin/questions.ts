import type { CustomerQuestion } from "../insights-schema.ts";
import { quoteOf, type Sentence } from "./sentences.ts";

/** Tag questions, checks of the line and pleasantries are not questions that need an answer. */
const NOT_A_QUESTION =
  /^(can i ask (?:you )?(?:a|one) (?:quick )?question|right|really|yeah|okay|ok|huh|no|yes|sorry|what|pardon|you know|isn't it|don't you think|can you hear me|can you see|how are you|how's it going|how are things|did you survive|you there|make sense|go ahead)\b[^?]{0,20}\?$/;
const DEFERRAL =
  /\b(i don't know|i'm not sure|not sure|i don't want to guess|i'll (have to )?(check|ask|find out|get back)|let me (check|find out|get back|ask)|get back to you|don't have (a|that|the) (date|answer|number)|can't say|can't commit)\b/;

/** True when the sentence asks something (ends with "?" and is not a tag or check of the line). */
export function isRealQuestion(s: Sentence): boolean {
  return s.isQuestion && s.words.length >= 3 && !NOT_A_QUESTION.test(s.lower);
}

/**
 * Questions the customer asked and whether our side answered: answered when our side speaks in
 * the next two turns without deferring ("I don't want to guess", "let me check"); a question
 * followed only by more customer speech, or by a deferral, stays open.
 */
export function findCustomerQuestions(sentences: Sentence[]): CustomerQuestion[] {
  const out: CustomerQuestion[] = [];
  for (const s of sentences) {
    if (s.side !== "theirs" || !isRealQuestion(s)) continue;
    let answer: Sentence | null = null;
    let deferred = false;
    for (let i = s.index + 1; i < sentences.length; i++) {
      const next = sentences[i] as Sentence;
      if (next.segmentIndex === s.segmentIndex) continue;
      if (next.segmentIndex > s.segmentIndex + 2) break;
      if (next.side === "ours") {
        if (DEFERRAL.test(next.lower)) deferred = true;
        else if (!answer && !(next.isQuestion && next.words.length <= 6)) answer = next;
        break;
      }
    }
    out.push({
      question: s.text,
      answered: answer !== null && !deferred,
      quote: quoteOf(s),
      answer: answer ? quoteOf(answer) : null,
    });
  }
  return out;
}
