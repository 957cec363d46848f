import type { Finding, Objection } from "../insights-schema.ts";
import { NearDuplicates } from "./dedupe.ts";
import { isDescriptive } from "./noun-phrase.ts";
import { classifyObjections } from "./objections.ts";
import { quoteOf, type Sentence } from "./sentences.ts";
import { isHypothetical, isSmallTalk } from "./small-talk.ts";
import { GENERIC, STOPWORDS } from "./stopwords.ts";
import type { VendorMatcher } from "./vendors.ts";
import { isProductPraise } from "./wins.ts";

/**
 * Cue-phrase classifiers for wins, issues and objections. Each looks at one sentence (plus its
 * sentiment and who said it) and uses patterns of how customers state outcomes, problems and
 * pushback. A sentence is used for at most one of the three (objection > issue > win).
 */

// A measured improvement: "cut our dispatch time by thirty percent", "saving a couple of hours a week".
const OUTCOME =
  /\b(cut|cuts|reduced|reduces|saved|saves|saving|dropped|drops|fell|went from|closed|improved|improves|increased|doubled|halved|tripled|sped up|faster|paid for|caught|helped|helps)\b/;
const MEASURE =
  /\b(\d+|percent|half|twice|hours?|days?|weeks?|minutes?|escalations?|complaints?|errors?|costs?|tickets?|churn|turnaround|headcount|renewals|deals)\b/;
/** A bad thing going down is good news even though its words score negative ("escalations dropped"). */
const REDUCTION = /\b(cut|cuts|reduced|reduces|dropped|drops|fell|halved|fewer)\b/;
const BAD_THING = /\b(escalations?|complaints?|errors?|costs?|tickets?|churn|time)\b/;
/** Business won because of the product: "we closed two renewals because the rep saw the issue early". */
const BUSINESS_WON = /\b(closed|won|renewed|signed|saved) (?:\w+ ){0,2}(renewals|deals|customers|accounts)\b/;
const WIN_PHRASES =
  /\b(real win|big win|a win for|that's a win|favorite feature|favourite feature|best thing (?:we|about|that|i|you|since)|been solid|works great|working great|love it|loves it|(?:we|i|they|users|people|everyone|the team|my team|managers) (?:actually |just )?really (?:like|likes|love|loves)|really encouraging|paid for the pilot|exactly what we need|team likes|(?:i|we) (?:really )?liked (?:that|how|the)|helped a lot|helped us (?:catch|find|spot|fix|close|save|win)|nobody (?:has|have|'s) (?:flagged|found|reported|complained)|likes the product|saving a couple|game changer|renewed|better than i expected|(?:we|they|i|everyone|the team|my team) (?:love|loves|loved) (?:it|the|this|that|how|your))\b/;
