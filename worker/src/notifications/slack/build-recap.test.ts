import { describe, expect, it } from "vitest";
import { type Block, buildRecapMessage, type RecapInput, SLACK_LIMITS } from "./build-recap.ts";
import { escapeMrkdwn, truncate } from "./mrkdwn.ts";

const base: RecapInput = {
  conversationId: "conv_1",
  title: "Acme – Q3 business review",
  startedAt: new Date("2026-11-20T15:00:00Z"),
  durationSeconds: 1830,
  rep: "Dana Reyes",
  accountName: "Acme Logistics",
  mainContact: { name: "Priya Shah", email: "priya@acme.example" },
  sentiment: { label: "positive", score: 0.42 },
  closingProbability: 72,
  closingReasons: ["next step dated (×2)", "win named", "budget concern answered"],
  wins: [
    { text: "Dispatch time is down thirty percent.", quote: "The rollout cut our dispatch time by thirty percent." },
  ],
  issues: [{ text: "Exports time out.", quote: "The export keeps timing out though." }],
  nextSteps: [{ text: "Send the revised quote", owner: "Dana Reyes", due: "by Friday" }],
  coaching: ["Ask more open questions."],
  link: null,
};

const allText = (blocks: Block[]): string[] =>
  blocks.flatMap((b) => {
    if (b.type === "header") return [b.text.text];
    if (b.type === "section") return [b.text?.text ?? "", ...(b.fields ?? []).map((f) => f.text)];
    if (b.type === "context") return b.elements.map((e) => e.text);
    return [];
  });

/** The limits the fake Slack enforces too. */
function expectWithinLimits(blocks: Block[]) {
  expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  for (const b of blocks) {
    if (b.type === "header") expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    if (b.type === "section") {
      expect((b.text?.text ?? "").length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      expect((b.fields ?? []).length).toBeLessThanOrEqual(SLACK_LIMITS.sectionFields);
      for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionField);
    }
  }
}

describe("escapeMrkdwn / truncate", () => {
  it("escapes &, < and > so no link or mention can form", () => {
    expect(escapeMrkdwn("a & b <!channel> <@U123> <https://x.example|click>")).toBe(
      "a &amp; b &lt;!channel&gt; &lt;@U123&gt; &lt;https://x.example|click&gt;",
    );
    expect(escapeMrkdwn("hey @here and @channel")).not.toMatch(/@here|@channel/);
  });

  it("cuts with an ellipsis and never inside an entity", () => {
    expect(truncate("abcdef", 10)).toBe("abcdef");
    expect(truncate("abcdefghij", 5)).toBe("abcd…");
    const cut = truncate(escapeMrkdwn("aaaaaaa & bbb"), 11);
    expect(cut.length).toBeLessThanOrEqual(11);
    expect(cut).not.toMatch(/&[a-z]*…$/);
  });
});

