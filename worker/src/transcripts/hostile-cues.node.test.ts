import { describe, expect, it } from "vitest";
import { readZoomVtt } from "./read-zoom-vtt.ts";
import { learnSpeakers, splitSpeaker } from "./split-speaker.ts";

// Hostile cues must cost time in proportion to their size. These tests time real runs, so they are
// Node tests: workerd's clock stands still while synchronous code runs.

const SMALL = 50_000;
const LARGE = 1_000_000;
/** "Well under a second" for a 1 MB cue, with room for a loaded 2-core machine. */
const LARGE_BUDGET_MS = 250;
/** From 50 KB to 1 MB linear work grows ~20x and quadratic work ~400x; 3x slack for noise. */
const MAX_GROWTH = 60;
/** Below this a time is clock and scheduler noise, not a measure of work. */
const NOISE_MS = 2;
const PARTICIPANTS = ["Paul McCartney (Wings)", "Dr. Melissa Ko", "Alice Smith"];

/** `unit` repeated to exactly `size` characters. */
const fill = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

/** Cue texts of about `size` characters, each aimed at one way a parser can go quadratic. */
const HOSTILE: Record<string, (size: number) => string> = {
  "a voice tag with a long name": (n) => `<v ${fill("Alice ", n)}>hi</v>`,
  "a voice tag of parentheses never closed": (n) => `<v ${fill("(", n)}>hi`,
  "a voice tag of parenthesized words never closed": (n) => `<v ${fill("(Ana ", n)}>hi`,
  "a voice tag of honorifics": (n) => `<v ${fill("Dr ", n)}>hi`,
  "a voice tag of nested voice tags": (n) => `<v ${fill("<v (", n)}>hi`,
  "a voice tag never closed": (n) => `<v ${fill("Alice ", n)}`,
  "parentheses before a colon": (n) => `${fill("(", n)}: hi`,
  "many colons without white space": (n) => fill("Ana:", n),
  "many Name: prefixes": (n) => fill("Ana: ", n),
  "a long name-like prefix without a colon": (n) => fill("Alice Smith ", n),
  "unbalanced brackets before a colon": (n) => `${fill("([<{", n)}: hi`,
  "leading white space before a name": (n) => `${fill(" \t", n)}Ana: hi`,
};

const vttOf = (cue: string) => `WEBVTT\n\n00:00.000 --> 00:01.000\n${cue}\n`;

/** Fastest of three runs (the least disturbed by other work); stops early when a run is already too slow. */
function fastestMs(run: () => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
    if (best > LARGE_BUDGET_MS) break;
  }
  return best;
}

/** Times `run` on 50 KB then 1 MB of input; the 1 MB run must fit the budget and grow linearly. */
function expectLinear(make: (size: number) => string, run: (input: string) => unknown): void {
  const small = make(SMALL);
  const smallMs = fastestMs(() => run(small));
  // Checked before the 1 MB run, which would take minutes on quadratic code.
  expect(smallMs, "50 KB, ms").toBeLessThan(LARGE_BUDGET_MS);
  const large = make(LARGE);
  const largeMs = fastestMs(() => run(large));
  expect(largeMs, "1 MB, ms").toBeLessThan(LARGE_BUDGET_MS);
  expect(largeMs, `1 MB against 50 KB (${smallMs.toFixed(2)} ms), ms`).toBeLessThan(
    MAX_GROWTH * Math.max(smallMs, NOISE_MS),
  );
}

describe("hostile cues", { timeout: 120_000 }, () => {
  it.each(Object.entries(HOSTILE))("readZoomVtt reads %s in linear time", (_, make) => {
    expectLinear(
      (size) => vttOf(make(size)),
      (vtt) => {
        const result = readZoomVtt(vtt, { participants: PARTICIPANTS });
        expect(result.ok).toBe(true);
      },
    );
  });

  it.each(Object.entries(HOSTILE))("splitSpeaker splits %s in linear time", (_, make) => {
    expectLinear(make, (cue) => {
      const speakers = learnSpeakers([cue, cue], { participants: PARTICIPANTS });
      expect(splitSpeaker(cue, speakers).text.length).toBeGreaterThan(0);
    });
  });

  it("readZoomVtt reads a file of long voice names of one length in linear time", () => {
    // V8 hashes strings longer than 16,383 characters by their length alone: as map keys, such names
    // all collide, and each lookup compares the whole name with every other one.
    const longVoices = (size: number) => {
      const cues: string[] = [];
      for (let i = 0; cues.length * 16_400 < size; i++) {
        cues.push(`00:00.000 --> 00:01.000\n<v ${"A".repeat(16_384)}${String(i).padStart(6, "0")}>hi\n`);
      }
      return `WEBVTT\n\n${cues.join("\n")}`;
    };
    expectLinear(longVoices, (vtt) => expect(readZoomVtt(vtt, { participants: PARTICIPANTS }).ok).toBe(true));
  });
});
