/**
 * A small part-of-speech heuristic for topic candidates: a topic should read like a noun phrase
 * ("salesforce sync", "printed circuit board"), never like a verb ("send", "eat french fries"), a
 * participle ("double curved", "written root") or a dangling preposition ("per seat per").
 *
 * Why not a tagger: the English taggers that could run in workerd ship a lexicon bigger than the
 * whole worker bundle (~417 KB gzipped). Measured npm tarballs, gzipped: pos 0.4.2 683 KB; en-pos
 * 1.0.16 + en-lexicon 1.0.11 528 KB; wink-lexicon 2.2.0 alone 1.9 MB; compromise is 141 KB but
 * super-linear on whole documents (../shared/notes/anchors.md). All that to answer one question
 * about 1-3 words: the word lists below cover the common cases of spoken business English, and
 * unknown words count as nouns.
 */
const list = (s: string) => new Set(s.split(/\s+/).filter(Boolean));

/** Verbs (base, -s and past forms) that are rarely the noun a meeting is about. */
const VERBS = list(`
accept accepts accepted add adds added agree agrees agreed allow allows allowed apply applies applied arrive arrived
assume assumed avoid avoided become became begin began begun believe believed belong borrow bought brought buy buys
carry carried catch caught choose chose chosen click clicked collect compare compared consider considered contain
continue continued create created decide decided depend describe described determine develop developed die died dies
discuss discussed draw draws drew drawn drink drive drove driven drop dropped eat eats ate eaten enable enjoy ensure
enter entered explain explained fall fell fallen figured fill filled finish finished fit fix fixes fixed
follow followed forget forgot forgotten forward gain grab grow grew grown handle handled hate helps helped hold
holds held hope hoped imagine implement improve improved include included install installed intend interpret
introduce involve join joined jump know known learn learned leave left lie lose lost love loved manage managed meet
met mention mentioned miss missed move moved notice noticed obtain occur occurred open opened own pass passed pay paid
pick picked plug prefer preferred prepare prepared press pressed pretend prevent produce produced provide provided pull
push pushed raise raised reach reached read realize realized receive received recognize reduce reduced remember
remove removed repeat replace replaced require required respond reveal ride rise rose run ran save saved scroll sell
sold send sends sent serve shrink sit sat sleep solve solved speak spoke spoken spent stand stood stay
stick stop stopped struggle suggest suggested surprise tap teach taught tend thank throw threw thrown turn turned
understand understood wait walk walked want wanted watch wear wore won wish wonder worry write writes wrote
written hit hits told tell tells gotten given taken seen gone done said sold hesitate fold folds incorporate
incorporates offers cut cuts justify appreciate appreciated escalate escalated renew renewed sign signed break broke
respond responded fail failed
`);

/** Adjectives and adverbs that describe a topic but never are one. */
const MODIFIERS = list(`
positive negative open easy hard simple fancy nice cool happy interesting important different possible available
quick slow slight cheap expensive universal round large small high low long short whole basic main various general specific actual current
previous final overall key major minor extra super sure ready free full empty clear similar certain likely unlikely
due fine huge tiny entire particular typical normal regular standard usual obvious specific public private single
double triple multiple separate personal common rare special local global digital manual automatic total useful
useless famous dangerous serious quiet loud modern traditional native online offline
anywhere somewhere everywhere nowhere instead sorry favourite favorite difficult resistant wrong right
higher lower bigger smaller larger faster slower cheaper easier harder longer shorter greater newer older earlier later
monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday tonight weekend eod
january february march april june july august september october november december
`);

/** Prepositions, determiners and pronouns missing from the stop list: a phrase neither starts nor ends with one. */
const PREPOSITIONS = list(`
though although anyway otherwise meanwhile whereas another enough several anybody whatever whichever whoever whomever either neither none
within without throughout across along among toward towards per via plus versus onto upon unto amongst beside besides
despite except including regarding concerning inside outside beyond behind beneath
`);

/** -ing words that are nouns in business talk ("pricing", "onboarding", "solar charging"). */
const NOMINAL_ING = list(`
pricing onboarding meeting meetings training marketing billing recording recordings reporting licensing funding
setting settings building buildings hosting shipping tracking scheduling planning forecasting coaching messaging
routing staffing hiring logging ticketing invoicing banking accounting engineering manufacturing consulting networking
processing testing monitoring budgeting packaging branding printing charging learning spending booking bookings
offering offerings listing listings posting postings opening openings briefing understanding warning warnings
wording lighting clothing housing catering parking landing painting drawing drawings feeling feelings ceiling
evening morning thing things something anything nothing everything string wedding sibling earnings savings
`);

/** Words ending in -ed / -ly / -able that are nouns anyway. */
const NOUN_EXCEPTIONS = list(`
feed need seed speed bed red shed bread hundred thread weed
supply family assembly reply rally italy july anomaly monopoly butterfly ally belly jelly lily
table cable vegetable vegetables deliverable deliverables variable variables receivable receivables payable payables
timetable turntable executive executives objective objectives initiative initiatives alternative alternatives
incentive incentives representative representatives perspective narrative detective archive archives directive
derivative collective credential commercial commercials official officials
`);

function isVerbForm(word: string): boolean {
  if (VERBS.has(word)) return true;
  if (NOUN_EXCEPTIONS.has(word)) return false;
  // "loves", "pushes": the -s form of a listed verb; "justify", "organize": verb suffixes.
  if (word.endsWith("s") && (VERBS.has(word.slice(0, -1)) || (word.endsWith("es") && VERBS.has(word.slice(0, -2)))))
    return true;
  return (word.length > 4 && word.endsWith("ed")) || (word.length > 5 && /(?:ify|ize)$/.test(word));
}

function isModifier(word: string): boolean {
  if (MODIFIERS.has(word) || PREPOSITIONS.has(word)) return true;
  if (NOUN_EXCEPTIONS.has(word)) return false;
  return (
    (word.length > 4 && word.endsWith("ly")) ||
    (word.length > 6 && /(?:ive|ical)$/.test(word)) ||
    // "functional", "industrial", "potential", "financial": adjectives that head no topic.
    (word.length > 6 && /(?:ional|strial|ntial|cial)$/.test(word)) ||
    (word.length > 6 && /(?:able|ible|ful|ous)$/.test(word)) ||
    (word.length > 5 && word.endsWith("ing") && !NOMINAL_ING.has(word))
  );
}

/** A verb form, adjective, adverb or preposition: describes or relates, names nothing. */
export function isDescriptive(word: string): boolean {
  return isVerbForm(word) || isModifier(word);
}

const isIng = (word: string) => word.length > 5 && word.endsWith("ing") && !NOMINAL_ING.has(word);

/**
 * True when the words (1-3 lower-case tokens) can be a topic: the last word (the head) is a noun,
 * the first is no verb, -ing verb or preposition, and no word repeats. A regular participle may
 * modify a noun ("printed circuit board"); an irregular one listed as a verb may not ("written root").
 */
export function isNounPhrase(words: readonly string[]): boolean {
  const n = words.length;
  if (n === 0) return false;
  const head = words[n - 1] as string;
  const first = words[0] as string;
  if (isVerbForm(head) || isModifier(head)) return false;
  if (new Set(words).size < n) return false;
  if (n === 1) return true;
  return !(VERBS.has(first) || isIng(first) || PREPOSITIONS.has(first));
}
