import type { Topic } from "../insights-schema.ts";
import { GIVEN_NAMES } from "./given-names.ts";
import { isNounPhrase } from "./noun-phrase.ts";
import { quoteOf, type Sentence } from "./sentences.ts";
import { isOffTopic } from "./small-talk.ts";
import { stem } from "./stem.ts";
import { GENERIC, STOPWORDS } from "./stopwords.ts";

/** Short words that still make topics. */
const SHORT_TERMS = new Set([
  "ai",
  "ui",
  "ux",
  "tv",
  "api",
  "sso",
  "crm",
  "roi",
  "erp",
  "sla",
  "pdf",
  "hr",
  "qa",
  "sdk",
  "vpn",
]);

function isContent(token: string): boolean {
  if (STOPWORDS.has(token)) return false;
  if (/^\d/.test(token)) return false;
  if (token.includes("'")) return false;
  return token.length >= 3 || SHORT_TERMS.has(token);
}

/** Nouns too vague to be a topic on their own in a business conversation (fine inside a phrase). */
const VAGUE_ALONE = new Set([
  "customer",
  "customers",
  "client",
  "clients",
  "account",
  "accounts",
  "meeting",
  "meetings",
  "company",
  "business",
  "product",
  "products",
  "information",
  "problem",
  "problems",
  "issue",
  "issues",
  "term",
  "terms",
  "response",
  "class",
  "file",
  "steps",
  "step",
  "load",
  "name",
  "change",
  "changes",
  "turn",
  "fact",
  "level",
  "stage",
  "talk",
  "chat",
  "top",
  "bottom",
  "job",
  "slide",
  "slides",
  "presentation",
  "conversation",
  "conversations",
  "email",
  "emails",
  "quarter",
  "hand",
  "hands",
  "user",
  "users",
  "option",
  "options",
  "base",
  "version",
  "euros",
  "pounds",
  "dollars",
  "cents",
  "bucks",
]);

/**
 * Heads that name a person by role ("project manager", "industrial designer", "account
 * executive"): people are the participants list's business, not topics.
 */
const ROLE_HEADS = new Set([
  "manager",
  "managers",
  "designer",
  "designers",
  "expert",
  "experts",
  "engineer",
  "engineers",
  "director",
  "directors",
  "officer",
  "analyst",
  "analysts",
  "specialist",
  "consultant",
  "consultants",
  "representative",
  "rep",
  "reps",
  "administrator",
  "admin",
  "developer",
  "developers",
  "coordinator",
  "assistant",
  "executive",
  "executives",
  "founder",
  "ceo",
  "cfo",
  "cto",
  "vp",
  "president",
]);

/** A common given name or a title: the phrase is a person ("david jordan", "mister jordan"). */
const TITLES = new Set(["mister", "mr", "mrs", "ms", "miss", "dr"]);
const namesPerson = (word: string) => GIVEN_NAMES.has(word) || TITLES.has(word);

/** A generic word of conversation, or the plural of one ("ideas", "points"). */
const isGeneric = (word: string) => GENERIC.has(word) || (word.endsWith("s") && GENERIC.has(word.slice(0, -1)));

const containsAll = (big: readonly string[], small: readonly string[]) => small.every((s) => big.includes(s));

interface Candidate {
  key: string;
  stems: string[];
  n: number;
  count: number;
  /** Which tenths of the call it was heard in. */
  tenths: Set<number>;
  /** Sentences (positions) it occurs in, for spread and for the quote. */
  first: Sentence;
  best: Sentence;
  surfaces: Map<string, number>;
}

const LENGTH_WEIGHT = [0, 1, 2.2, 2.6];
/**
 * Weights of where a phrase is heard. Chosen on 12 of the 20 QMSum meetings (ES and IS series; the
 * TS series held out), see docs/quality.md: spread 0.4-0.9 and position 0.2-0.7 scored alike there.
 */
const SPREAD_WEIGHT = 0.5;
const POSITION_WEIGHT = 0.4;

export interface TopicOptions {
  limit?: number;
  /** Words never to report as topics (participant names, the account's own name). */
  exclude?: Iterable<string>;
}

/**
 * Key phrases of a conversation, ranked. Candidates are runs of content words (1-3 words) between
 * stop words and filler; a phrase may neither start nor end with a generic word ("think",
 * "people", "good"), must read like a noun phrase (`isNounPhrase`: no "send", "eat french fries",
 * "double curved") and, as a single word, must not be a vague noun ("customer", "meeting"); people
 * (a common given name first, a role as head: "david jordan", "project manager") and sentences
 * about life outside work or meeting logistics are left out. Score: log-frequency x phrase-length
 * weight x spread over the call (tenths heard in) x how early it first came up, then a greedy pick
 * that skips phrases whose stems are already covered, so the list spans the call's distinct
 * concerns instead of restating its most frequent word.
 */
