import type { CustomerQuestion } from "../insights-schema.ts";
import { NearDuplicates } from "./dedupe.ts";
import { isDescriptive } from "./noun-phrase.ts";
import { quoteOf, type Sentence } from "./sentences.ts";
import { isSmallTalk } from "./small-talk.ts";
import { GENERIC, STOPWORDS } from "./stopwords.ts";

/** Tag questions, checks of the line and pleasantries are not questions that need an answer. */
const NOT_A_QUESTION =
  /^(can i ask (?:you )?(?:a|one) (?:quick )?question|right|really|yeah|okay|ok|huh|no|yes|sorry|what|pardon|you know|isn't it|don't you think|can you hear me|can you see|how are you|how's it going|how are things|did you survive|you there|make sense|go ahead)\b[^?]{0,20}\?$/;
/** A question asks when it has an interrogative or an auxiliary verb near its start ("Twenty five Euros?" only echoes). */
const ASKS =
  /(?:^|\b)(what|what's|how|how's|why|when|when's|where|where's|which|who|who's|whose|do|does|did|don't|doesn't|is|isn't|are|aren't|was|were|can|can't|could|will|won't|would|should|have|has|any|anything|anyone)\b/;
const NUMBER =
  /^(?:\d.*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|thousand|million|half|percent)$/;
/** Turn-taking and housekeeping of the meeting itself: nobody needs an answer in writing. */
const HOUSEKEEPING =
  /\b(shall i (?:start|go|begin|continue)|can i (?:do|go|start|jump in|chime in|interrupt|share)|should i (?:bring|start|go|share|stop)|am i supposed|are we supposed|you supposed to|are we (?:ready|done|good)|is (?:that|this|everyone|everybody) (?:okay|ok|alright|all right|good|clear|ready)|does that (?:seem clear|make sense|sound good|work for you)|can you go back|go back to the|go to the next|next one|can you (?:scroll|zoom|share|repeat)|what do you got|so what else|anything else|any (?:other |more )?(?:questions|comments)|how do you say it|what was i saying|where was i|you know what (?:you|to) (?:have to )?do|who's next|who wants to go|how much time (?:do we have|have we got|is left))\b/;
/** ", right?" and ", isn't it?" ask for agreement, not information. */
const TAG =
  /,\s*(?:right|isn't it|aren't they|couldn't they|shouldn't i|don't you|do you|huh|no|yeah|okay|ok|eh)\s*\?$/;

/** True when the sentence asks something (ends with "?" and is not a tag or check of the line). */
export function isRealQuestion(s: Sentence): boolean {
  return s.isQuestion && s.words.length >= 3 && !NOT_A_QUESTION.test(s.lower);
}

/**
 * A customer question worth tracking: it asks for information (an interrogative or auxiliary
 * near its start), about something (a content word), and is no small talk, housekeeping or tag.
 */
export function isCustomerQuestion(s: Sentence): boolean {
  if (s.side !== "theirs" || !isRealQuestion(s) || s.words.length < 4) return false;
  if (isSmallTalk(s) || HOUSEKEEPING.test(s.lower) || TAG.test(s.lower)) return false;
  const head = s.words.slice(0, 6).join(" ");
  if (!ASKS.test(head) && !/^(?:and |so |but |or )?(?:if|what about|how about)\b/.test(head)) return false;
  // Numbers count as content: "Can you get to eight?" asks about a discount.
  return s.words.some(
    (w) => (w.length >= 3 && !STOPWORDS.has(w) && !GENERIC.has(w) && !isDescriptive(w)) || NUMBER.test(w),
  );
}

const DEFERRAL =
  /\b(i don't know|i'm not sure|not sure|i don't want to guess|i'll (have to )?(check|ask|find out|get back)|let me (check|find out|get back|ask)|get back to you|don't have (a|that|the) (date|answer|number)|can't say|can't commit)\b/;

/**
 * Questions the customer asked and whether our side answered: answered when our side speaks in
 * the next two turns without deferring ("I don't want to guess", "let me check"); a question
 * followed only by more customer speech, or by a deferral, stays open.
 */
export function findCustomerQuestions(sentences: Sentence[]): CustomerQuestion[] {
  const out: CustomerQuestion[] = [];
  const seen = new NearDuplicates();
  for (const s of sentences) {
    if (!isCustomerQuestion(s) || seen.repeats(s.words)) continue;
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
