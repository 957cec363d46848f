import type { TranscriptSegment } from "@sightline/shared";
import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_PAUSE_MS, mergeUtterances } from "./merge-utterances.ts";

const seg = (speaker: string | null, startMs: number, endMs: number, text: string): TranscriptSegment => ({
  speaker,
  startMs,
  endMs,
  text,
});

describe("mergeUtterances", () => {
  it("merges consecutive cues of one speaker: text joined with a space, first start, last end", () => {
    const merged = mergeUtterances([
      seg("A", 0, 1000, "one"),
      seg("A", 1200, 2000, "two"),
      seg("A", 2100, 3000, "three"),
    ]);
    expect(merged).toEqual([seg("A", 0, 3000, "one two three")]);
  });

  it("does not merge across another speaker", () => {
    const merged = mergeUtterances([seg("A", 0, 1000, "a1"), seg("B", 1000, 2000, "b"), seg("A", 2000, 3000, "a2")]);
    expect(merged.map((s) => s.text)).toEqual(["a1", "b", "a2"]);
  });

  it("does not merge across a pause longer than the limit, which is configurable", () => {
    const input = [seg("A", 0, 1000, "before"), seg("A", 1000 + DEFAULT_MAX_PAUSE_MS + 1, 9000, "after")];
    expect(mergeUtterances(input).map((s) => s.text)).toEqual(["before", "after"]);
    const atLimit = [seg("A", 0, 1000, "before"), seg("A", 1000 + DEFAULT_MAX_PAUSE_MS, 9000, "after")];
    expect(mergeUtterances(atLimit).map((s) => s.text)).toEqual(["before after"]);
    expect(mergeUtterances(input, { maxPauseMs: 60_000 }).map((s) => s.text)).toEqual(["before after"]);
    expect(mergeUtterances([seg("A", 0, 1000, "x"), seg("A", 1500, 2000, "y")], { maxPauseMs: 100 })).toHaveLength(2);
  });

  it("never merges cues with no speaker", () => {
    expect(mergeUtterances([seg(null, 0, 1000, "x"), seg(null, 1000, 2000, "y")])).toHaveLength(2);
  });

  it("keeps the later end when a cue ends before the previous one, and leaves its input untouched", () => {
    const input = [seg("A", 0, 5000, "long"), seg("A", 1000, 2000, "inside")];
    expect(mergeUtterances(input)).toEqual([seg("A", 0, 5000, "long inside")]);
    expect(input[0]).toEqual(seg("A", 0, 5000, "long"));
    expect(mergeUtterances([])).toEqual([]);
  });
});
