import { describe, expect, it } from "vitest";
import { scoreSentiment } from "./sentiment.ts";
import { splitSentences } from "./text.ts";

describe("sentiment", () => {
  it.each([
    ["That's fantastic, thank you!", "positive"],
    ["It's pretty frustrating.", "negative"],
    ["The sync runs every hour by default.", "neutral"],
    ["It's not good.", "negative"],
    ["No problem at all.", "positive"],
    ["Don't waste your money.", "negative"],
    ["It's annoying, but it works great.", "positive"],
    ["What?!", "negative"],
  ] as const)("%s -> %s", (text, label) => {
    expect(scoreSentiment(text).label).toBe(label);
  });
});

describe("splitSentences", () => {
  it("keeps every sentence verbatim and respects abbreviations", () => {
    const text = "Dr. Ko said hi. We haven't. Is it 3.5 percent? Yes!  Great";
    expect(splitSentences(text)).toEqual(["Dr. Ko said hi.", "We haven't.", "Is it 3.5 percent?", "Yes!", "Great"]);
  });
});
