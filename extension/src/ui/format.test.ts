import { describe, expect, it } from "vitest";
import { sparklinePoints } from "./chart.ts";
import { formatAgo, formatDate, formatLastInteraction, formatMoment } from "./format.ts";

describe("ui formatting", () => {
  it("words moments, dates and recency", () => {
    expect(formatMoment(65_000)).toBe("at 1:05");
    expect(formatMoment(3_723_000)).toBe("at 1:02:03");
    expect(formatMoment(null)).toBe(null);
    expect(formatDate("2026-11-12T10:00:00.000Z")).toBe("Nov 12, 2026");
    const now = Date.parse("2026-11-23T10:00:00.000Z");
    expect(formatAgo("2026-11-20T10:00:00.000Z", now)).toBe("3 days ago");
    expect(formatAgo(null, now)).toBe("no interaction yet");
    expect(formatLastInteraction("2026-11-20T10:00:00.000Z", now)).toBe("Last interaction 3 days ago");
    expect(formatLastInteraction(null, now)).toBe("No interaction yet");
  });

  it("draws a sparkline inside its box, a level line for a single week", () => {
    expect(sparklinePoints([], 120, 28)).toBe("");
    expect(sparklinePoints([0.5], 120, 28)).toBe("2.0,8.0 118.0,8.0");
    expect(sparklinePoints([-1, 1], 120, 28)).toBe("2.0,26.0 118.0,2.0");
  });
});
