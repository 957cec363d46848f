/**
 * Gmail's full message date, as the title of its date span spells it in the user's UI language
 * ("Thu, Nov 12, 2026, 9:41 AM", "3 déc. 2026, 14:05", "3. Dez. 2026, 14:05", "2026年12月3日 14:05",
 * "2016年5月4日 上午10:08"). Gmail keeps no machine-readable date in the thread's DOM (the span's
 * `title` and `alt` hold the same localized text; gmail.js and InboxSDK read that title too, and
 * InboxSDK's numeric date comes from Gmail's internal data, not the page), so the text is parsed with
 * what Intl knows of the page's languages: month names (standalone and in-date forms), AM/PM words,
 * and the order of day and month. No date library: Intl has every locale's names, and a library would
 * add weight to the reader for formats Gmail does not use.
 */

/** Zero of each non-ASCII digit block Gmail may use (Arabic-Indic, Persian, full-width). */
const DIGIT_ZEROS = [0x660, 0x6f0, 0xff10];
/** Bidirectional marks Gmail puts around Arabic and Hebrew dates. */
const BIDI_MARKS = /[\u200e\u200f\u061c]/g;
/** Hours and minutes: "14:05", "9:41", "14.05" (fi), "14 h 05" (fr-CA); not a "3.12" date part. */
const TIME = /(?<![\d.:])(\d{1,2})\s*(?::|\.|h)\s*(\d{2})(?!\d)(?!\s*[.:/]\s*\d)/g;

interface LocaleWords {
  /** Normalized month names (long, short, in-date forms) → month index. */
  months: Array<[string, number]>;
  /** Letters some languages join to the month in a date (Hebrew "3 בדצמ׳": "ב", "in"). */
  monthPrefixes: Set<string>;
  /** Normalized AM/PM words → true for PM (words the locale uses for both are dropped). */
  periods: Map<string, boolean>;
  /** Whether numeric dates put the month before the day (en-US, ja, zh, ko). */
  monthFirst: boolean;
}

const cache = new Map<string, LocaleWords | null>();

/** Lower case, no diacritics, no abbreviation marks: "Déc." and "dec" compare equal (Hebrew ends abbreviations with ׳). */
function normalize(word: string): string {
  return word
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[.\u05f3']/g, "")
    .toLowerCase()
    .trim();
}

function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06f0-\u06f9\uff10-\uff19]/g, (c) => {
    const code = c.charCodeAt(0);
    const zero = DIGIT_ZEROS.find((z) => code >= z && code <= z + 9) ?? code;
    return String(code - zero);
  });
}

/** What Intl knows of one locale's date words; null when Intl does not support the locale. */
function localeWords(locale: string): LocaleWords | null {
  if (cache.has(locale)) return cache.get(locale) ?? null;
  let words: LocaleWords | null = null;
  try {
    if (Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0) words = buildLocaleWords(locale);
  } catch {
    words = null;
  }
  cache.set(locale, words);
  return words;
}

function buildLocaleWords(locale: string): LocaleWords {
  const utc = { timeZone: "UTC" } as const;
  const months: Array<[string, number]> = [];
  const monthPrefixes = new Set<string>();
  const monthFormats: Intl.DateTimeFormatOptions[] = [
    { month: "long" },
    { month: "short" },
    { day: "numeric", month: "long" },
    { day: "numeric", month: "short" },
    { day: "numeric", month: "short", year: "numeric" },
  ];
  for (let m = 0; m < 12; m++) {
    const date = new Date(Date.UTC(2026, m, 15, 12));
    for (const options of monthFormats) {
      const parts = new Intl.DateTimeFormat(locale, { ...utc, ...options }).formatToParts(date);
      const at = parts.findIndex((p) => p.type === "month");
      const part = parts[at]?.value;
      const joined = /\p{L}+$/u.exec(parts[at - 1]?.type === "literal" ? (parts[at - 1]?.value ?? "") : "")?.[0];
      if (joined) monthPrefixes.add(normalize(joined));
      const name = part ? normalize(part) : "";
      // Numeric months ("12月", "12") are read as numbers, not names.
      if (name && !/\d/.test(name) && !months.some(([n, i]) => n === name && i === m)) months.push([name, m]);
    }
  }
  const periods = new Map<string, boolean>();
  const conflicting = new Set<string>();
  for (let hour = 0; hour < 24; hour++) {
    const date = new Date(Date.UTC(2026, 11, 3, hour, 5));
    for (const options of [
      { hour: "numeric", hour12: true },
      { hour: "numeric", hour12: true, dayPeriod: "short" },
    ] as const) {
      const part = new Intl.DateTimeFormat(locale, { ...utc, ...options })
        .formatToParts(date)
        .find((p) => p.type === "dayPeriod")?.value;
      const word = part ? normalize(part).replace(/\s+/g, "") : "";
      if (!word) continue;
      const pm = hour >= 12;
      if (periods.has(word) && periods.get(word) !== pm) conflicting.add(word);
      periods.set(word, pm);
    }
  }
  for (const word of conflicting) periods.delete(word);
  // Gmail spells AM/PM in English in many languages whose Intl form differs.
  if (!periods.has("am")) periods.set("am", false);
  if (!periods.has("pm")) periods.set("pm", true);
  const order = new Intl.DateTimeFormat(locale, { ...utc, year: "numeric", month: "numeric", day: "numeric" })
    .formatToParts(new Date(Date.UTC(2026, 11, 3)))
    .map((p) => p.type);
  return { months, monthPrefixes, periods, monthFirst: order.indexOf("month") < order.indexOf("day") };
}

