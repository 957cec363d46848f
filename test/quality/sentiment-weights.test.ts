import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { EncodedSentimentWeights } from "../../worker/src/analysis/builtin/sentiment-weights-codec.ts";
import { describeWithSharedData } from "../support/shared-data.ts";
import { trainShippedWeights, WEIGHTS_FILE } from "./sentiment-training.ts";

const shipped = readFileSync(WEIGHTS_FILE, "utf8");

describe("shipped sentiment weights", () => {
  it("are a compact file (under 1 MB) that says what they were trained on", () => {
    expect(Buffer.byteLength(shipped)).toBeLessThan(1_000_000);
    const parsed = JSON.parse(shipped) as EncodedSentimentWeights;
    expect(parsed.format).toBe("sightline-sentiment-1");
    expect(parsed.classes).toEqual(["positive", "neutral", "negative"]);
    expect(parsed.trainedOn).toMatch(/MELD train .*GPL-3\.0.*UCI .*CC BY 4\.0/);
  });
});

describeWithSharedData("shipped sentiment weights are reproducible", () => {
  it("equal, byte for byte, what `pnpm train:sentiment` writes", () => {
    expect(trainShippedWeights()).toBe(shipped);
  }, 60_000);
});
