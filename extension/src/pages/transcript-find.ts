import type { ConversationDetail } from "@sightline/shared";

export type Segment = ConversationDetail["segments"]["items"][number];
export type Participant = ConversationDetail["participants"][number];
export type Side = Participant["side"];

/** One occurrence of the find text: in segment `seq`, characters [start, end) of its text. */
export type FindMatch = { seq: number; start: number; end: number };

/** Longest find text looked for; longer input is cut (a transcript line is rarely longer). */
export const MAX_FIND_LENGTH = 200;

/**
 * Every occurrence of `needle` in the segments' text, in reading order, case-insensitive and
 * literal (no pattern syntax: what the user types is what is found). Occurrences do not overlap.
 */
export function findMatches(segments: readonly Segment[], needle: string): FindMatch[] {
  const wanted = needle.trim().slice(0, MAX_FIND_LENGTH).toLocaleLowerCase();
  if (wanted === "") return [];
  const matches: FindMatch[] = [];
  for (const segment of segments) {
    const haystack = segment.text.toLocaleLowerCase();
    // Lower-casing can change a string's length (e.g. "İ"); offsets are only trusted when it did not.
    if (haystack.length !== segment.text.length) continue;
    for (let at = haystack.indexOf(wanted); at !== -1; at = haystack.indexOf(wanted, at + wanted.length)) {
      matches.push({ seq: segment.seq, start: at, end: at + wanted.length });
    }
  }
  return matches;
}

/** Which side a segment's speaker is on, by participant name (case and spacing ignored). */
export function speakerSide(participants: readonly Participant[], speaker: string | null): Side {
  if (!speaker) return "unknown";
  const key = speaker.trim().replace(/\s+/g, " ").toLowerCase();
  const found = participants.find((p) => p.name.trim().replace(/\s+/g, " ").toLowerCase() === key);
  return found?.side ?? "unknown";
}
