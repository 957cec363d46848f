import type { Sentence } from "./sentences.ts";

/**
 * Sentences that are about the call itself or the people's lives, not about the customer's
 * business: greetings, thanks, goodbyes, weekends and weather, family and food, jokes, and meeting
 * logistics (screens, mute, links, slides). They are warm and often positive, which is why the
 * sentiment-driven classifiers used to report them as wins; no classifier may use them.
 * Patterns match the lower-cased sentence with straight apostrophes (`Sentence.lower`).
 */
const PLEASANTRIES: readonly RegExp[] = [
  // Greetings and welcomes.
  /^(?:(?:oh|well|and|so|yeah|okay|ok),?\s+)?(?:hi|hello|hey|good (?:morning|afternoon|evening)|morning|welcome)\b/,
  /\b(?:nice|good|great|lovely|glad|happy) to (?:meet|see|hear from|have|be here|finally meet|chat|talk to|connect)\b/,
  /\bhow (?:are you|are things|have you been|was your|is your|'s your|'s it going|'s everyone)\b/,
  // Thanks and appreciation of a person or a gesture, not of the product.
  /\b(?:thank you|thanks|thank|i appreciate|we appreciate|appreciate (?:it|that|you|your|the))\b/,
  // Goodbyes and wishes.
  /\bhave a (?:great|good|nice|lovely|wonderful|fantastic|restful) (?:day|weekend|week|one|evening|night|holiday|holidays|trip|time|vacation|thanksgiving|christmas)\b/,
  /\b(?:enjoy (?:the|your) (?:weekend|holiday|holidays|day|evening|trip|vacation|break)|talk (?:to you )?soon|see you (?:then|soon|next|on|tomorrow|later)|take care|bye|safe travels|happy (?:holidays|friday|new year|birthday|thanksgiving))\b/,
];
const LIFE: readonly RegExp[] = [
  // Life outside work.
  /\b(?:weekend|vacation|holiday|holidays|weather|storm|snow|rain|sunny|kids|daughter|son|wife|husband|family|dog|puppy|cat|birthday|pizza|dinner|lunch|breakfast|coffee|tournament|soccer|football|baseball|basketball|marathon|personal best|flight|jet lag|traffic|commute|deep-dish)\b/,
  /\bgames?\b(?! changer)/,
  // Jokes and laughter.
  /\b(?:call it a win|just kidding|kidding aside|laughs|laughter)\b/,
];
const LOGISTICS: readonly RegExp[] = [
  // Meeting logistics.
  /\b(?:can you (?:hear|see) me|can everyone (?:hear|see)|(?:you're|you are|i'm|i was) on mute|unmute|share my screen|sharing my screen|see my screen|my (?:screen|laptop|mic|microphone|camera|audio|internet|connection|wifi)|lapel|the (?:projector|wifi|zoom link|meeting link|waiting room)|waiting room|let (?:her|him|them|people) in|letting people in|dial(?:ed|ing)? in|running (?:a bit |a few minutes )?late|minutes late|next slide|previous slide|the agenda|we're recording|we are recording|start(?:ed)? (?:the )?recording|recording (?:is )?(?:on|started))\b/,
];

const any = (patterns: readonly RegExp[], text: string) => patterns.some((p) => p.test(text));

/** Greetings, thanks, goodbyes, life outside work, jokes or meeting logistics. */
export function isSmallTalk(s: Pick<Sentence, "lower">): boolean {
  return any(PLEASANTRIES, s.lower) || any(LIFE, s.lower) || any(LOGISTICS, s.lower);
}

/** Life outside work, jokes or meeting logistics (thanks and greetings may still carry business). */
export function isOffTopic(s: Pick<Sentence, "lower">): boolean {
  return any(LIFE, s.lower) || any(LOGISTICS, s.lower);
}

/**
 * Wishes, suppositions and conditions ("that would be really good", "if we could solve this
 * problem", "maybe a touch screen could be better") describe no fact: not a win, issue or objection.
 */
const HYPOTHETICAL =
  /(?:^|[,;:] )(?:if|unless|whether|suppose|assuming|imagine)\b|\b(?:what if|would|wouldn't|could|couldn't|might|maybe|perhaps|hopefully|i hope|i wish|i guess|i suppose|i'd assume|i assume|in case|could've|would've|should've|ideally|let's say|for example|will be|going to be|gonna be)\b/;

export function isHypothetical(s: Pick<Sentence, "lower">): boolean {
  return HYPOTHETICAL.test(s.lower);
}
