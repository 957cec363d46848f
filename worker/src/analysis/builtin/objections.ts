import type { ObjectionCategory } from "../insights-schema.ts";
import type { Sentence } from "./sentences.ts";
import { isHypothetical, isOffTopic } from "./small-talk.ts";
import type { VendorMatcher } from "./vendors.ts";

/**
 * Objection categories of one customer sentence. Each category is a pair: a subject (what the
 * sentence is about: a price word, a vendor, a security term, a date, a decision maker) and
 * pushback about it (too high, evaluating, need before, until, has to approve). Either alone is
 * talk, not an objection: "send me the price list", "we use Zoom", "I run security", "next year".
 * A sentence can carry two categories ("Gong quoted us twenty percent lower": competitor and price).
 * Patterns match `Sentence.lower` (lower case, straight apostrophes).
 */

// --- price and budget -------------------------------------------------------------------------
const PRICE_SUBJECT =
  /\b(price|prices|pricing|cost|costs|budget|budgets|budgeted|spend|spending|afford|discount|quote|uplift|increase|per[- ]seat|paying|quoted|pay for|we pay|pay today|fees?|licen[cs]e|tier|expensive|rate|money|line items?)\b/;
const PRICE_PUSHBACK =
  /\b(too high|higher|more than|tight|(?:was|were|been|got) cut|cut (?:\w+ )?(?:spend|spending|costs?|budgets?)|(?:can't|cannot) (?:afford|justify|pay|go|do|get|sign)|don't have (?:the |a |any |enough )?(?:budget|money|funds)|no budget|justify|push back|flexibility|above what|double|worth it|expect a discount|lower tier|eat (?:up )?our|too expensive|too much|steep|over budget|makes sense|why we're paying|at this price|third of|on top|lower than|less than|more expensive|cheaper than (?:you|yours|ours|this)|uplift|(?:percent|price) increase|(?:percent|%) (?:lower|cheaper|less)|(?:you're|you are|you guys are|yours is|your \w+ is) (?:\w+ )?(?:the )?most expensive|lower (?:number|price|quote|offer|bid)|(?:over|above|beyond|outside (?:of )?) (?:our|the|my) budget|percent over|hard to swallow|a (?:real |big )?stretch|a lot of money|(?:for|at) (?:half|a fraction of) the (?:price|cost)|half (?:of )?what|(?:bring|get|knock|take) (?:the |that |this |your )?(?:price|cost|number|quote) down|better (?:deal|price|rate|number)|cut (?:\w+ )?(?:seats|licen[cs]es|users)|fewer seats|(?:price|prices|pricing|cost|costs|fees?|rate|renewal|bill) (?:has |have |just |keeps? |already )?(?:gone|went|goes|going) up|no (?:extra|additional) (?:cost|charge))\b/;
