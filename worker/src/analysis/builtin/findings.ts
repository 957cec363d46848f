import type { Finding, Objection, ObjectionCategory } from "../insights-schema.ts";
import { quoteOf, type Sentence } from "./sentences.ts";

/**
 * Cue-phrase classifiers for wins, issues and objections. Each looks at one sentence (plus its
 * sentiment and who said it) and uses patterns of how customers state outcomes, problems and
 * pushback. A sentence is used for at most one of the three (objection > issue > win).
 */

// A measured or felt improvement: "cut our dispatch time by thirty percent", "escalations dropped".
const OUTCOME =
  /\b(cut|cuts|reduced|reduces|saved|saves|saving|dropped|drops|improved|improves|increased|doubled|halved|tripled|sped up|faster|paid for|caught|catch|helped|helps)\b/;
const WIN_PHRASES =
  /\b(real win|big win|a win for|that's a win|favorite feature|favourite feature|best thing|been solid|works great|love it|loves it|really like|really likes|really encouraging|paid for the pilot|exactly what we need|people like|team likes|likes the product|saving a couple|game changer|renewed)\b/;

const PROBLEM =
  /\b(bug|bugs|broken|breaks|fails|failed|failing|error|errors|crash|crashes|outage|down|lags?|lagging|slow|cramped|cut off|wrong|spins|times out|timed out|not working|doesn't work|didn't work|stopped working|went wrong|frustrating|annoying|embarrassing|problem|problems|issue with|gap|can't trust|cannot trust|missing|truncat\w*|escaped twice|hacked|sat there|no response|not acceptable|unacceptable|let us down|let you down|nine days|waiting)\b/;

const OBJECTIONS: ReadonlyArray<readonly [ObjectionCategory, RegExp]> = [
  [
    "price",
    /\b(price|pricing|cost|costs|expensive|budget|budgets|afford|uplift|pay for|we pay|pay today|on top|discount|cheaper|too much)\b.*\b(higher|high|too|more than|tight|expensive|can't|cannot|on top|uplift|third|clear case|not)\b|\b(too expensive|price is higher|budgets are tight|can't afford|cannot afford|over budget|out of our budget)\b/,
  ],
  [
    "competitor",
    /\b(gong|chorus|clari|salesloft|outreach|competitor|competitors|alternative|alternatives|another vendor|other vendor|switch to|switching to|a quote from|already (use|have|pay for)|already covers|consolidat\w* onto)\b/,
  ],
  [
    "timing",
    /\b(not right now|not a priority|bad time|too busy|next year|next quarter|revisit|circle back later|not the right time|hold off)\b/,
  ],
  [
    "authority",
    /\b(not my decision|need to check with|have to check with|goes to finance|go to finance|sign[- ]off|approval|approve|my boss|leadership decides|procurement|legal review)\b/,
  ],
  [
    "need",
    /\b(not committing|not sure we need|don't see the value|don't need|clear case|a reason to|need a reason|not convinced|why we'd pay|why would we|isn't just inertia)\b/,
  ],
  [
    "product_gap",
    /\b(no native|doesn't support|does not support|doesn't integrate|not a one-click|big gap|only seeing half|is missing|hasn't shipped|not moving|doesn't work with|can't do)\b/,
  ],
  [
    "risk",
    /\b(security|compliance|protected health|phi|hipaa|gdpr|soc ?2|breach|data residency|uncomfortable questions|business associate agreement|risk)\b/,
  ],
];

function trimSummary(text: string): string {
  return text.length <= 160 ? text : `${text.slice(0, 157).trimEnd()}...`;
}

export function classifyObjection(s: Sentence): ObjectionCategory | null {
  if (s.side === "ours") return null;
  if (s.words.length < 4) return null;
  for (const [category, pattern] of OBJECTIONS) {
    if (!pattern.test(s.lower)) continue;
    // A question about a topic is not yet pushback unless it is negative ("Why would we pay more?").
    if (s.isQuestion && s.sentiment.label !== "negative" && category !== "need") continue;
    // Competitor or risk mentions need some negative or hesitant tone to be pushback.
    if ((category === "competitor" || category === "risk") && s.sentiment.score > 0.3 && !/\bbut\b/.test(s.lower))
      continue;
    return category;
  }
  return null;
}

export function isIssue(s: Sentence): boolean {
  if (s.isQuestion || s.words.length < 4) return false;
  if (!PROBLEM.test(s.lower)) return false;
  if (/\b(no problem|not a problem|not a big deal|no issue)\b/.test(s.lower)) return false;
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
  if (/\b(not|no|never|didn't|don't|isn't|wasn't|won't)\b/.test(s.lower) && !WIN_PHRASES.test(s.lower)) return false;
  if (WIN_PHRASES.test(s.lower)) return s.sentiment.label !== "negative";
  if (
    OUTCOME.test(s.lower) &&
    /\b(\d+|percent|half|twice|hours?|days?|minutes?|time|escalations?|complaints?|errors?|costs?)\b/.test(s.lower)
  )
    return s.sentiment.label !== "negative";
  return s.sentiment.label === "positive" && s.sentiment.score >= 0.5 && s.words.length >= 6;
}

export interface Findings {
  wins: Finding[];
  issues: Finding[];
  objections: Objection[];
}

/** Finds the rep's response to an objection: the first sentence our side says within the next two turns. */
function responseTo(s: Sentence, sentences: Sentence[]): Sentence | null {
  for (let i = s.index + 1; i < sentences.length; i++) {
    const next = sentences[i] as Sentence;
    if (next.segmentIndex > s.segmentIndex + 2) break;
    if (next.side === "ours") return next;
  }
  return null;
}

export function findFindings(sentences: Sentence[]): Findings {
  const wins: Finding[] = [];
  const issues: Finding[] = [];
  const objections: Objection[] = [];
  for (const s of sentences) {
    const category = classifyObjection(s);
    if (category) {
      const r = responseTo(s, sentences);
      objections.push({ category, summary: trimSummary(s.text), quote: quoteOf(s), response: r ? quoteOf(r) : null });
    } else if (isIssue(s)) issues.push({ summary: trimSummary(s.text), quote: quoteOf(s) });
    else if (isWin(s)) wins.push({ summary: trimSummary(s.text), quote: quoteOf(s) });
  }
  return { wins, issues, objections };
}
