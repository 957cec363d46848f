import { expect, it } from "vitest";
import { analyzeBuiltin } from "../../worker/src/analysis/builtin/builtin-analyzer.ts";
import { describeWithSharedData } from "../support/shared-data.ts";
import { loadZoomVttRough, realCallContext } from "./data.ts";

// Speed is measured by `pnpm bench`, not asserted here.
describeWithSharedData("built-in analyzer on the real Zoom call", () => {
  it("finds topics and quotes every insight verbatim", () => {
    const transcript = loadZoomVttRough();
    const r = analyzeBuiltin(transcript, realCallContext(transcript));
    expect(r.topics.length).toBeGreaterThan(3);
    for (const q of [
      ...r.topics.map((t) => t.quote),
      ...r.nextSteps.map((n) => n.quote),
      ...r.issues.map((n) => n.quote),
    ])
      expect(transcript.segments[q.segmentIndex]?.text).toContain(q.text);
  });
});
