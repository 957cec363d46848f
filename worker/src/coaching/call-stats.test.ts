import { describe, expect, it } from "vitest";
import { longestOurMonologue, talkRatio } from "./call-stats.ts";
import { weekStartOf } from "./rep-coaching.ts";

const sides: Record<string, "ours" | "theirs"> = { Rita: "ours", Sam: "ours", Carl: "theirs" };
const sideOf = (speaker: string | null) => (speaker ? (sides[speaker] ?? "unknown") : "unknown");
const seg = (speaker: string | null, startMs: number, endMs: number) => ({ speaker, startMs, endMs });

describe("longestOurMonologue", () => {
  it("joins one of our speakers' segments across pauses under 5 s, and ignores the customer's longer ones", () => {
    const segments = [
      seg("Carl", 0, 300_000),
      seg("Rita", 301_000, 320_000),
      seg("Rita", 324_000, 350_000), // 4 s pause: same monologue (49 s)
      seg("Rita", 356_000, 400_000), // 6 s pause: a new one (44 s)
      seg("Sam", 400_000, 430_000),
    ];
    expect(longestOurMonologue(segments, sideOf)).toEqual({ durationMs: 49_000, startMs: 301_000, speaker: "Rita" });
  });

  it("is null when our side never spoke (or only unknown speakers did)", () => {
    expect(longestOurMonologue([seg("Carl", 0, 10), seg(null, 10, 20), seg("Zed", 20, 30)], sideOf)).toBeNull();
  });
});

describe("talkRatio", () => {
  it("is our share of both sides' talk, null when a side has none", () => {
    expect(talkRatio({ ourTalkMs: 2000, theirTalkMs: 1000 })).toBe(0.667);
    expect(talkRatio({ ourTalkMs: 0, theirTalkMs: 1000 })).toBeNull();
    expect(talkRatio({ ourTalkMs: 1000, theirTalkMs: 0 })).toBeNull();
  });
});

describe("weekStartOf", () => {
  it("is Monday 00:00 UTC", () => {
    expect(new Date(weekStartOf(Date.UTC(2026, 11, 3, 15))).toISOString()).toBe("2026-11-30T00:00:00.000Z");
    expect(new Date(weekStartOf(Date.UTC(2026, 10, 30))).toISOString()).toBe("2026-11-30T00:00:00.000Z");
    expect(new Date(weekStartOf(Date.UTC(2026, 11, 6, 23))).toISOString()).toBe("2026-11-30T00:00:00.000Z");
  });
});
