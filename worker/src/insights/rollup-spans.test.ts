import { describe, expect, it } from "vitest";
import { rollupSpans, splitWindow } from "./overview-queries.ts";
import { DAY_MS } from "./rollups.ts";

const isMonday = (day: number) => (day + 3) % 7 === 0;
const isBlockStart = (day: number) => (day - 4) % 28 === 0;

/** Every whole day of the window, listed through the spans: each exactly once, in order. */
function coveredDays(spans: ReturnType<typeof rollupSpans>): number[] {
  const days: number[] = [];
  const add = (from: number, to: number) => {
    for (let d = from; d <= to; d++) days.push(d);
  };
  if (spans.fourWeeks) add(spans.fourWeeks[0], spans.fourWeeks[1] + 27);
  for (const [from, to] of spans.weeks) add(from, to + 6);
  for (const [from, to] of spans.days) add(from, to);
  return days.sort((a, b) => a - b);
}

describe("rollupSpans", () => {
  it("tiles the window's whole days with aligned blocks, weeks and days, for any start and length", () => {
    const base = 20_000; // a day number in 2024
    for (let start = base; start < base + 35; start++) {
      for (const length of [1, 5, 6, 7, 8, 13, 14, 27, 28, 29, 34, 35, 55, 56, 57, 90, 200, 365, 400]) {
        const scope = { organizationId: "o", accountId: "a", from: start * DAY_MS, to: (start + length) * DAY_MS - 1 };
        const { firstDay, lastDay } = splitWindow(scope);
        for (const withFourWeeks of [true, false]) {
          const spans = rollupSpans(scope, withFourWeeks);
          const expected = Array.from({ length: lastDay - firstDay + 1 }, (_, i) => firstDay + i);
          expect(coveredDays(spans), `${start}+${length}`).toEqual(expected);
          if (spans.fourWeeks) {
            expect(withFourWeeks).toBe(true);
            expect(isBlockStart(spans.fourWeeks[0]) && isBlockStart(spans.fourWeeks[1])).toBe(true);
          }
          for (const [from, to] of spans.weeks) expect(isMonday(from) && isMonday(to)).toBe(true);
          // At most five arms (D1's compound SELECT limit), days only around weeks, weeks around blocks.
          expect((spans.fourWeeks ? 1 : 0) + spans.weeks.length + spans.days.length).toBeLessThanOrEqual(5);
          // Without a whole week, up to 12 days (Tuesday to the next Saturday but one); else at most 6 a side.
          const dayLimit = spans.weeks.length > 0 || spans.fourWeeks ? 6 : 12;
          for (const [from, to] of spans.days) expect(to - from + 1).toBeLessThanOrEqual(dayLimit);
        }
      }
    }
  });

  it("reads a year from 12 or 13 blocks and a few weeks and days", () => {
    const scope = { organizationId: "o", accountId: "a", from: 20_003 * DAY_MS + 5, to: 20_368 * DAY_MS + 7 };
    const spans = rollupSpans(scope, true);
    const [first, last] = spans.fourWeeks ?? [0, -28];
    expect((last - first) / 28 + 1).toBeGreaterThanOrEqual(12);
    expect(spans.weeks.flatMap(([a, b]) => (b - a) / 7 + 1).reduce((x, y) => x + y, 0)).toBeLessThanOrEqual(6);
  });
});
