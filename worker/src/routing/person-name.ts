import { nameWords } from "@sightline/shared";

const HONORIFICS = new Set(["dr", "mr", "mrs", "ms", "mx", "prof", "sir", "dame"]);

/**
 * The words of a person's display name that identify them: case and accents folded, a parenthesized
 * part dropped (Zoom shows "Paul McCartney (Wings)"), honorifics dropped ("Dr. Melissa Ko").
 */
export function personNameWords(name: string): string[] {
  return nameWords(name.replace(/\([^)]*\)/g, " ")).filter((word) => !HONORIFICS.has(word));
}

/**
 * Whether two display names name the same person: same first and last word, so a middle name or
 * initial on one side only ("John Winston Lennon" / "John Lennon") still matches. A single word
 * ("Paul") is too weak to route a conversation on, so it never matches.
 */
export function personNamesMatch(a: string, b: string): boolean {
  const x = personNameWords(a);
  const y = personNameWords(b);
  if (x.length < 2 || y.length < 2) return false;
  return x[0] === y[0] && x[x.length - 1] === y[y.length - 1];
}
