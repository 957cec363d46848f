import { expect, it } from "vitest";
import { describeWithSharedData } from "../support/shared-data.ts";
import { evaluateTopics, matchedGold } from "./topic-eval.ts";

// Figures recorded in docs/quality.md (2026-12-03, analyzer 1.3.0, unchanged in 1.4.0): gold topics matched of 72.
// A drop of more than 0.02 (of 72, so more than one topic) fails. The goal, 75 % at
// top-10, is not met (59.7 %): most gold topics still missed are agenda items ("Review of last
// meeting", "Wrap up of the meeting", "Presentation on ...") that no subject phrase names.
const RECORDED: Record<number, number> = { 5: 31, 10: 43 };
const TOLERANCE = 0.02;
/** The weights of topics.ts were chosen on the ES and IS meetings; the TS series was held out. */
const heldOut = (name: string) => name.startsWith("TS");

describeWithSharedData("built-in topic quality (QMSum product meetings)", () => {
  it("matches more gold topics than a keyword-frequency baseline, and no fewer than recorded", () => {
    const r = evaluateTopics([5, 10]);
    for (const s of r.scores) {
      const split = (keep: (name: string) => boolean) => {
        const rows = r.perMeeting.filter((m) => m.k === s.k && keep(m.name));
        const gold = rows.reduce((n, m) => n + m.gold.length, 0);
        const hit = rows.reduce((n, m) => n + matchedGold(m.gold, m.builtin).length, 0);
        return `${hit}/${gold}`;
      };
      process.stdout.write(
        `top-${s.k}: built-in ${s.builtin}/${s.gold} (${((s.builtin / s.gold) * 100).toFixed(1)}%; chosen-on ES+IS ${split((n) => !heldOut(n))}, held-out TS ${split(heldOut)}), baseline ${s.baseline}/${s.gold} (${((s.baseline / s.gold) * 100).toFixed(1)}%)\n`,
      );
      expect(s.builtin).toBeGreaterThan(s.baseline);
      expect(s.builtin / s.gold).toBeGreaterThanOrEqual((RECORDED[s.k] as number) / s.gold - TOLERANCE);
    }
  });
});
