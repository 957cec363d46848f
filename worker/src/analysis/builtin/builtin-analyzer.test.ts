import type { Transcript } from "@sightline/shared";
import { describe, expect, it } from "vitest";
import ironforge from "../../../../scripts/demo/data/conversations/01-ironforge-discovery.json";
import brightcart from "../../../../scripts/demo/data/conversations/02-brightcart-support-line.json";
import ledgerline from "../../../../scripts/demo/data/conversations/03-ledgerline-escalation.json";
import harbor from "../../../../scripts/demo/data/conversations/04-harbor-security-review.json";
import renewal from "../../../../scripts/demo/data/conversations/05-ledgerline-renewal-followup.json";
import acme from "../../../../scripts/demo/data/conversations/06-acme-q3-business-review.json";
import type { AnalysisContext } from "../analyzer.ts";
import { type ConversationInsights, ConversationInsightsSchema, type Quote } from "../insights-schema.ts";
import { analyzeBuiltin, builtinAnalyzer } from "./builtin-analyzer.ts";

interface Demo {
  key: string;
  participants: { name: string; side: "ours" | "theirs" }[];
  segments: Transcript["segments"];
}
const demos = [ironforge, brightcart, ledgerline, harbor, renewal, acme] as Demo[];
const run = (d: Demo) => analyzeBuiltin({ segments: d.segments }, { participants: d.participants });

function allQuotes(r: ConversationInsights): Quote[] {
  return [
    ...r.topics.map((t) => t.quote),
    ...r.wins.map((w) => w.quote),
    ...r.issues.map((w) => w.quote),
    ...r.objections.flatMap((o) => (o.response ? [o.quote, o.response] : [o.quote])),
    ...r.customerQuestions.flatMap((q) => (q.answer ? [q.quote, q.answer] : [q.quote])),
    ...r.nextSteps.map((n) => n.quote),
    ...(r.sentiment.overall ? [r.sentiment.overall.quote] : []),
    ...r.sentiment.bySpeaker.map((s) => s.quote),
    ...r.sentiment.overTime.map((s) => s.quote),
    ...(r.talk.longestMonologue ? [r.talk.longestMonologue.quote] : []),
    ...r.closing.signals.map((s) => s.quote),
    ...r.coaching.map((c) => c.quote),
  ];
}

const FILLER = new Set([
  "yeah",
  "um",
  "uh",
  "okay",
  "ok",
  "so",
  "like",
  "right",
  "well",
  "hmm",
  "thanks",
  "yes",
  "know",
  "think",
]);

