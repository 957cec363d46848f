import { nameWords } from "@sightline/shared";
import { SPEAKER_LABEL_WORDS } from "./speaker-label-words.ts";

/**
 * Zoom writes who spoke as a `Name: text` prefix on a cue's first line. Text can also start with
 * `Word: ` without naming anyone (`Action item: call back`, `Note: ...`, `Time: 3pm`), so a prefix is
 * only a speaker when:
 *
 * 1. it has the shape of a display name: the first line's text before the first ":" that is followed
 *    by white space or the end; 1-64 characters, 1-5 tokens made of letters, digits and . ' ’ - ( ) &,
 *    at least one letter, at least two thirds of the cased tokens capitalized (name particles such
 *    as "van", "de", "bin" aside), and its first token is not a label or function word
 *    (speaker-label-words.ts: action, note, question, time, the, so, ...); and
 * 2. the whole file (or the meeting's participant list) vouches for it, because Zoom repeats each
 *    speaker's name on every cue while a label shows up once:
 *    a. it matches a participant's name (case, accents, punctuation, honorifics and a parenthesized
 *       part ignored: `Paul McCartney` matches `Paul McCartney (Wings)`), or
 *    b. it is the prefix of two or more cues in the file, or
 *    c. it is seen once but looks like a full name: 2-5 tokens, every cased token capitalized
 *       (`Ringo Starr:` speaking once is a speaker; `Eric's iPad (Clapton)` once is not).
 *    A participant match overrides the label-word check of rule 1.
 * A WebVTT voice tag (`<v Name>text`) always names the speaker, unless its ">" is more than 256
 * characters from its "<": then it is left as text (see `MAX_VOICE_TAG`).
 *
 * Every step is linear in the cue, whatever it holds (hostile-cues.node.test.ts): the colon is only
 * looked for in the 65 characters after leading white space, a voice tag's ">" in its first 256,
 * and no regular expression here can backtrack over a run of unbounded length.
 */
export interface SpeakerOptions {
  /** Display names of the meeting's participants, when known. */
  participants?: readonly string[];
}

export interface SpeakerSplit {
  speaker: string | null;
  text: string;
}

export interface SpeakerPrefix {
  /** The text before the colon (or the voice tag's name), not yet known to be a speaker. */
  name: string;
  /** Where the text after the prefix starts. */
  rest: number;
  /** Whether it came from a `<v Name>` voice tag. */
  voice: boolean;
}

const MAX_PREFIX = 64;
/**
 * Farthest a voice tag's ">" may be from its "<" (`<v.class Name>`). A longer "name" names no one, and would reach
 * the maps of names and the participant comparison: strings over 16,383 characters are hashed by
 * length alone in V8, so many such names collide and every lookup compares whole names.
 */