describe("buildRecapMessage", () => {
  it("has the header, people, outcome, closing probability, wins and issues with quotes, next steps and coaching", () => {
    const { blocks, text } = buildRecapMessage(base);
    expect(blocks[0]).toEqual({
      type: "header",
      text: { type: "plain_text", text: "Call recap: Acme Logistics", emoji: false },
    });
    const body = allText(blocks).join("\n");
    for (const expected of [
      "Dana Reyes",
      "Priya Shah (priya@acme.example)",
      "*Outcome*\nStrong",
      "Positive (0.42)",
      "*Closing probability*\n72%: next step dated (×2), win named, budget concern answered",
      "*Top wins*",
      "Dispatch time is down thirty percent.",
      "“The rollout cut our dispatch time by thirty percent.”",
      "*Top issues*",
      "The export keeps timing out though.",
      "Send the revised quote (Dana Reyes) · _by Friday_",
      "*Coaching notes*",
      "Ask more open questions.",
      "31 min",
    ])
      expect(body).toContain(expected);
    expect(blocks.some((b) => b.type === "actions")).toBe(false);
    expect(text).toContain("Call recap: Acme Logistics – Acme");
    expect(text).toContain("Closing probability: 72%: next step dated (×2), win named, budget concern answered");
    expect(text).toContain("Next: Send the revised quote");
    expectWithinLimits(blocks);
  });

  it("shows the number alone for an analysis stored before closing reasons existed", () => {
    const { blocks, text } = buildRecapMessage({ ...base, closingReasons: [] });
    expect(allText(blocks).join("\n")).toContain("*Closing probability*\n72%");
    expect(text).toContain("Closing probability: 72% · ");
  });

  it("adds the link as a button and in the fallback when SIGHTLINE_APP_URL gave one", () => {
    const { blocks, text } = buildRecapMessage({ ...base, link: "https://sightline.example/conversations/conv_1" });
    const actions = blocks.find((b) => b.type === "actions");
    expect(actions).toMatchObject({ elements: [{ url: "https://sightline.example/conversations/conv_1" }] });
    expect(text).toContain("https://sightline.example/conversations/conv_1");
  });

  it("escapes what customers said, in blocks and in the fallback text", () => {
    const evil = "<!channel> wins & <https://evil.example|free money> @here";
    const { blocks, text } = buildRecapMessage({
      ...base,
      accountName: "R&D <Labs>",
      rep: "<@U999>",
      title: evil,
      wins: [{ text: evil, quote: `${evil} quoted` }],
      issues: [{ text: "a > b", quote: null }],
      nextSteps: [{ text: evil, owner: "<!here>", due: "<tomorrow>" }],
      coaching: [evil],
    });
    // Lines starting with ">" are our own blockquotes around quotes; everything else must be escaped.
    const mrkdwn = [...allText(blocks.filter((b) => b.type !== "header")), text].join("\n").replace(/^>/gm, "");
    expect(mrkdwn).not.toMatch(/<|>/);
    expect(mrkdwn).not.toMatch(/&(?!amp;|lt;|gt;)/);
    expect(mrkdwn).not.toMatch(/@here/);
    expect(mrkdwn).toContain("&lt;!channel&gt;");
    expect(mrkdwn).toContain("R&amp;D &lt;Labs&gt;");
    // The header is plain_text: Slack shows it literally, so it stays readable.
    expect(blocks[0]).toMatchObject({ text: { type: "plain_text", text: "Call recap: R&D <Labs>" } });
  });

  it("stays within Slack's limits for the insights of a huge transcript", () => {
    const long = (i: number) => `${"very long sentence about the export & the price <again> ".repeat(120)} ${i}`;
    const many = Array.from({ length: 800 }, (_, i) => ({ text: long(i), quote: long(i + 1) }));
    const { blocks, text } = buildRecapMessage({
      ...base,
      accountName: "A".repeat(400),
      title: "T".repeat(5000),
      rep: "R".repeat(5000),
      mainContact: { name: "C".repeat(5000), email: null },
      wins: many,
      issues: many,
      nextSteps: many.map((m) => ({ text: m.text, owner: "O".repeat(500), due: "D".repeat(500) })),
      coaching: many.map((m) => m.text),
      link: "https://sightline.example/c/1",
    });
    expectWithinLimits(blocks);
    const header = blocks[0];
    expect(header?.type === "header" && header.text.text.endsWith("…")).toBe(true);
    const sections = allText(blocks).join("\n");
    expect(sections).toContain("…");
    expect(sections).toContain("*Top wins*");
    expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
    expect(JSON.stringify({ text, blocks }).length).toBeLessThan(40_000);
  });

  it("says so when nothing was found and shows n/a for missing figures", () => {
    const { blocks, text } = buildRecapMessage({
      ...base,
      accountName: null,
      mainContact: null,
      rep: null,
      sentiment: null,
      closingProbability: null,
      wins: [],
      issues: [],
      nextSteps: [],
      coaching: [],
    });
    const body = allText(blocks).join("\n");
    expect(body).toContain("Unassigned conversation");
    expect(body).toContain("*Closing probability*\nn/a");
    expect(body).toContain("No wins, issues or next steps");
    expect(blocks.some((b) => b.type === "divider")).toBe(false);
    expect(text).toContain("0 win(s)");
  });
});