const PRICE_WHOLE =
  /\b(too expensive|can't afford|cannot afford|over budget|out of our budget|more than we budgeted|budgets? (?:is|are) tight|nickel(?:-| and )dim\w*|need a better (?:deal|price|rate))\b/;
const PRICE_FINE =
  /\b(not (?:\w+ ){0,3}(?:too|that|very|so) expensive|isn't (?:too|that) expensive|(?:isn't|is not|was never|never (?:really )?been|wasn't) (?:really )?(?:the|an?) (?:issue|problem|sticking point|concern)|never really the|(?:looks|seems|is|are) (?:\w+ )?(?:reasonable|fine|fair)|wouldn't cost|doesn't cost|not much more|cheaper than|price list|approved|stays the same|purchase order|budget meeting|(?:is|was|that's|it's) (?:exactly |just )?what we (?:planned|budgeted|expected) for|as (?:planned|budgeted|expected)|not a blocker)\b/;

// --- competitors ------------------------------------------------------------------------------
/** Beside a named vendor: an evaluation, a comparison, a switch, a quote, or the vendor already in place. */
const COMPETE_CUE =
  /\b(evaluat\w*|compar\w*|switch\w*|(?:move|moving) (?:over )?to|consolidat\w*|standardiz\w*|quot\w*|bids?|demo|trial\w*|pilot|proposal|offer\w*|look(?:ing|ed)? at|talking to|call with|already (?:use|have|pay|on|own)|uses?|using|pay|paying|seats|licenses|covers?|signed with|bake-off|cheaper|lower|less|giving us|sending us|pushing|asking for)\b/;
/** Alternatives without a name: they need an evaluation verb ("other vendors give us ten percent" is a benchmark). */
const ALTERNATIVES =
  /\b((?:talking to|looking at|looked at|evaluating|comparing|considering|get(?:ting)? quotes from) (?:\w+ )?(?:other|another|alternative|competing|different) (?:vendors?|tools?|providers?|solutions?|options)|(?:looked|looking) at alternatives|competing (?:bids?|quotes?|offers?)|comparing (?:\w+ )?tools|a quote from (?:another|a different)|(?:switch|switching|move|moving) (?:over )?to (?:another|a different|a cheaper) (?:vendor|tool|provider|platform|solution|product)|their (?:pricing|price|quote|offer|bid) came in)\b/;
/** Past or dismissed: "used to work at Clari", "nobody wants to switch", "off the table". */
const COMPETITOR_DISMISSED =
  /\b(used to work|previous company|previous job|nobody (?:here )?(?:is asking|wants|asked) to switch|no plans to|off the table|mentioned at|nobody (?:here )?cares|don't want to switch|rather not switch|not (?:looking|planning) to)\b/;

// --- security and compliance ------------------------------------------------------------------
const SECURITY_SUBJECT =
  /\b(soc ?2|hipaa|gdpr|ccpa|phi|protected health|baa|business associate|dpa|data processing|sub-?processors?|sso|saml|scim|okta|encryption|encrypted|pen(?:etration)? tests?|security (?:review|team|questionnaire|signs?|sign-off|requirements?|concerns?)|infosec|ciso|privacy|compliance (?:team|says|requires|needs|review)|data (?:residency|is stored|stored|to stay|stay|leaving)|stay in the (?:us|eu)|outside the (?:us|eu)|who (?:else )?(?:can access|touches|has access)|can access our|access to every|read access|tenant-wide|scopes|audit logs?|role-based access|retention|deleted after|deletion|train\w* (?:\w+ )?(?:models? )?on our|leaving our network|admin consent|anywhere near this|need to know who)\b/;
const SECURITY_PUSHBACK =
  /\b(need|needs|needed|want|wants|'ll want|will want|require\w*|before|can't|cannot|won't|worried|nervous|concern\w*|flag\w*|hard no|has to|have to|must|contain|near|who|where|are you|does|do you|how long)\b/;
const SECURITY_SETTLED =
  /\b(passed|signed off|without any findings|we're clear|on vacation|i run security|answered all|is happy with|are happy with|within what our policy allows)\b/;

// --- timing -----------------------------------------------------------------------------------
/** A later time: the target of "push it to", "wait until", "not before". */
const LATER =
  "(?:next|the new|the end of|after|q[1-4]|january|february|march|april|may|june|july|august|september|october|november|december|(?:the )?(?:spring|summer|fall|autumn|winter)|the new year|our fiscal)";
const TIMING = new RegExp(
  [
    "not (?:a|the) (?:top )?priority",
    "not right now",
    "bad (?:time|month|quarter)",
    "timing is (?:bad|wrong|tough)",
    "too busy",
    "not the right time",
    "hold off",
    "on hold",
    "(?:pause|pausing|paused) (?:all|new|the|this|everything)",
    "(?:hiring|spending|budget|code|change|a) freeze",
    `nothing (?:\\w+ ){0,3}(?:until|before) `,
    "(?:has|have) to wait",
    "(?:rather |to )?wait (?:until|till|for) ",
    "circle back (?:after|later|in)",
    "revisit (?:this|it|that) (?:after|in|next)",
    `push (?:it|this|that|the \\w+) (?:out |back )?(?:to|until|into) ${LATER}`,
    `not (?:until|before) ${LATER}`,
    `(?:starting|start|anything) before ${LATER}`,
    `(?:until|till) (?:${LATER}|the \\w+ (?:closes|settles|is done|is over))`,
    `(?:look at|pick up|get to) (?:it|this|that) (?:again )?(?:until|in) ${LATER}`,
    "(?:next|new) fiscal year",
    "(?:won't|can't|cannot|will not) (?:be able to )?(?:\\w+ ){0,3}(?:until|before)",
  ]
    .map((p) => `\\b${p}`)
    .join("|"),
);
const TIMING_FINE = /\b(works well|is perfect|was perfect|we can start|live by|live before|before the holidays)\b/;

// --- authority --------------------------------------------------------------------------------
const DECIDER =
  "(?:cfo|ceo|coo|cio|cto|vp|vps|svp|director|boss|board|leadership|leadership team|executive team|steering (?:committee|group)|procurement|finance|legal|purchasing|my manager|our manager|committee)";
const AUTHORITY = new RegExp(
  [
    "not my decision",
    "not the decision maker",
    "out of my hands",
    "final (?:call|say|decision|sign-off)",
    "run (?:this|it|that) (?:by|past) (?:my|our|the)",
    "(?:need|needs|have|has) to take (?:this|it|that) to",
    `(?:need|needs|have|has) to (?:check|talk|go|get|run|take)\\b[^.]{0,30}\\b${DECIDER}`,
    "(?:needs?|requires?|waiting (?:on|for)|get|without) (?:[\\w']+ ){0,2}(?:approval|sign[- ]off)\\b",
    "(?:approval|sign[- ]off) (?:from|first)\\b",
    "\\w+'s sign[- ]off\\b",
    "on board first",
    `(?:(?:needs?|has|have) to (?:be )?approved?|approved by (?:my |our |the )?${DECIDER}|sign off on|signs? anything)\\b`,
    "goes? to (?:finance|procurement|legal|the board)",
    `(?:has|have) to go through (?:our )?(?:${DECIDER}|the board|a committee)`,
    `${DECIDER} (?:decides?|will decide)`,
    "sits with",
    "wants? to see (?:a|the) (?:business case|roi|numbers)",
    // "Our CFO, Martin, is questioning the renewal" (the decision); questioning the spend is price.
    `${DECIDER}(?:, [a-z]+,)? (?:is|are|has been|was) (?:questioning|skeptical about|not convinced about|doubting) (?:the|this|our) (?:renewal|deal|contract|purchase|decision)`,
    `until (?:the|our) new ${DECIDER}`,
    `${DECIDER} (?:has|have) to review`,
    `${DECIDER} (?:will|would) (?:want|need) (?:three|two|several|more) quotes`,
    "steering (?:committee|group)",
    "leadership decides",
  ]
    .map((p) => `\\b${p}`)
    .join("|"),
);
/** The speaker holds the authority, or the approval already happened. */
const AUTHORITY_FINE =
  /\b(i can sign|i'll sign|i own the budget|it's my budget|i'm the (?:one who decides|budget owner|economic buyer|decision maker)|already (?:sent|signed|approved)|approved the \w+ (?:last|this|yesterday)|signed off last)\b/;

// --- other categories (unchanged from 1.1.0, kept for the analyzer's output) ------------------
const NEED =
  /\b(not committing|not sure we need|don't see the value|(?:we|i) don't (?:really )?need (?:it|this|that|another|a new|more|any|the)\b(?! to)|not convinced|need a reason|a reason to (?:renew|buy|switch|pay|change)|why we'd pay|why would we (?:pay|need|switch|buy)|isn't just inertia|clear case)\b/;
const PRODUCT_GAP =
  /\b(no native|doesn't support|does not support|doesn't integrate|not a one-click|big gap|only seeing half|is missing|hasn't shipped|not moving|doesn't work with|doesn't have|does not have)\b(?! to\b)/;
const RISK =
  /\b((?:concerned|worried|nervous|uncomfortable) (?:about|with|that)|too risky|a risk for us|the risk (?:is|of (?:losing|moving|switching)))\b/;
/** A worry that turned into praise, or pushback said to be gone. */
const RESOLVED =
  /\b(off the table|no longer|not an issue anymore|not a concern|solved|resolved|takes care of|been solid|works great|better than i expected)\b/;
/** Asking for a meeting or a document about it is a next step, not pushback. */
const NEXT_STEP_ASK = /^(?:and )?(?:let's|let us|we'll|i'll send|i can send|can we schedule)\b/;

function isPrice(s: Sentence): boolean {
  if (PRICE_FINE.test(s.lower)) return false;
  if (PRICE_WHOLE.test(s.lower)) return true;
  if (!PRICE_SUBJECT.test(s.lower) || !PRICE_PUSHBACK.test(s.lower)) return false;
  // "What happens to the price if we add seats?" asks; "Is there flexibility on the price, because
  // this is above what we expected?" pushes back (the pushback words decide, not the "?").
  return !(s.isQuestion && !/\b(flexibility|above|too|higher|double|down|better|discount)\b/.test(s.lower));
}

function isCompetitor(s: Sentence, vendorIn: VendorMatcher): boolean {
  if (COMPETITOR_DISMISSED.test(s.lower)) return false;
  if (ALTERNATIVES.test(s.lower)) return true;
  const vendor = vendorIn(s.text);
  if (!vendor) return false;
  // The cue is looked for around the name, not in it ("Observe.AI" contains no cue).
  return COMPETE_CUE.test(s.lower.replace(vendor.toLowerCase(), " "));
}

function isSecurity(s: Sentence): boolean {
  return SECURITY_SUBJECT.test(s.lower) && SECURITY_PUSHBACK.test(s.lower) && !SECURITY_SETTLED.test(s.lower);
}

function isTiming(s: Sentence): boolean {
  if (!TIMING.test(s.lower) || TIMING_FINE.test(s.lower)) return false;
  // "Can we revisit this after our fiscal year starts?" defers; other questions only ask.
  return !s.isQuestion || /\b(revisit|circle back|push|wait|hold off)\b/.test(s.lower);
}

function isAuthority(s: Sentence): boolean {
  return AUTHORITY.test(s.lower) && !AUTHORITY_FINE.test(s.lower);
}

/**
 * The categories of a customer sentence, in a fixed order (at most two), or none. Our side's
 * sentences are never objections ("Unlike Gong, we don't charge for storage").
 */
export function classifyObjections(s: Sentence, vendorIn: VendorMatcher): ObjectionCategory[] {
  if (s.side === "ours" || s.words.length < 4) return [];
  // "The holidays" are a season that defers a deal, not small talk, in an objection.
  if (isOffTopic({ lower: s.lower.replace(/\bholidays?\b/g, "") }) || RESOLVED.test(s.lower)) return [];
  // "Let's push the rollout to January" defers; "let's schedule the security review" is a next step.
  if (NEXT_STEP_ASK.test(s.lower)) return isTiming(s) ? ["timing"] : [];
  const out: ObjectionCategory[] = [];
  if (isCompetitor(s, vendorIn)) out.push("competitor");
  // A supposition about price ("that would make it more expensive") is no pushback yet.
  // Asking about a cheaper tier is a budget signal even when put as "whether we could", and so is a
  // cost that "would eat our training budget".
  if (
    isPrice(s) &&
    !(
      isHypothetical(s) &&
      !/\b(expect|if we sign|lower tier|downgrade|eat (?:up |into )?our|cut (?:\w+ )?seats|fewer seats|drop to)\b/.test(
        s.lower,
      )
    )
  )
    out.push("price");
  if (isSecurity(s)) out.push("security");
  if (isTiming(s)) out.push("timing");
  if (isAuthority(s)) out.push("authority");
  if (out.length === 0) {
    if (NEED.test(s.lower)) out.push("need");
    else if (PRODUCT_GAP.test(s.lower) && !isHypothetical(s)) out.push("product_gap");
    else if (RISK.test(s.lower) && !(s.sentiment.score > 0.3 && !/\bbut\b/.test(s.lower))) out.push("risk");
  }
  return out.slice(0, 2);
}
