import type { Sentence } from "./sentences.ts";

/**
 * Plain praise of a named product part: "The Salesforce sync has been rock solid", "Our managers
 * love the coaching dashboard", "The Gmail sidebar is super handy". The part must be named (a
 * product noun in the subject or object), the evaluation must be positive and stated as a fact.
 * It does not rely on the sentence's sentiment score: a short factual "The search is fine too."
 * scores neutral, and praise is a statement about something, which these patterns check directly.
 */

/** Parts of a product or service a customer talks about. */
const PART =
  "(?:sync|syncing|integration|connector|summar(?:y|ies)|recaps?|search|dashboards?|digest|sidebar|timeline|exports?|reports?|reporting|app|extension|onboarding|support|transcription|transcripts?|setup|scorecards?|coaching|alerts?|api|matching|view|workflow|settings|notes|insights|analytics|forecasts?|filters?|templates?|tool|platform|product|software|interface|documentation|docs|training|rollout|pilot|implementation|account team|csm|features?)";
/** A word or two that may follow the part in its subject ("transcription quality", "issues view page"). */
const PART_TAIL = "(?: (?:quality|page|experience|process|team|flow))?";
const POSITIVE =
  "(?:great|good|excellent|fantastic|amazing|awesome|flawless|solid|rock solid|fast|faster|quick|quicker|smooth|accurate|reliable|handy|convenient|clear|easy|simple|helpful|useful|fine|perfect|spot on|a hit|a lifesaver|a game changer|intuitive|clean|better|stable|brilliant|impressive|nice|valuable|a big help)";
const ADVERBS =
  "(?:(?:really|so|super|pretty|very|just|still|always|actually|absolutely|much|honestly|genuinely|incredibly|extremely|quite|been) )*";
const LEAD = "^(?:(?:and|but|so|honestly|yeah|oh|also|plus|well|now|overall),? )*";
const SUBJECT = `${LEAD}(?:the |your |our |this |that |their )?(?:[a-z0-9'-]+ ){0,3}${PART}${PART_TAIL}`;

const PRAISE: readonly RegExp[] = [
  // "The search is fast", "The Salesforce sync has been rock solid", "the onboarding was smooth".
  new RegExp(
    `${SUBJECT} (?:is|are|was|were|has been|have been|'s been|'s|looks?|feels?|seems?) ${ADVERBS}${POSITIVE}\\b`,
  ),
  // "The mobile app works well now", "the SSO setup ... worked the first time".
  new RegExp(
    `${SUBJECT}\\b.*\\b(?:works?|worked|has worked|runs?|ran) ${ADVERBS}(?:well|great|perfectly|fine|flawlessly|like a charm|the first time|every time)\\b`,
  ),
  // "The digest flagged it ...", "Your SOC 2 report answered all of our questions".
  new RegExp(`${SUBJECT} (?:${ADVERBS})(?:flagged|caught|spotted|saved|saves|answered all|paid for)\\b`),
  // "Our managers love the coaching dashboard", "happy with the retention settings".
  new RegExp(
    `\\b(?:love|loves|loved|like|likes|enjoy|enjoys|happy with|impressed with|impressed by) (?:the|your|our|this) (?:[a-z0-9'-]+ ){0,3}${PART}\\b`,
  ),
  // Heavy use: "The dispatch team lives in the account timeline now".
  new RegExp(`\\b(?:lives?|living) in (?:the|your) (?:[a-z0-9'-]+ ){0,2}${PART}\\b`),
];

/** Praise that is cancelled or not yet a fact. */
const NOT_PRAISE =
  /n't\b|\b(not|isn't|wasn't|aren't|weren't|never|no longer|but|until|except|although|though|however|supposed to|if|would|could|should|will|'ll|going to|hope|hopefully|our own|on paper)\b/;

export function isProductPraise(s: Pick<Sentence, "lower">): boolean {
  return PRAISE.some((p) => p.test(s.lower)) && !NOT_PRAISE.test(s.lower);
}
