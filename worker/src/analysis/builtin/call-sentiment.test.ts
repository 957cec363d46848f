import type { Transcript } from "@sightline/shared";
import { describe, expect, it } from "vitest";
import type { AnalysisContext } from "../analyzer.ts";
import { analyzeBuiltin } from "./builtin-analyzer.ts";
import churn from "./test-calls/churn-risk-call.json";
import warm from "./test-calls/warm-renewal-call.json";

// Two realistic customer calls written for these tests (not from any data set). The churn-risk call
// is polite the way real ones are (weekend chat, thanks, "have a great week"), which is what made
// analyzer 1.1.0 read it as neutral and an earlier churn call as positive; its substance is a
// Salesforce integration broken for four weeks, support silent for a week, the CFO questioning the
// renewal and a competitor's demo booked.

interface Call {
  participants: AnalysisContext["participants"];
  segments: Transcript["segments"];
}
const analyze = (call: Call) => analyzeBuiltin({ segments: call.segments }, { participants: call.participants });

describe("whole-call sentiment", () => {
  it("a churn-risk call reads negative, and so does its customer, quoting a complaint", () => {
    const r = analyze(churn as Call);
    expect(r.sentiment.overall?.label).toBe("negative");
    expect(r.sentiment.overall?.quote.side).toBe("theirs");
    expect(r.sentiment.bySpeaker.find((s) => s.speaker === "Marcus Webb")?.label).toBe("negative");
  });

  it("never reads a churn-risk call as positive, even with the small talk and thanks left in", () => {
    const r = analyze(churn as Call);
    expect(r.sentiment.overall?.label).not.toBe("positive");
    expect(r.sentiment.overall?.score ?? 0).toBeLessThan(0);
  });

  it("a warm renewal call (expansion, praise, quotes requested) stays positive", () => {
    const r = analyze(warm as Call);
    expect(r.sentiment.overall?.label).toBe("positive");
    expect(r.sentiment.overall?.quote.side).toBe("theirs");
  });

  it("the customer's side decides the overall label: our side's courtesy does not outvote a complaint", () => {
    const call = churn as Call;
    const theirs = new Set(call.participants.filter((p) => p.side === "theirs").map((p) => p.name));
    const oursOnly = { ...call, segments: call.segments.filter((s) => !theirs.has(s.speaker ?? "")) };
    // Our side alone is no churn signal (apologies, thanks and plans)...
    expect(analyze(oursOnly).sentiment.overall?.label).not.toBe("negative");
    // ...and adding it to the customer's complaints does not soften them.
    expect(analyze(call).sentiment.overall?.label).toBe("negative");
  });
});