/** The month a word names in a locale: an exact name, else the one name it abbreviates (3+ letters). */
function monthOf(word: string, words: LocaleWords): number | null {
  const found = monthNamed(word, words);
  if (found !== null) return found;
  for (const prefix of words.monthPrefixes) {
    if (word.length > prefix.length && word.startsWith(prefix)) {
      const unjoined = monthNamed(word.slice(prefix.length), words);
      if (unjoined !== null) return unjoined;
    }
  }
  return null;
}

function monthNamed(word: string, words: LocaleWords): number | null {
  const exact = new Set(words.months.filter(([name]) => name === word).map(([, m]) => m));
  if (exact.size === 1) return [...exact][0] ?? null;
  if (exact.size > 1 || word.length < 3) return null;
  const prefixed = new Set(words.months.filter(([name]) => name.startsWith(word)).map(([, m]) => m));
  return prefixed.size === 1 ? ([...prefixed][0] ?? null) : null;
}

/** The languages to read a date in: the page's first (Gmail's UI language), then the browser's, then English. */
export function dateLocales(doc: Document): string[] {
  const nav = doc.defaultView?.navigator;
  const all = [doc.documentElement.lang, ...(nav?.languages ?? []), nav?.language ?? "", "en"];
  return [...new Set(all.map((l) => l?.trim()).filter((l): l is string => Boolean(l)))];
}

/**
 * A Gmail date title in one of `locales` (best first), in the browser's time zone (where Gmail shows
 * it), as ISO 8601; null when it cannot be read with certainty: no year, no time, no month or an
 * ambiguous one. A message is then left undated rather than misdated.
 */
export function parseGmailDate(title: string, locales: readonly string[] = ["en"]): string | null {
  let text = asciiDigits(title.replace(BIDI_MARKS, "")).replace(/\s+/g, " ");
  const times = [...text.matchAll(TIME)];
  const time = times.at(-1);
  if (!time || time.index === undefined) return null;
  let hour = Number(time[1]);
  const minute = Number(time[2]);
  text = `${text.slice(0, time.index)} ${text.slice(time.index + time[0].length)}`;

  const candidates = [...locales, "en"].map(localeWords).filter((w): w is LocaleWords => w !== null);
  const primary = candidates[0];
  if (!primary) return null;
  const words = [...text.matchAll(/\p{L}[\p{L}\p{M}.\u05f3]*/gu)].map((m) => normalize(m[0]));

  // AM/PM (in any of the languages: "上午", "오후", "p. m.", "PM"): a whole word, or up to three in a
  // row ("p. m."); never a letter inside a word (Arabic "م" is also inside the weekday's name).
  const runs = words.flatMap((_, i) => [1, 2, 3].map((n) => words.slice(i, i + n).join("")));
  let pm: boolean | null = null;
  for (const w of candidates) {
    const found = runs.filter((run) => w.periods.has(run)).sort((a, b) => b.length - a.length)[0];
    if (found !== undefined) {
      pm = w.periods.get(found) ?? null;
      break;
    }
  }
  if (pm !== null && hour >= 1 && hour <= 12) hour = pm ? (hour % 12) + 12 : hour % 12;

  const numbers = [...text.matchAll(/\d+/g)].map((m) => ({ value: Number(m[0]), digits: m[0].length, at: m.index }));
  const year = numbers.find((n) => n.digits === 4);
  if (!year) return null;
  const small = numbers.filter((n) => n.digits <= 2);

  // The month: the last word naming one (a weekday such as Spanish "mar" comes first), in the first
  // language that knows it; else a number marked as the month (年月日, 년월일); else the locale's order.
  let month: number | null = null;
  for (const w of candidates) {
    for (const word of words) {
      const m = monthOf(word, w);
      if (m !== null) month = m;
    }
    if (month !== null) break;
  }
  let day: number | null = null;
  if (month !== null) {
    if (small.length !== 1) return null;
    day = small[0]?.value ?? null;
  } else {
    const marked = /(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]/.exec(text);
    if (marked) {
      month = Number(marked[1]) - 1;
      day = Number(marked[2]);
    } else if (small.length === 2) {
      const [first, second] = small.map((n) => n.value);
      month = (primary.monthFirst ? first : second) ?? 0;
      month -= 1;
      day = (primary.monthFirst ? second : first) ?? null;
    }
  }
  if (month === null || day === null || hour > 23 || minute > 59) return null;
  const date = new Date(year.value, month, day, hour, minute);
  if (Number.isNaN(date.getTime()) || date.getMonth() !== month || date.getDate() !== day) return null;
  return date.toISOString();
}
