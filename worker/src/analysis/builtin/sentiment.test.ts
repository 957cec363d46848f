import { describe, expect, it } from "vitest";
import { scoreSentiment } from "./sentiment.ts";
import { predictSentiment } from "./sentiment-model.ts";
import { splitSentences } from "./text.ts";

describe("sentiment", () => {
  it.each([
    ["That's fantastic, thank you!", "positive"],
    ["It's pretty frustrating.", "negative"],
    ["The sync runs every hour by default.", "neutral"],
    ["It's not good.", "negative"],
    ["Don't waste your money.", "negative"],
    ["It's annoying, but it works great.", "positive"],
    ["What?!", "negative"],
    ["The Salesforce integration has been broken for almost four weeks now.", "negative"],
    ["I'll send the quote by Friday.", "neutral"],
  ] as const)("%s -> %s", (text, label) => {
    expect(scoreSentiment(text).label).toBe(label);
  });

  it("reads a negated problem as no complaint", () => {
    expect(scoreSentiment("No problem at all.").label).not.toBe("negative");
  });

  it("scores P(positive) - P(negative) of the shipped model, deterministically", () => {
    const text = "The dashboard has been great, but exports keep failing.";
    const [positive, neutral, negative] = predictSentiment(text);
    expect(positive + neutral + negative).toBeCloseTo(1, 9);
    expect(scoreSentiment(text).score).toBe(Math.round((positive - negative) * 1000) / 1000);
    expect(scoreSentiment(text)).toEqual(scoreSentiment(text));
  });
});

describe("splitSentences", () => {
  it("keeps every sentence verbatim and respects abbreviations", () => {
    const text = "Dr. Ko said hi. We haven't. Is it 3.5 percent? Yes!  Great";
    expect(splitSentences(text)).toEqual(["Dr. Ko said hi.", "We haven't.", "Is it 3.5 percent?", "Yes!", "Great"]);
  });
});
