import { describe, expect, it } from "vitest";
import { analyzeBuiltin } from "./builtin/builtin-analyzer.ts";
import { toInsightRows } from "./insight-rows.ts";

const segments = [
  { speaker: "Rita Rep", startMs: 0, endMs: 4000, text: "Thanks for joining. How is the rollout going?" },
  {
    speaker: "Carl Customer",
    startMs: 4000,
    endMs: 12000,
    text: "Honestly the rollout cut our dispatch time by thirty percent, the team loves it.",
  },
  {
    speaker: "Carl Customer",
    startMs: 12000,
    endMs: 20000,
    text: "But the export keeps timing out, which is really frustrating for finance.",
  },
  {
    speaker: "Carl Customer",
    startMs: 20000,
    endMs: 26000,
    text: "The price is higher than what we pay today, so I need to justify it.",
  },
  {
    speaker: "Rita Rep",
    startMs: 26000,
    endMs: 34000,
    text: "I'll send the revised quote by Friday and we can review the export fix next Tuesday.",
  },
];
const context = {
  participants: [
    { name: "Rita Rep", side: "ours" as const },
    { name: "Carl Customer", side: "theirs" as const },
  ],
};

describe("toInsightRows", () => {
  it("turns every insight into a row quoting its segment verbatim, with the moment", () => {
    const rows = toInsightRows(analyzeBuiltin({ segments }, context));
    const kinds = new Set(rows.map((r) => r.kind));
    for (const kind of ["topic", "win", "issue", "objection", "next_step", "sentiment", "closing_probability"]) {
      expect(kinds, kind).toContain(kind);
    }
    for (const row of rows) {
      const segment = segments[row.segmentSeq];
      expect(segment?.text, row.kind).toContain(row.quote);
      expect(row.startMs).toBe(segment?.startMs);
    }
    const closing = rows.find((r) => r.kind === "closing_probability");
    expect(Number(closing?.text)).toBeGreaterThanOrEqual(0);
    expect(closing?.confidence).toBe(Number(closing?.text) / 100);
    expect(rows.find((r) => r.kind === "next_step")?.data).toMatchObject({ ownerSide: "ours" });
  });

  it("keeps one topic row per phrase whatever its case (the rollups count conversations per phrase)", () => {
    const insights = analyzeBuiltin({ segments }, context);
    const first = insights.topics[0];
    if (!first) throw new Error("the analyzer found no topic");
    const variant = { ...first, phrase: first.phrase.toUpperCase(), mentions: 2 };
    const rows = toInsightRows({ ...insights, topics: [first, ...insights.topics.slice(1), variant] });
    const topicRows = rows.filter((r) => r.kind === "topic");
    expect(topicRows).toHaveLength(insights.topics.length);
    expect(topicRows[0]).toMatchObject({ text: first.phrase, data: { mentions: first.mentions + 2 } });
  });
});