export function extractTopics(sentences: Sentence[], options: TopicOptions = {}): Topic[] {
  const limit = options.limit ?? 10;
  const exclude = new Set<string>();
  for (const name of options.exclude ?? [])
    for (const w of name.toLowerCase().split(/[^a-z0-9]+/)) if (w) exclude.add(w);
  const candidates = new Map<string, Candidate>();
  const stemCache = new Map<string, string>();
  /** Whether a surface phrase may be a topic (noun-phrase shape, not vague alone), computed once. */
  const shapeCache = new Map<string, boolean>();
  const stemOf = (t: string) => {
    let s = stemCache.get(t);
    if (s === undefined) {
      s = stem(t);
      stemCache.set(t, s);
    }
    return s;
  };
  for (const sentence of sentences) {
    // Weekends, family, pets and meeting logistics name no subject of the call.
    if (isOffTopic(sentence)) continue;
    const tokens = sentence.words;
    let runStart = 0;
    for (let i = 0; i <= tokens.length; i++) {
      const token = tokens[i];
      if (token !== undefined && isContent(token) && !exclude.has(token)) continue;
      // "cause" is a stop word for "'cause" (because), except in "root cause".
      if (token === "cause" && tokens[i - 1] === "root") continue;
      // tokens[runStart, i) is a run of content words.
      for (let a = runStart; a < i; a++) {
        const startWord = tokens[a] as string;
        if (isGeneric(startWord)) continue;
        for (let n = 1; n <= 3 && a + n <= i; n++) {
          const endWord = tokens[a + n - 1] as string;
          if (isGeneric(endWord) || ROLE_HEADS.has(endWord)) continue;
          const slice = tokens.slice(a, a + n);
          const surface = slice.join(" ");
          let shaped = shapeCache.get(surface);
          if (shaped === undefined) {
            shaped = !(n === 1 && VAGUE_ALONE.has(startWord)) && isNounPhrase(slice);
            shapeCache.set(surface, shaped);
          }
          if (!shaped || slice.some(namesPerson)) continue;
          const stems = slice.map(stemOf);
          const key = stems.join(" ");
          let c = candidates.get(key);
          if (!c) {
            c = {
              key,
              stems,
              n,
              count: 0,
              tenths: new Set(),
              first: sentence,
              best: sentence,
              surfaces: new Map(),
            };
            candidates.set(key, c);
          }
          c.count++;
          c.tenths.add(Math.floor((sentence.index * 10) / sentences.length));
          c.surfaces.set(surface, (c.surfaces.get(surface) ?? 0) + 1);
          if (c.best.side !== "theirs" && sentence.side === "theirs") c.best = sentence;
        }
      }
      runStart = i + 1;
    }
  }
  // A phrase that never occurs outside a longer candidate is that candidate's fragment ("box problem"
  // inside "green box problem", "strain injury" inside "repetitive strain injury").
  const subsumed = new Set<string>();
  for (const c of candidates.values()) {
    if (c.n < 2) continue;
    for (let len = 1; len < c.n; len++)
      for (let a = 0; a + len <= c.n; a++) {
        const sub = candidates.get(c.stems.slice(a, a + len).join(" "));
        if (sub && sub.count <= c.count) subsumed.add(sub.key);
      }
  }
  const minCount = sentences.length > 40 ? 2 : 1;
  const scored: { c: Candidate; score: number }[] = [];
  for (const c of candidates.values()) {
    if (c.count < minCount || subsumed.has(c.key)) continue;
    // Subjects of a call recur across it; an anecdote or an ice-breaker stays in one stretch.
    const spreadFactor = 1 - SPREAD_WEIGHT + (SPREAD_WEIGHT * c.tenths.size) / 10;
    // Calls announce their subjects early ("today: the renewal and the Salesforce sync").
    const positionFactor = 1 + POSITION_WEIGHT * (1 - c.first.index / sentences.length);
    const score = (1 + Math.log(c.count)) * (LENGTH_WEIGHT[c.n] ?? 2.6) * spreadFactor * positionFactor;
    scored.push({ c, score });
  }
  scored.sort((x, y) => y.score - x.score || (x.c.key < y.c.key ? -1 : x.c.key > y.c.key ? 1 : 0));

  const covered = new Map<string, number>();
  const picked: { c: Candidate; score: number }[] = [];
  for (const item of scored) {
    if (picked.length >= limit) break;
    const overlap = item.c.stems.filter((s) => covered.has(s)).length;
    if (overlap === item.c.stems.length) continue;
    // "green box problem" after "green box" (or the other way round) says the same thing.
    // "box problem report" after "green box problem": two shared words make a restatement.
    if (
      picked.some(
        (p) =>
          containsAll(item.c.stems, p.c.stems) ||
          containsAll(p.c.stems, item.c.stems) ||
          p.c.stems.filter((x) => item.c.stems.includes(x)).length >= 2,
      )
    )
      continue;
    // A phrase sharing a word with an already picked one must be clearly strong on its own.
    if (
      overlap > 0 &&
      picked.some((p) => p.c.stems.some((s) => item.c.stems.includes(s)) && item.score < p.score * 0.5)
    )
      continue;
    picked.push(item);
    for (const s of item.c.stems) covered.set(s, (covered.get(s) ?? 0) + 1);
  }
  const top = picked[0]?.score ?? 1;
  return picked.map(({ c, score }) => {
    let surface = c.key;
    let most = -1;
    for (const [s, n] of c.surfaces) {
      if (n > most || (n === most && s < surface)) {
        surface = s;
        most = n;
      }
    }
    return {
      phrase: surface,
      relevance: Math.round((score / top) * 1000) / 1000,
      mentions: c.count,
      quote: quoteOf(c.best),
    };
  });
}
