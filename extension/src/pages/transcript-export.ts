import type { ConversationDetail } from "@sightline/shared";
import type { Segment } from "./transcript-find.ts";

/** "hh:mm:ss.mmm", the WebVTT timestamp (hours always present, so any length of call fits). */
export function vttTimestamp(ms: number): string {
  const safe = Math.max(0, Math.round(ms));
  const h = Math.floor(safe / 3_600_000);
  const m = Math.floor((safe % 3_600_000) / 60_000);
  const s = Math.floor((safe % 60_000) / 1000);
  const milli = safe % 1000;
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(h)}:${two(m)}:${two(s)}.${String(milli).padStart(3, "0")}`;
}

/**
 * Cue text that cannot break the file: one line (a blank line would end the cue), `&`, `<` and `>`
 * escaped (they start entities and tags in WebVTT), so "-->" can never appear either.
 */
function cueText(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, " ")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;");
}

/**
 * The transcript as WebVTT: one cue per segment, the speaker as a voice span (`<v Name>`). A cue
 * whose end is not after its start (some providers give zero-length segments) lasts one millisecond.
 */
export function toVtt(segments: readonly Segment[]): string {
  const cues = segments.map((segment, i) => {
    const end = Math.max(segment.endMs, segment.startMs + 1);
    const voice = segment.speaker ? `<v ${cueText(segment.speaker)}>` : "";
    return `${i + 1}\n${vttTimestamp(segment.startMs)} --> ${vttTimestamp(end)}\n${voice}${cueText(segment.text)}`;
  });
  return `WEBVTT\n\n${cues.join("\n\n")}\n`;
}

/** "m:ss" or "h:mm:ss". */
function clock(ms: number): string {
  const total = Math.floor(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** The transcript as plain text: a header (title, date) and one "[m:ss] Speaker: text" line per segment. */
export function toPlainText(
  conversation: Pick<ConversationDetail["conversation"], "title" | "startedAt">,
  segments: readonly Segment[],
): string {
  const lines = segments.map(
    (s) => `[${clock(s.startMs)}] ${s.speaker ?? "Unknown speaker"}: ${s.text.replace(/\s*[\r\n]+\s*/g, " ")}`,
  );
  return `${conversation.title}\n${conversation.startedAt}\n\n${lines.join("\n")}\n`;
}

/** A file name from the title: letters, digits and dashes only. */
export function exportFileName(title: string, extension: "vtt" | "txt"): string {
  const base = title
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
  return `${base || "transcript"}.${extension}`;
}
