import type { NextStep, Side } from "../insights-schema.ts";
import { NearDuplicates } from "./dedupe.ts";
import { quoteOf, type Sentence } from "./sentences.ts";
import { isOffTopic } from "./small-talk.ts";

const ACTION_VERBS =
  "send|email|e-mail|share|set up|setup|schedule|book|follow up|get|confirm|check|file|include|pass|ask|reach out|call|review|prepare|introduce|loop|reassign|take|come back|pick|forward|draft|write|put together|organize|arrange|update|fix|ship|deliver|provide|test|try|talk|meet|sign|start|connect|run|look into|dig into|walk|demo|invite|add|move|make sure|circle back|target|plan";
/** Verbs that promise something to the other side on their own ("I'll send", "we can set up"). */
const FOLLOW_UP =
  /^(?:send|email|e-mail|share|set up|setup|schedule|book|follow up|confirm|file|include|pass|forward|draft|put together|prepare|arrange|introduce|loop|reach out|provide|deliver|invite|reassign|look into|dig into|make sure|circle back|come back on|get back|get you|get (?:our|the|a|an) \w+ (?:on|to|for)|ask|review|fix|ship|sign|update|pick|add|take (?:the|it|this|that) to|check (?:with|on|whether|if)|find out|take a look at (?:it|that|this|them|those))\b/;
const FIRST_PERSON = new RegExp(
  `\\b(i'll|i will|i'm going to|i am going to|i'm gonna|let me|i can|we'll|we will|we're going to|we can)\\s+(?:also\\s+|then\\s+|just\\s+|definitely\\s+|personally\\s+)?((?:${ACTION_VERBS})\\b.*)|\\b(?:i'm|we're) (?:sending|emailing|filing|setting up|scheduling|taking|booking|sharing|preparing|following up|reassigning|adding)\\b`,
);
const REQUEST = new RegExp(
  `^(?:[a-z]+,\\s+)?(?:(?:can|could|would) you|please|you're|you are|make sure|can we|could we|let's)\\s+(?:also\\s+|please\\s+)?(${ACTION_VERBS}|sending|setting|getting)\\b|^(?:and\\s+)?(send|email|forward|share|copy) me\\b|^(?:and\\s+)?(send|email|forward|share) (?:the|it|that|us)\\b`,
);
const DUE =
  /\b((?:by|before|on|until|no later than)\s+(?:the\s+)?(?:end of (?:the |next )?(?:day|week|month|quarter)|(?:next |this )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|week|month)|tomorrow|tonight|today|eod|(?:january|february|march|april|may|june|july|august|september|october|november|december)(?: \d{1,2})?|mid-\w+|\d{1,2}(?:st|nd|rd|th)?)(?: next week)?|(?:later )?today|tomorrow|tonight|next (?:week|month|quarter|monday|tuesday|wednesday|thursday|friday)|this (?:week|afternoon|month|quarter)|(?:in|within) (?:a|one|two|three|\d+) (?:days?|weeks?|business days?)|(?:early|mid|late)[- ](?:january|february|march|april|may|june|july|august|september|october|november|december)|the first week of \w+|(?:on )?(?:monday|tuesday|wednesday|thursday|friday)|right now|end of (?:the )?(?:day|week|next week|month)|(?:for |by )?(?:the )?next (?:time|meeting|call))\b/;
const NOT_A_COMMITMENT =
  /^if\b|\b(i'll be honest|if you|when you|would you mind|i can't|i can imagine|i can see|i can hear|we can't|i could|you can see|call it a|share my screen|walk (?:you )?through|in a minute|in a second|quick overview|let me (?:give|show|share|walk|start|ask|just|know|be|think|see|pull|jump|get this|make sure i)|next slide|(?:move|go) (?:on )?to the next|come back to (?:that|it|this)|get (?:a)?round to|get to (?:that|it|this)|get started|talk about|start (?:with|from|by)|(?:let's|let us|let me) take a look|go (?:through|over)|at the end|test (?:positive|negative)|review what we|later (?:on )?in the (?:meeting|call|session)|for example|maybe|might|perhaps|hopefully|i guess)\b/;
/** Said to the other side: "you", the team, a person; makes "I'll get ..." a promise, not a remark. */
const DIRECTED = /\b(you|your|y'all|him|her|them|he|she|team|finance|legal|engineering|product)\b/;

const otherSide = (side: Side): Side => (side === "ours" ? "theirs" : side === "theirs" ? "ours" : "unknown");

/** The name addressed at the start of a sentence ("Tom, you're sending the chart"). */
function addressee(text: string, speakers: ReadonlyMap<string, Side>): string | null {
  const m = /^([A-Z][a-z]+),/.exec(text.trim());
  if (!m) return null;
  const first = m[1] as string;
  for (const name of speakers.keys()) if (name.split(/\s+/)[0] === first) return name;
  return null;
}

/**
 * Commitments and requests: "I'll send the revised quote by Friday" (owner: the speaker),
 * "Tom, you're sending the dispatch chart" (owner: Tom), "Send me the draft" (owner: the other
 * side). `due` is the deadline as said. Near-duplicates (a recap repeating a promise) are merged.
 */
export function findNextSteps(sentences: Sentence[], speakers: ReadonlyMap<string, Side>): NextStep[] {
  const out: NextStep[] = [];
  const seen = new NearDuplicates();
  for (const s of sentences) {
    if (NOT_A_COMMITMENT.test(s.lower) && !/^(i'll|we'll)\s+(send|email|set up|confirm|file)/.test(s.lower)) continue;
    if (isOffTopic(s)) continue;
    const promise = FIRST_PERSON.exec(s.lower);
    const first = promise !== null;
    const request = first ? null : REQUEST.exec(s.lower);
    if (!first && !request) continue;
    if (s.isQuestion && !request) continue;
    if (s.words.length < 6 && !DUE.test(s.lower)) continue;
    const due = DUE.exec(s.lower)?.[1] ?? null;
    if (promise?.[1] && promise[2]) {
      // "I can"/"we can" says what is possible: only a follow-up verb makes it an offer. Other verbs
      // ("we'll try", "I'll get it out") promise something only with a date or said to someone.
      const followUp = FOLLOW_UP.test(promise[2]);
      const said = promise[2].split(" ").slice(0, 8).join(" ");
      if (/can$/.test(promise[1]) ? !followUp : !followUp && !due && !DIRECTED.test(said)) continue;
    }
    let owner: string | null;
    let ownerSide: Side;
    if (first) {
      owner = s.speaker;
      ownerSide = s.side;
    } else {
      const named = addressee(s.text, speakers);
      owner = named;
      ownerSide = named ? (speakers.get(named) ?? "unknown") : /^let's\b/.test(s.lower) ? "unknown" : otherSide(s.side);
    }
    if (seen.repeats(s.words)) continue;
    out.push({
      owner,
      ownerSide,
      action: s.text.length <= 200 ? s.text : `${s.text.slice(0, 197)}...`,
      due,
      quote: quoteOf(s),
    });
  }
  return out;
}
