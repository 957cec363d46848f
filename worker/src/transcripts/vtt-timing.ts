/**
 * The WebVTT cue timing line, read in place (no slicing, no regular expression):
 *
 *   timestamp [spaces] "-->" [spaces] timestamp [(space|tab) settings...]
 *   timestamp = [hours ":"] MM ":" SS "." mmm    hours: 1-9 digits (100+ allowed), MM and SS 00-59
 *
 * Anything else (a `-->` inside ordinary text, a malformed time) is not a timing line.
 */
export interface VttTiming {
  startMs: number;
  endMs: number;
  /** Index in the source where the cue settings start, or -1 when there are none. */
  settingsStart: number;
}

const DIGIT_0 = 48;
const DIGIT_9 = 57;
const COLON = 58;
const DOT = 46;
const SPACE = 32;
const TAB = 9;
const DASH = 45;
const GREATER = 62;

const isDigit = (c: number) => c >= DIGIT_0 && c <= DIGIT_9;
const isBlank = (c: number) => c === SPACE || c === TAB;

/**
 * Reads the timing line `src[start, end)` into `out` (reused by the caller, so nothing is allocated);
 * false when the line does not follow the grammar.
 */
export function readVttTiming(src: string, start: number, end: number, out: VttTiming): boolean {
  // Cheap reject first: a timing line starts with a digit.
  if (start >= end || !isDigit(src.charCodeAt(start))) return false;
  const first = readTimestamp(src, start, end);
  if (first < 0) return false;
  let pos = cursor;
  while (pos < end && isBlank(src.charCodeAt(pos))) pos++;
  if (
    pos + 3 > end ||
    src.charCodeAt(pos) !== DASH ||
    src.charCodeAt(pos + 1) !== DASH ||
    src.charCodeAt(pos + 2) !== GREATER
  ) {
    return false;
  }
  pos += 3;
  while (pos < end && isBlank(src.charCodeAt(pos))) pos++;
  const second = readTimestamp(src, pos, end);
  if (second < 0) return false;
  pos = cursor;
  // Settings must be separated from the end time by white space.
  if (pos < end && !isBlank(src.charCodeAt(pos))) return false;
  while (pos < end && isBlank(src.charCodeAt(pos))) pos++;
  out.startMs = first;
  out.endMs = second;
  out.settingsStart = pos < end ? pos : -1;
  return true;
}

// Position after the last timestamp read (module-level to avoid allocating a result object).
let cursor = 0;

/** Milliseconds of the timestamp at `pos`, or -1; sets `cursor` to the position after it. */
function readTimestamp(src: string, pos: number, end: number): number {
  // First group: 1-9 digits; it is hours when a second ":" group follows, else minutes.
  let a = 0;
  let digits = 0;
  while (pos < end && isDigit(src.charCodeAt(pos))) {
    if (++digits > 9) return -1;
    a = a * 10 + (src.charCodeAt(pos) - DIGIT_0);
    pos++;
  }
  if (digits === 0 || pos >= end || src.charCodeAt(pos) !== COLON) return -1;
  pos++;
  const b = readTwoDigits(src, pos, end);
  if (b < 0) return -1;
  pos += 2;
  let hours: number;
  let minutes: number;
  let seconds: number;
  if (pos < end && src.charCodeAt(pos) === COLON) {
    pos++;
    const c = readTwoDigits(src, pos, end);
    if (c < 0) return -1;
    pos += 2;
    hours = a;
    minutes = b;
    seconds = c;
  } else {
    // MM:SS.mmm: minutes are exactly two digits.
    if (digits !== 2) return -1;
    hours = 0;
    minutes = a;
    seconds = b;
  }
  if (minutes > 59 || seconds > 59) return -1;
  if (pos >= end || src.charCodeAt(pos) !== DOT) return -1;
  pos++;
  if (pos + 3 > end) return -1;
  let ms = 0;
  for (let i = 0; i < 3; i++) {
    const c = src.charCodeAt(pos + i);
    if (!isDigit(c)) return -1;
    ms = ms * 10 + (c - DIGIT_0);
  }
  pos += 3;
  // A fourth fraction digit (or any other digit) means this is not a WebVTT timestamp.
  if (pos < end && isDigit(src.charCodeAt(pos))) return -1;
  cursor = pos;
  return ((hours * 60 + minutes) * 60 + seconds) * 1000 + ms;
}

function readTwoDigits(src: string, pos: number, end: number): number {
  if (pos + 2 > end) return -1;
  const c1 = src.charCodeAt(pos);
  const c2 = src.charCodeAt(pos + 1);
  if (!isDigit(c1) || !isDigit(c2)) return -1;
  return (c1 - DIGIT_0) * 10 + (c2 - DIGIT_0);
}
