import { describe, expect, it } from "vitest";
import { emailSegmentTexts, locateQuote } from "./email-segments.ts";

describe("emailSegmentTexts", () => {
  it("makes one segment per paragraph, joining wrapped lines", () => {
    expect(emailSegmentTexts("Hi Max,\n\nThe rollout went\nvery well.\n\n\nThanks")).toEqual([
      "Hi Max,",
      "The rollout went very well.",
      "Thanks",
    ]);
  });

  it("splits a long paragraph at sentence ends, and a long unpunctuated run at the limit", () => {
    const sentence = `${"word ".repeat(30).trim()}. `;
    const segments = emailSegmentTexts(sentence.repeat(20));
    expect(segments.length).toBeGreaterThan(1);
    for (const s of segments) expect(s.length).toBeLessThanOrEqual(1000);
    expect(segments.join(" ")).toBe(sentence.repeat(20).trim());
    const run = emailSegmentTexts("x".repeat(2500));
    expect(run.map((s) => s.length)).toEqual([1000, 1000, 500]);
  });
});

describe("locateQuote", () => {
  it("finds a quote across the line breaks a segment joined", () => {
    const body = "Hi,\n\nThe rollout went\nvery well. Thanks";
    const at = locateQuote(body, "The rollout went very well.");
    expect(at).toEqual({ start: 5, end: 32 });
    expect(body.slice(at?.start, at?.end)).toBe("The rollout went\nvery well.");
  });

  it("treats regex characters literally and answers null when absent", () => {
    expect(locateQuote("Price (USD) is $5?", "(USD) is $5?")).toEqual({ start: 6, end: 18 });
    expect(locateQuote("nothing here", "missing words")).toBeNull();
    expect(locateQuote("text", "  ")).toBeNull();
  });
});
