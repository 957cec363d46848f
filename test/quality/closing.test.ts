import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../scripts/lib/local-stack.ts";
import type { AnalysisContext } from "../../worker/src/analysis/analyzer.ts";
import { analyzeBuiltin } from "../../worker/src/analysis/builtin/builtin-analyzer.ts";
import { CAP_WITH_OPEN_CONCERNS } from "../../worker/src/analysis/builtin/closing.ts";
import { callContext, loadCall } from "./findings-eval.ts";

const analyzeCall = (source: string) => {
  const call = loadCall(source);
  return analyzeBuiltin({ segments: call.segments }, callContext(call));
};

describe("closing probability with reasons", () => {
  it("the churn-risk call scores low and says why: budget, competitor, issues, negative customer", () => {
    const { closing } = analyzeCall("call:pinecrest-churn-risk");
    process.stdout.write(`churn-risk call: ${closing.probability}%: ${closing.reasons.join(", ")}\n`);
    expect(closing.probability).toBeLessThanOrEqual(30);
    const said = closing.reasons.join(" | ");
    expect(said).toContain("budget concern open");
    expect(said).toContain("competitor evaluated");
    expect(said).toContain("issue raised");
    expect(said).toContain("customer negative");
  });

  it("the churn-risk call never reads as positive, neither overall nor for any customer speaker", () => {
    const { sentiment } = analyzeCall("call:pinecrest-churn-risk");
    process.stdout.write(`churn-risk call sentiment: ${sentiment.overall?.label} (${sentiment.overall?.score})\n`);
    expect(sentiment.overall?.label).toBe("negative");
    for (const speaker of sentiment.bySpeaker.filter((s) => s.side === "theirs"))
      expect(speaker.label, speaker.speaker ?? "").not.toBe("positive");
  });

  it("the warm renewal call scores high, with a dated next step and the decision maker among its reasons", () => {
    const { closing } = analyzeCall("call:summit-warm-renewal");
    process.stdout.write(`warm renewal call: ${closing.probability}%: ${closing.reasons.join(", ")}\n`);
    expect(closing.probability).toBeGreaterThanOrEqual(75);
    expect(closing.reasons.join(" | ")).toContain("next step dated");
    expect(closing.reasons.join(" | ")).toContain("decision maker engaged");
  });

  it(`never scores above ${CAP_WITH_OPEN_CONCERNS}% with an open objection or an issue, on every demo and test call`, () => {
    const sources = [
      ...readdirSync(join(REPO_ROOT, "scripts/demo/data/conversations")).map((f) => `demo:${f.replace(/\.json$/, "")}`),
      ...readdirSync(join(REPO_ROOT, "test/quality/calls")).map((f) => `call:${f.replace(/\.json$/, "")}`),
    ];
    for (const source of sources) {
      const r = analyzeCall(source);
      expect(r.closing.reasons.length, source).toBeGreaterThan(0);
      if (r.issues.length > 0 || r.objections.some((o) => !o.answered))
        expect(r.closing.probability, source).toBeLessThanOrEqual(CAP_WITH_OPEN_CONCERNS);
    }
  });

  it(`holds a call full of good signals at ${CAP_WITH_OPEN_CONCERNS}% while a budget concern is open and an issue was raised`, () => {
    const rep = "Alex Morgan";
    const buyer = "Casey Brooks";
    const context: AnalysisContext = {
      participants: [
        { name: rep, side: "ours" },
        { name: buyer, side: "theirs" },
      ],
    };
    const lines: Array<[string, string]> = [
      [buyer, "The Salesforce sync has been rock solid since the summer."],
      [buyer, "Honestly, the rollout cut our dispatch time by thirty percent."],
      [buyer, "Our managers love the coaching dashboard."],
      [buyer, "The export keeps failing on large date ranges, which is frustrating."],
      [buyer, "And the renewal quote is almost double what we pay now."],
      [rep, "Okay."],
      [buyer, "I'm the budget owner, and I can sign this myself."],
      [buyer, "We want to expand to the Denver team and add more seats."],
      [rep, "I'll send the order form by Friday."],
      [buyer, "I'll send you the list of Denver users by Wednesday."],
      [rep, "I'll set up the kickoff for next week."],
    ];
    const segments = lines.map(([speaker, text], i) => ({ speaker, startMs: i * 5000, endMs: i * 5000 + 4000, text }));
    const r = analyzeBuiltin({ segments }, context);
    expect(r.issues.length).toBeGreaterThan(0);
    expect(r.objections.filter((o) => !o.answered).map((o) => o.category)).toContain("price");
    expect(r.closing.probability).toBe(CAP_WITH_OPEN_CONCERNS);
    expect(r.closing.reasons.at(-1)).toBe(`held at ${CAP_WITH_OPEN_CONCERNS}% while concerns are open`);
    // Without the concerns the same call scores higher: the cap is what held it.
    const calm = segments.filter((_, i) => i !== 3 && i !== 4);
    expect(analyzeBuiltin({ segments: calm }, context).closing.probability).toBeGreaterThan(CAP_WITH_OPEN_CONCERNS);
  });
});