// A positive statement about the product, the service or the results: a subject then an evaluation.
const PRODUCT_PRAISE =
  /\b(it|it's|this|that|that's|the (?:product|tool|platform|app|system|software|service|rollout|pilot|integration|dashboard|reports?|features?|support|onboarding|summary|digest|workflow|results?|numbers)|your (?:team|product|tool|platform|app|support|people|engineers)|you guys|the team|my team|our team)\s+(?:really\s+|absolutely\s+|just\s+|actually\s+|already\s+)?(works?|worked|is working|has been|have been|helps|helped|saves|saved|made|makes|love|loves|loved|like|likes|liked|is|was|are|were|'s)\b/;
// Acknowledgements of a colleague's remark in a discussion ("good point", "good idea").
const ACKNOWLEDGEMENT =
  /\b(good|great|nice|fair|interesting|excellent) (point|idea|question|thought|one|job|catch)\b|\b(sounds good|sounds great|that's great|that's fine|that's fair|fair enough|no worries|totally agree|i agree)\b/;

// Concrete failures: enough on their own.
const FAILURE =
  /\b(bugs?|broken|breaks|fails|failed|failing|errors?|crash|crashes|crashed|outage|(?:is|was|went|goes|were|are|keeps going) down|lags?|lagging|slow|slower|cramped|cut off|wrong|spins|times out|timed out|not working|doesn't work|didn't work|stopped working|went wrong|can't trust|cannot trust|truncat\w*|escaped twice|hacked|sat there|no response|not acceptable|unacceptable|let us down|let you down|nine days|(?:still|been|kept) waiting|waiting (?:on|for) (?:a |an |the )?(?:fix|response|answer|reply|update|ticket))\b/;
// Vague complaints: need a concrete subject in the same sentence ("that's the problem" alone is not an insight).
const COMPLAINT =
  /\b(problems?|issues? with|(?:big|real|feature|product|functional|coverage) gap|frustrating|frustrated|annoying|annoyed|embarrassing|painful|a pain|missing|confusing|clunky|hard to use|difficult to use)\b/;
const NOT_A_PROBLEM =
  /\b(no problems?|not a problem|not a big deal|no issues?|not much of a problem|not that much of a problem|nobody(?:'s| is) having (?:a |any )?problems?|isn't a problem|wasn't a problem|don't think\b[^.?!]{0,40}\bproblem|shouldn't be a problem|should not be a problem|(?:i|we) (?:got|get|had) (?:it|that) wrong|not a blocker|as a gap|(?:you're|you are|i'm|i am|i was|you were|he's|she's) wrong|wrong (?:one|slide|button|way round)|solution (?:for|to)|problem is how)\b/;
const VAGUE = new Set("mine kinds sorts main slight biggest major minor whole real only".split(" "));
const PROBLEM_WORDS = new Set(
  "problem problems issue issues gap frustrating frustrated annoying annoyed embarrassing painful pain missing confusing clunky hard difficult wrong broken slow error errors bug bugs fails failed crash".split(
    " ",
  ),
);

function trimSummary(text: string): string {
  return text.length <= 160 ? text : `${text.slice(0, 157).trimEnd()}...`;
}

/** Tokens that say what a sentence is about (not stop words, filler, generic, descriptive or problem words). */
function contentWords(s: Sentence): number {
  let n = 0;
  for (const w of s.words)
    if (
      w.length >= 3 &&
      !STOPWORDS.has(w) &&
      !GENERIC.has(w) &&
      !PROBLEM_WORDS.has(w) &&
      !VAGUE.has(w) &&
      !isDescriptive(w) &&
      !/^\d|'/.test(w)
    )
      n++;
  return n;
}

// The cheap cue tests run first: most sentences are neither, and leave before the exclusions.
export function isIssue(s: Sentence): boolean {
  if (s.isQuestion || s.words.length < 4) return false;
  const concrete = FAILURE.test(s.lower);
  // Either way the sentence must say what is wrong: "But it didn't work." alone names nothing.
  if (!(concrete || COMPLAINT.test(s.lower)) || contentWords(s) === 0) return false;
  if (isSmallTalk(s) || isHypothetical(s) || NOT_A_PROBLEM.test(s.lower)) return false;
  // "Migration is a pain, and my team likes the product": praise outweighs a vague complaint.
  if (!concrete && WIN_PHRASES.test(s.lower)) return false;
  // Problems being caught or solved are good news, not issues.
  if (
    /\b(earlier|fewer|solves|solved|fixed|resolved|catch|caught|prevent\w*|before it|nobody has|no more)\b/.test(
      s.lower,
    )
  )
    return false;
  if (s.side === "ours")
    return /\b(bug on our side|our fault|our mistake|we let you down|it's clear we let)\b/.test(s.lower);
  return s.sentiment.score <= 0.15;
}

export function isWin(s: Sentence): boolean {
  if (s.side === "ours" || s.isQuestion || s.words.length < 4) return false;
  const phrase = WIN_PHRASES.test(s.lower);
  const outcome = OUTCOME.test(s.lower) && MEASURE.test(s.lower);
  // Plain praise of a named product part is checked by its own words, not the sentiment score.
  const praise = isProductPraise(s);
  const candidate =
    phrase ||
    outcome ||
    praise ||
    (s.sentiment.label === "positive" &&
      s.sentiment.score >= 0.5 &&
      s.words.length >= 6 &&
      PRODUCT_PRAISE.test(s.lower));
  if (!candidate) return false;
  // The sentiment score vetoes loose praise only: cue phrases, named-part praise and a bad thing
  // going down ("escalations dropped") or business won carry negative words and are still wins.
  const goodNews = outcome && ((REDUCTION.test(s.lower) && BAD_THING.test(s.lower)) || BUSINESS_WON.test(s.lower));
  if (s.sentiment.label === "negative" && !phrase && !praise && !goodNews) return false;
  // "The integration was great until it stopped syncing": praise of the past, then a failure.
  if (!phrase && /\buntil\b/.test(s.lower)) return false;
  // Praise needs a subject a rep can act on: "that was the best part" names nothing.
  if (!phrase && contentWords(s) === 0) return false;
  if (isSmallTalk(s) || isHypothetical(s) || (ACKNOWLEDGEMENT.test(s.lower) && !phrase)) return false;
  // A hope for later ("our users will really like that") or a drawback is not a win yet.
  // A proposal or a requirement ("I propose infrared", "he needs a control that is reliable") neither.
  if (/\b(will|won't|'ll|going to|gonna|disadvantage|downside|concerns?|worried)\b/.test(s.lower)) return false;
  if (!phrase && !praise && /\b(propose|suggest|need|needs|should|if you|if we)\b/.test(s.lower)) return false;
  // "It is really important that we get this done in a user friendly way" states a requirement.
  if (!phrase && !praise && /\b(important (?:that|to)|(?:we|you|they|it) (?:have|has) to (?!say)|must)\b/.test(s.lower))
    return false;
  return phrase || praise || !/\b(not|no|never|didn't|don't|isn't|wasn't|won't)\b/.test(s.lower);
}

export interface Findings {
  wins: Finding[];
  issues: Finding[];
  objections: Objection[];
}

const BARE_ACK =
  /^(?:yes|no|yeah|yep|okay|ok|sure|right|mhm|uh-huh|got it|understood|totally|absolutely|of course|great|good|fair)[.!,]*$/;

/**
 * The rep's response to an objection: the first sentence our side says within the next two turns,
 * passing over a bare "Yes." or "Okay." when our side goes on to say more.
 */
function responseTo(s: Sentence, sentences: Sentence[]): Sentence | null {
  let first: Sentence | null = null;
  for (let i = s.index + 1; i < sentences.length; i++) {
    const next = sentences[i] as Sentence;
    if (next.segmentIndex > s.segmentIndex + 2) break;
    if (next.side !== "ours") {
      if (first) break;
      continue;
    }
    if (!BARE_ACK.test(next.lower)) return next;
    first ??= next;
  }
  return first;
}

/** "I understand.", "That's fair.": acknowledging an objection is not answering it. */
const ACKNOWLEDGING =
  /\b(fair point|that's fair|fair enough|i understand|understood|i hear (?:you|that)|makes sense|good question|thanks for telling me|i appreciate|totally|of course|i'm sorry|that's on us)\b/;

/**
 * Whether our side's reply (its sentences before the customer speaks again, within two segments)
 * holds substance: a statement of five words or more that is neither an acknowledgement nor a
 * question back ("That's fair. What would he need to see?" leaves the objection open).
 */
function isAnswered(s: Sentence, sentences: Sentence[]): boolean {
  let replying = false;
  for (let i = s.index + 1; i < sentences.length; i++) {
    const next = sentences[i] as Sentence;
    if (next.segmentIndex > s.segmentIndex + 2) break;
    if (next.side !== "ours") {
      if (replying) break;
      continue;
    }
    replying = true;
    if (next.isQuestion || next.words.length < 5 || BARE_ACK.test(next.lower)) continue;
    if (ACKNOWLEDGING.test(next.lower) && next.words.length < 12) continue;
    return true;
  }
  return false;
}

export function findFindings(sentences: Sentence[], vendorIn: VendorMatcher): Findings {
  const wins: Finding[] = [];
  const issues: Finding[] = [];
  const objections: Objection[] = [];
  const seen = { wins: new NearDuplicates(), issues: new NearDuplicates(), objections: new NearDuplicates() };
  for (const s of sentences) {
    const categories = classifyObjections(s, vendorIn);
    if (categories.length > 0) {
      if (seen.objections.repeats(s.words)) continue;
      const r = responseTo(s, sentences);
      const answered = isAnswered(s, sentences);
      for (const category of categories)
        objections.push({
          category,
          summary: trimSummary(s.text),
          quote: quoteOf(s),
          response: r ? quoteOf(r) : null,
          answered,
        });
    } else if (isIssue(s)) {
      if (!seen.issues.repeats(s.words)) issues.push({ summary: trimSummary(s.text), quote: quoteOf(s) });
    } else if (isWin(s)) {
      if (!seen.wins.repeats(s.words)) wins.push({ summary: trimSummary(s.text), quote: quoteOf(s) });
    }
  }
  return { wins, issues, objections };
}
