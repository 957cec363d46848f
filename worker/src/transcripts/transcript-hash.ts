import type { TranscriptSegment } from "@sightline/shared";
import { sha256Hex } from "../platform/crypto.ts";

/**
 * SHA-256 of the transcript's normalized text (speaker and text per segment, white space collapsed),
 * so the same words hash the same whatever the file's line endings or cue numbering: the
 * analysis cache key.
 */
export function hashTranscript(segments: readonly TranscriptSegment[]): Promise<string> {
  const normalized = segments
    .map((s) => `${s.speaker ?? ""}\t${s.text.replace(/\s+/g, " ").trim()}`)
    .join("\n")
    .normalize("NFC");
  return sha256Hex(normalized);
}
