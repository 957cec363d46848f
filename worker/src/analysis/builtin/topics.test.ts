import { describe, expect, it } from "vitest";
import type { AnalysisContext } from "../analyzer.ts";
import { isNounPhrase } from "./noun-phrase.ts";
import { buildSentences } from "./sentences.ts";
import { extractTopics } from "./topics.ts";

const context: AnalysisContext = {
  participants: [
    { name: "Rep", side: "ours" },
    { name: "Buyer", side: "theirs" },
  ],
};

/** Topics of a call given as lines, alternating Buyer and Rep. */
function topicsOf(lines: string[], limit = 10): string[] {
  const segments = lines.map((text, i) => ({
    speaker: i % 2 ? "Rep" : "Buyer",
    startMs: i * 10_000,
    endMs: i * 10_000 + 9_000,
    text,
  }));
  return extractTopics(buildSentences({ segments }, context), { limit }).map((t) => t.phrase);
}

describe("topics name subjects, not people, adjectives or life outside work", () => {
  it.each([
    [["functional"]],
    [["industrial"]],
    [["financial"]],
    [["sorry"]],
    [["wrong"]],
    [["water", "resistant"]],
    [["appreciate"]],
    [["escalate"]],
  ])("%j is not a noun phrase", (words) => {
    expect(isNounPhrase(words)).toBe(false);
  });

  it.each([[["functional", "design"]], [["industrial", "design"]], [["commercial"]], [["credential"]]])(
    "%j is a noun phrase",
    (words) => {
      expect(isNounPhrase(words)).toBe(true);
    },
  );

  it("people talked about, by name or by role, are no topics", () => {
    const phrases = topicsOf([
      "David Jordan from procurement asked about the Salesforce sync again.",
      "Our project manager wants the Salesforce sync fixed before the renewal.",
      "Mister David Jordan said the renewal depends on the Salesforce sync.",
      "The account executive will bring the renewal quote.",
    ]);
    expect(phrases).toEqual(expect.arrayContaining(["salesforce sync", "renewal"]));
    for (const p of phrases) expect(p).not.toMatch(/david|jordan|manager|executive/);
  });

  it("weekend and family talk names no topic, however often it comes up", () => {
    const lines = [
      "My kids loved the lake house this weekend.",
      "The lake house weekend was great, the kids want to go back.",
      "We need the export fixed, the export times out every night.",
      "The export runs at midnight and the nightly export fails.",
    ];
    const phrases = topicsOf([...lines, ...lines]);
    expect(phrases).toContain("export");
    expect(phrases.some((p) => /lake|house|kids/.test(p))).toBe(false);
  });

  it("a subject heard across the call outranks an anecdote told at length in one stretch", () => {
    // The anecdote: six mentions in three lines at the start. The subject: five, one per stretch.
    const anecdote = Array.from({ length: 3 }, () => "The fishing trip boat was huge, that trip boat.");
    const stretch = (i: number) => [`Item ${i} is on the list.`, `Item ${i} has an owner.`, `Item ${i} is done.`];
    const lines = [...anecdote];
    for (let i = 1; i <= 5; i++) lines.push(...stretch(i), "Then the audit log came up.");
    expect(topicsOf(lines, 1)).toEqual(["audit log"]);
  });
});
