import type { Transcript, TranscriptSegment } from "@sightline/shared";
import { type MergeOptions, mergeUtterances } from "./merge-utterances.ts";
import { parseVtt, type VttCue, type VttError, type VttWarning } from "./parse-vtt.ts";
import {
  applySpeakerPrefix,
  decideSpeakers,
  findSpeakerPrefix,
  type SpeakerOptions,
  type SpeakerPrefix,
} from "./split-speaker.ts";

export interface ReadZoomVttOptions extends SpeakerOptions, MergeOptions {
  /** Merge consecutive cues of one speaker into utterances (default true). */
  merge?: boolean;
}

export interface ZoomVttStats {
  /** Cues in the file (timing lines read). */
  cues: number;
  /** Cues with no text once the speaker prefix is removed; they make no segment. */
  emptyCues: number;
  /** Segments in the transcript (utterances when merging). */
  segments: number;
  /** Speakers in order of first appearance. */
  speakers: string[];
  warnings: VttWarning[];
}

export type ReadZoomVttResult =
  | { ok: true; transcript: Transcript; stats: ZoomVttStats }
  | { ok: false; error: VttError };

/**
 * A Zoom transcript or closed-caption VTT file as a `Transcript`: cues read by `parseVtt`, speakers
 * decided over the whole file by `learnSpeakers`, then consecutive cues of one speaker merged.
 * Multi-line cue text becomes one line (lines joined with a space); an end time before the start is
 * clamped to the start. Malformed input is an error result, never an exception.
 */
export function readZoomVtt(vtt: string, options: ReadZoomVttOptions = {}): ReadZoomVttResult {
  const parsed = parseVtt(vtt);
  if (!parsed.ok) return parsed;
  const { cues } = parsed;
  // One look at each cue's prefix: counted to learn the file's speakers, then applied.
  const prefixes: Array<SpeakerPrefix | null> = new Array(cues.length);
  const counts = new Map<string, number>();
  for (let i = 0; i < cues.length; i++) {
    const prefix = findSpeakerPrefix((cues[i] as VttCue).text);
    prefixes[i] = prefix;
    if (prefix !== null) counts.set(prefix.name, (counts.get(prefix.name) ?? 0) + 1);
  }
  const speakers = decideSpeakers(counts, options);
  const segments: TranscriptSegment[] = [];
  let emptyCues = 0;
  for (let i = 0; i < cues.length; i++) {
    const cue = cues[i] as VttCue;
    const split = applySpeakerPrefix(cue.text, prefixes[i] ?? null, speakers);
    const text = split.text.includes("\n") ? joinLines(split.text) : split.text;
    if (text === "") {
      emptyCues++;
      continue;
    }
    segments.push({ speaker: split.speaker, startMs: cue.startMs, endMs: Math.max(cue.startMs, cue.endMs), text });
  }
  const final = options.merge === false ? segments : mergeUtterances(segments, options);
  const seen = new Set<string>();
  for (const segment of final) if (segment.speaker !== null) seen.add(segment.speaker);
  return {
    ok: true,
    transcript: { segments: final },
    stats: {
      cues: cues.length,
      emptyCues,
      segments: final.length,
      speakers: [...seen],
      warnings: parsed.warnings,
    },
  };
}

function joinLines(text: string): string {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .join(" ");
}