const MAX_VOICE_TAG = 256;
const GREATER_THAN = 62;
const MAX_TOKENS = 5;
const TOKEN = /^[\p{L}\p{M}\p{N}'’.\-()&]+$/u;
const NAME_PARTICLES = new Set([
  "al",
  "bin",
  "binti",
  "da",
  "das",
  "de",
  "del",
  "della",
  "der",
  "di",
  "do",
  "dos",
  "du",
  "el",
  "ibn",
  "la",
  "le",
  "st",
  "ten",
  "ter",
  "van",
  "von",
  "y",
  "zu",
]);
const HONORIFICS = new Set(["dr", "mr", "mrs", "ms", "mx", "prof", "sir", "dame"]);

/** Decides which prefixes are speakers from every cue text of one file (see the rule above). */
export function learnSpeakers(texts: Iterable<string>, options: SpeakerOptions = {}): Set<string> {
  const counts = new Map<string, number>();
  for (const text of texts) {
    const prefix = findSpeakerPrefix(text);
    if (prefix !== null) counts.set(prefix.name, (counts.get(prefix.name) ?? 0) + 1);
  }
  return decideSpeakers(counts, options);
}

/** The speakers among prefixes counted over one file (`findSpeakerPrefix` of each cue). */
export function decideSpeakers(counts: ReadonlyMap<string, number>, options: SpeakerOptions = {}): Set<string> {
  const participants = new Set((options.participants ?? []).map(participantKey).filter(Boolean));
  const speakers = new Set<string>();
  for (const [name, count] of counts) {
    if (isSpeaker(name, count, participants)) speakers.add(name);
  }
  return speakers;
}

/** Splits one cue's text into speaker and text, given the speakers learned from its file. */
export function splitSpeaker(text: string, speakers: ReadonlySet<string>): SpeakerSplit {
  return applySpeakerPrefix(text, findSpeakerPrefix(text), speakers);
}

/** `splitSpeaker` for a prefix already found. */
export function applySpeakerPrefix(
  text: string,
  prefix: SpeakerPrefix | null,
  speakers: ReadonlySet<string>,
): SpeakerSplit {
  if (prefix === null || !(prefix.voice || speakers.has(prefix.name))) return { speaker: null, text: trim(text, 0) };
  if (prefix.voice && text.includes("</v>", prefix.rest)) {
    return { speaker: prefix.name, text: text.slice(prefix.rest).replaceAll("</v>", "").trim() };
  }
  return { speaker: prefix.name, text: trim(text, prefix.rest) };
}

/** Learns the speakers of these texts and splits each one. */
export function splitSpeakers(texts: readonly string[], options: SpeakerOptions = {}): SpeakerSplit[] {
  const speakers = learnSpeakers(texts, options);
  return texts.map((text) => splitSpeaker(text, speakers));
}

function isSpeaker(name: string, count: number, participants: ReadonlySet<string>): boolean {
  if (name === "") return false;
  if (participants.size > 0 && participants.has(participantKey(name))) return true;
  const shape = nameShape(name);
  if (shape === null || shape.firstIsLabel || shape.capitalized * 3 < shape.cased * 2) return false;
  if (count >= 2) return true;
  return shape.tokens >= 2 && shape.capitalized === shape.cased;
}

/** `text.slice(from).trim()` with one allocation at most (none when nothing needs trimming). */
function trim(text: string, from: number): string {
  let start = from;
  let end = text.length;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0;

/** The first line's `Name:` prefix (before the first ": "), or a `<v Name>` voice tag, unvalidated. */
export function findSpeakerPrefix(text: string): SpeakerPrefix | null {
  let start = 0;
  while (start < text.length && (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 9)) start++;
  if (text.startsWith("<v", start)) return voiceTag(text, start);
  const limit = Math.min(text.length, start + MAX_PREFIX + 1);
  for (let i = start + 1; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return null;
    if (c !== 58) continue;
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 32;
    if (next !== 32 && next !== 9 && next !== 10 && next !== 0xa0) return null;
    return { name: text.slice(start, i).trim(), rest: i + 1, voice: false };
  }
  return null;
}

function voiceTag(text: string, start: number): SpeakerPrefix | null {
  // <v Name> or <v.class Name>; the ">" is only looked for as far as a tag may go.
  const close = indexOfWithin(text, GREATER_THAN, start, start + MAX_VOICE_TAG + 1);
  if (close < 0) return null;
  const tag = text.slice(start + 2, close);
  const space = tag.search(/[ \t]/);
  if (space < 0 || (space > 0 && tag[0] !== ".")) return null;
  const name = tag.slice(space + 1).trim();
  return name === "" ? null : { name, rest: close + 1, voice: true };
}

/** Index of the first `code` in `text[from, to)`, or -1. */
function indexOfWithin(text: string, code: number, from: number, to: number): number {
  const end = Math.min(text.length, to);
  for (let i = from; i < end; i++) if (text.charCodeAt(i) === code) return i;
  return -1;
}

interface NameShape {
  tokens: number;
  cased: number;
  capitalized: number;
  firstIsLabel: boolean;
}

function nameShape(name: string): NameShape | null {
  if (name.length > MAX_PREFIX) return null;
  const tokens = name.split(/[ \t]+/);
  if (tokens.length > MAX_TOKENS) return null;
  let cased = 0;
  let capitalized = 0;
  let letters = false;
  for (const token of tokens) {
    if (!TOKEN.test(token)) return null;
    const bare = token.replace(/^[(.'’\-&]+/, "");
    const first = bare[0];
    if (first === undefined) continue;
    const lower = first.toLowerCase();
    const upper = first.toUpperCase();
    if (lower === upper) {
      if (/\p{L}/u.test(first)) letters = true; // an uncased script (CJK, Arabic, ...)
      continue;
    }
    letters = true;
    if (NAME_PARTICLES.has(bare.toLowerCase())) continue;
    cased++;
    if (first === upper) capitalized++;
  }
  if (!letters) return null;
  const firstWord = (tokens[0] ?? "").toLowerCase().replace(/\.$/, "");
  return { tokens: tokens.length, cased, capitalized, firstIsLabel: SPEAKER_LABEL_WORDS.has(firstWord) };
}

/** How names are compared with participants: "Dr. Paul McCartney (Wings)" -> "paul mccartney". */
function participantKey(name: string): string {
  const words = nameWords(withoutParenthesized(name));
  // Skipped by index: shifting one at a time moves the whole array each time ("Dr Dr Dr ...").
  let first = 0;
  while (first < words.length - 1 && HONORIFICS.has(words[first] as string)) first++;
  return words.slice(first).join(" ");
}

/**
 * `name.replace(/\([^)]*\)/g, " ")` in one pass. The regex rescans to the end of the name from every
 * "(" that no ")" follows, which is quadratic on "((((...".
 */
function withoutParenthesized(name: string): string {
  let out = "";
  let from = 0;
  for (;;) {
    const open = name.indexOf("(", from);
    if (open < 0) break;
    const close = name.indexOf(")", open + 1);
    // No ")" after this "(" means none after any later "(" either: the rest stays as it is.
    if (close < 0) break;
    out += `${name.slice(from, open)} `;
    from = close + 1;
  }
  return from === 0 ? name : out + name.slice(from);
}