describe("built-in analyzer on the demo calls", () => {
  it.each(demos.map((d) => [d.key, d] as const))("%s: valid shape, verbatim quotes, no filler topics", (_key, demo) => {
    const r = run(demo);
    expect(ConversationInsightsSchema.parse(r)).toEqual(r);
    for (const q of allQuotes(r)) {
      const segment = demo.segments[q.segmentIndex];
      expect(segment?.text).toContain(q.text);
      expect(q.startMs).toBe(segment?.startMs);
      expect(q.speaker).toBe(segment?.speaker);
    }
    expect(r.topics.length).toBeGreaterThanOrEqual(5);
    for (const t of r.topics) for (const w of t.phrase.split(" ")) expect(FILLER.has(w)).toBe(false);
    expect(r.closing.probability).toBeGreaterThanOrEqual(0);
    expect(r.closing.probability).toBeLessThanOrEqual(100);
  });

  it("is deterministic", async () => {
    for (const d of demos) {
      const a = await builtinAnalyzer.analyze({ segments: d.segments }, { participants: d.participants });
      const b = await builtinAnalyzer.analyze(
        { segments: structuredClone(d.segments) },
        { participants: d.participants },
      );
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    }
  });

  it("Acme: the dispatch-time win, the sync and mobile issues, dated next steps, expansion outlook", () => {
    const r = run(acme as Demo);
    expect(r.wins.map((w) => w.quote.text)).toContain("Honestly, the rollout cut our dispatch time by thirty percent.");
    expect(r.issues.map((i) => i.quote.text)).toEqual(
      expect.arrayContaining([
        "The mobile view is a bit cramped.",
        "Oh, the Salesforce sync sometimes lags by an hour or so.",
      ]),
    );
    const quote = r.nextSteps.find((n) => n.quote.text.startsWith("I'll send the expansion quote"));
    expect(quote).toMatchObject({ owner: "Dana Reyes", ownerSide: "ours", due: "by friday" });
    expect(r.nextSteps.find((n) => n.quote.text === "I'll send the chart today.")).toMatchObject({
      owner: "Tom Becker",
      due: "today",
    });
    expect(r.topics.map((t) => t.phrase)).toEqual(expect.arrayContaining(["salesforce sync"]));
    expect(r.closing.probability).toBeGreaterThanOrEqual(70);
  });

  it("Ironforge: the price objection with the rep's response, talk-ratio coaching", () => {
    const r = run(ironforge as Demo);
    const price = r.objections.find((o) => o.quote.text === "The price is higher than what we pay today.");
    expect(price?.category).toBe("price");
    expect(price?.response?.speaker).toBe("Lena Okafor");
    expect(r.talk.bySide.ours.share).toBeGreaterThan(0.65);
    expect(r.coaching.map((c) => c.kind)).toContain("talk_ratio");
    expect(
      r.customerQuestions.find((q) => q.question === "Does it push anything back into Salesforce?")?.answered,
    ).toBe(true);
  });

  it("BrightCart: the export bug is an issue; the 'when will it be fixed' question is deferred, not answered", () => {
    const r = run(brightcart as Demo);
    expect(r.issues.some((i) => i.quote.text.includes("the export just spins and then fails"))).toBe(true);
    const q = r.customerQuestions.find((x) => x.question === "Do you have any idea when it'll be fixed?");
    expect(q?.answered).toBe(false);
    expect(r.coaching.map((c) => c.kind)).toContain("unanswered_question");
  });

  it("Ledgerline escalation: competitor objections and a negative opening", () => {
    const r = run(ledgerline as Demo);
    expect(r.objections.some((o) => o.category === "competitor")).toBe(true);
    expect(r.sentiment.overTime[0]?.label).toBe("negative");
  });
});

describe("built-in analyzer on crafted snippets", () => {
  const context: AnalysisContext = {
    participants: [
      { name: "Rep", side: "ours" },
      { name: "Buyer", side: "theirs" },
    ],
  };
  const seg = (speaker: string, text: string, i: number) => ({
    speaker,
    startMs: i * 10_000,
    endMs: i * 10_000 + 9_000,
    text,
  });

  it("finds a win, an objection and a next step with who and when", () => {
    const r = analyzeBuiltin(
      {
        segments: [
          seg("Buyer", "Honestly, the rollout cut our dispatch time by thirty percent.", 0),
          seg("Buyer", "But the price is higher than what we pay today.", 1),
          seg("Rep", "I understand. I'll send the revised quote by Friday.", 2),
        ],
      },
      context,
    );
    expect(r.wins[0]?.quote).toMatchObject({
      text: "Honestly, the rollout cut our dispatch time by thirty percent.",
      segmentIndex: 0,
      startMs: 0,
    });
    expect(r.objections[0]).toMatchObject({
      category: "price",
      quote: { text: "But the price is higher than what we pay today.", segmentIndex: 1 },
    });
    expect(r.objections[0]?.response?.text).toBe("I understand.");
    expect(r.nextSteps).toEqual([
      expect.objectContaining({
        owner: "Rep",
        ownerSide: "ours",
        due: "by friday",
        quote: expect.objectContaining({
          text: "I'll send the revised quote by Friday.",
          segmentIndex: 2,
          startMs: 20_000,
        }),
      }),
    ]);
  });

  it("keeps filler out of topics", () => {
    const filler = "Yeah. Um, okay. So, like, yeah, right. Okay okay. Um, you know, I mean, yeah.";
    const r = analyzeBuiltin(
      {
        segments: Array.from({ length: 30 }, (_, i) =>
          seg(
            i % 2 ? "Buyer" : "Rep",
            i % 3 ? filler : "Yeah, the invoice export is slow. Um, okay, the invoice export again.",
            i,
          ),
        ),
      },
      context,
    );
    expect(r.topics[0]?.phrase).toBe("invoice export");
    for (const t of r.topics) expect(t.phrase).not.toMatch(/\b(yeah|um|okay|like|right|mean)\b/);
  });

  it("an empty transcript gives empty insights", () => {
    const r = analyzeBuiltin({ segments: [] }, context);
    expect(r.topics).toEqual([]);
    expect(r.sentiment.overall).toBeNull();
  });
});
