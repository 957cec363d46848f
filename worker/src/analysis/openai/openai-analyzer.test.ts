import type { Transcript } from "@sightline/shared";
import { describe, expect, it } from "vitest";
import type { AnalysisContext } from "../analyzer.ts";
import { sideResolver } from "../analyzer.ts";
import { ConversationInsightsSchema } from "../insights-schema.ts";
import { type LlmChunkOutput, llmJsonSchema, renderChunk } from "./llm-output.ts";
import { locateQuote } from "./locate-quote.ts";
import { chunkTranscript, mergeLlmFindings } from "./merge-findings.ts";
import { composeInsights, createOpenAIAnalyzer } from "./openai-analyzer.ts";

const transcript: Transcript = {
  segments: [
    { speaker: "Rita Rep", startMs: 0, endMs: 4000, text: "Thanks for joining. How did the rollout go?" },
    {
      speaker: "Carl Customer",
      startMs: 5000,
      endMs: 9000,
      text: "The rollout cut our dispatch time by thirty percent.  The team loves it.",
    },
    { speaker: "Carl Customer", startMs: 10_000, endMs: 14_000, text: "The export keeps timing out, though." },
    { speaker: "Rita Rep", startMs: 15_000, endMs: 19_000, text: "I'll send the revised quote by Friday." },
  ],
};
const context: AnalysisContext = {
  participants: [
    { name: "Rita Rep", side: "ours" },
    { name: "Carl Customer", side: "theirs" },
  ],
};
const sideOf = sideResolver(context);
const empty: LlmChunkOutput = {
  topics: [],
  wins: [],
  issues: [],
  objections: [],
  customerQuestions: [],
  nextSteps: [],
};

describe("locateQuote", () => {
  it("finds a verbatim sentence in the segment the model named, with its moment and side", () => {
    expect(locateQuote(transcript, "The export keeps timing out, though.", 2, sideOf)).toEqual({
      text: "The export keeps timing out, though.",
      segmentIndex: 2,
      startMs: 10_000,
      speaker: "Carl Customer",
      side: "theirs",
    });
  });

  it("finds it in another segment when the model's index is wrong, and tolerates only white space and wrapping quotes", () => {
    const found = locateQuote(transcript, '"thirty percent. The team loves it."', 3, sideOf);
    expect(found?.segmentIndex).toBe(1);
    // The segment's own text (two spaces) is returned, so the quote stays verbatim.
    expect(found?.text).toBe("thirty percent.  The team loves it.");
    expect(transcript.segments[1]?.text).toContain(found?.text);
  });

  it("drops paraphrases, changed case and changed punctuation", () => {
    expect(locateQuote(transcript, "The export is timing out.", 2, sideOf)).toBeNull();
    expect(locateQuote(transcript, "the export keeps timing out, though.", 2, sideOf)).toBeNull();
    expect(locateQuote(transcript, "The export keeps timing out though", 2, sideOf)).toBeNull();
    expect(locateQuote(transcript, "  ", 0, sideOf)).toBeNull();
  });
});

describe("chunkTranscript", () => {
  it("splits at segment boundaries without overlap, covering every segment once", () => {
    const many: Transcript = {
      segments: Array.from({ length: 50 }, (_, i) => ({
        speaker: "A",
        startMs: i * 1000,
        endMs: i * 1000 + 900,
        text: `Sentence number ${i} says something.`,
      })),
    };
    const chunks = chunkTranscript(many, 300);
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks[0]?.start).toBe(0);
    expect(chunks.at(-1)?.end).toBe(50);
    for (let i = 1; i < chunks.length; i++) expect(chunks[i]?.start).toBe(chunks[i - 1]?.end);
    for (const c of chunks) expect(c.end).toBeGreaterThan(c.start);
    expect(chunkTranscript(many, 1_000_000)).toEqual([{ start: 0, end: 50 }]);
  });

  it("puts a segment longer than the limit in a chunk of its own", () => {
    const long: Transcript = {
      segments: [
        { speaker: "A", startMs: 0, endMs: 1, text: "short" },
        { speaker: "B", startMs: 1, endMs: 2, text: "x".repeat(500) },
        { speaker: "A", startMs: 2, endMs: 3, text: "short" },
      ],
    };
    expect(chunkTranscript(long, 100)).toEqual([
      { start: 0, end: 1 },
      { start: 1, end: 2 },
      { start: 2, end: 3 },
    ]);
    expect(chunkTranscript({ segments: [] }, 100)).toEqual([]);
  });
});

describe("mergeLlmFindings", () => {
  it("dedupes topics by phrase across chunks, ranks by chunks naming them, keeps all findings and drops unlocatable ones", () => {
    const a: LlmChunkOutput = {
      ...empty,
      topics: [
        { phrase: "Export Timeouts", segment: 2, quote: "The export keeps timing out, though." },
        { phrase: "dispatch time", segment: 1, quote: "The rollout cut our dispatch time by thirty percent." },
      ],
      wins: [{ summary: "Dispatch faster", segment: 1, quote: "The rollout cut our dispatch time by thirty percent." }],
      issues: [{ summary: "Invented", segment: 2, quote: "Nobody said this." }],
    };
    const b: LlmChunkOutput = {
      ...empty,
      topics: [{ phrase: "export  timeouts", segment: 2, quote: "The export keeps timing out, though." }],
      wins: [{ summary: "Team happy", segment: 1, quote: "The team loves it." }],
      issues: [{ summary: "Export fails", segment: 2, quote: "The export keeps timing out, though." }],
      nextSteps: [
        {
          owner: "Rita Rep",
          action: "Send quote",
          due: "by Friday",
          segment: 3,
          quote: "I'll send the revised quote by Friday.",
        },
      ],
      customerQuestions: [
        {
          question: "How did it go?",
          answered: true,
          segment: 0,
          quote: "How did the rollout go?",
          answerQuote: "Not in the transcript.",
        },
      ],
    };
    const merged = mergeLlmFindings(transcript, context, [a, b]);
    expect(merged.topics.map((t) => t.phrase)).toEqual(["export timeouts", "dispatch time"]);
    expect(merged.topics[0]?.relevance).toBe(1);
    expect(merged.wins.map((w) => w.summary)).toEqual(["Dispatch faster", "Team happy"]);
    expect(merged.issues.map((i) => i.summary)).toEqual(["Export fails"]);
    expect(merged.nextSteps[0]).toMatchObject({ owner: "Rita Rep", ownerSide: "ours", due: "by Friday" });
    expect(merged.customerQuestions[0]?.answer).toBeNull();
    expect(merged.customerQuestions[0]?.quote.side).toBe("ours");
    // The same finding twice (same quote and segment) is kept once.
    expect(mergeLlmFindings(transcript, context, [b, b]).wins).toHaveLength(1);
  });
});

describe("llmJsonSchema", () => {
  it("is strict: every object closed with all its properties required", () => {
    const objects: Array<Record<string, unknown>> = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (typeof node === "object" && node !== null) {
        const record = node as Record<string, unknown>;
        if (record.type === "object") objects.push(record);
        Object.values(record).forEach(walk);
      }
    };
    walk(llmJsonSchema());
    expect(objects.length).toBeGreaterThan(5);
    for (const o of objects) {
      expect(o.additionalProperties).toBe(false);
      expect(o.required).toEqual(Object.keys(o.properties as object));
    }
  });
});

describe("createOpenAIAnalyzer (scripted fetch)", () => {
  const completion = (content: string) =>
    Response.json({
      id: "chatcmpl-1",
      object: "chat.completion",
      created: 1,
      model: "gpt-test",
      choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
      usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
    });
  const answer: LlmChunkOutput = {
    ...empty,
    wins: [{ summary: "Faster dispatch", segment: 1, quote: "The team loves it." }],
  };

  it("retries a 429, chunks, sums usage and returns insights that pass the schema", async () => {
    const statuses: number[] = [];
    let n = 0;
    const analyzer = createOpenAIAnalyzer({
      apiKey: "sk-test",
      baseURL: "http://fake.invalid/v1",
      model: "gpt-test",
      maxChunkChars: 120,
      fetch: async () => {
        const response =
          n++ === 0
            ? Response.json({ error: { message: "slow down" } }, { status: 429, headers: { "retry-after-ms": "1" } })
            : completion(JSON.stringify(answer));
        statuses.push(response.status);
        return response;
      },
    });
    const { outputs, usage } = await analyzer.requestFindings(transcript, context);
    expect(statuses[0]).toBe(429);
    expect(outputs.length).toBeGreaterThan(1);
    expect(usage).toEqual({
      promptTokens: 100 * outputs.length,
      completionTokens: 20 * outputs.length,
      totalTokens: 120 * outputs.length,
      requests: outputs.length,
    });
    const insights = analyzer.compose(transcript, context, outputs);
    expect(ConversationInsightsSchema.parse(insights).analyzer).toEqual({ id: "openai:gpt-test", version: "p2" });
    expect(insights.wins).toHaveLength(1);
    expect(insights.sentiment.overall).not.toBeNull();
  });

  it("rejects malformed JSON and schema mismatches", async () => {
    const make = (content: string) =>
      createOpenAIAnalyzer({
        apiKey: "k",
        baseURL: "http://fake.invalid/v1",
        model: "m",
        fetch: async () => completion(content),
      });
    await expect(make("{not json").analyze(transcript, context)).rejects.toThrow("malformed JSON");
    await expect(make(JSON.stringify({ topics: "x" })).analyze(transcript, context)).rejects.toThrow("schema");
  });
});

describe("the OpenAI analyzer's objection kinds and closing reasons", () => {
  const call: Transcript = {
    segments: [
      {
        speaker: "Carl Customer",
        startMs: 0,
        endMs: 4000,
        text: "We're also evaluating CallPilot, and their quote came in lower.",
      },
      { speaker: "Rita Rep", startMs: 5000, endMs: 9000, text: "I understand." },
      {
        speaker: "Carl Customer",
        startMs: 10_000,
        endMs: 14_000,
        text: "Our security team needs your SOC 2 report first.",
      },
      { speaker: "Rita Rep", startMs: 15_000, endMs: 19_000, text: "I'll send the SOC 2 report by Friday." },
    ],
  };
  const withCompetitors: AnalysisContext = { ...context, competitors: ["CallPilot"] };
  const output: LlmChunkOutput = {
    ...empty,
    objections: [
      {
        category: "competitor",
        summary: "Evaluating CallPilot",
        segment: 0,
        quote: "We're also evaluating CallPilot, and their quote came in lower.",
        responseQuote: "I understand.",
        answered: false,
      },
      {
        category: "price",
        summary: "Lower quote elsewhere",
        segment: 0,
        quote: "We're also evaluating CallPilot, and their quote came in lower.",
        responseQuote: null,
        answered: false,
      },
      {
        category: "security",
        summary: "Needs SOC 2",
        segment: 2,
        quote: "Our security team needs your SOC 2 report first.",
        responseQuote: "I'll send the SOC 2 report by Friday.",
        answered: true,
      },
    ],
    nextSteps: [
      {
        owner: "Rita Rep",
        action: "Send SOC 2",
        due: "by Friday",
        segment: 3,
        quote: "I'll send the SOC 2 report by Friday.",
      },
    ],
  };

  it("asks for the security category and the answered flag, and names the organization's competitors in the prompt", () => {
    const schema = JSON.stringify(llmJsonSchema());
    expect(schema).toContain('"security"');
    expect(schema).toContain('"answered"');
    expect(renderChunk(call.segments, { start: 0, end: 4 }, withCompetitors)).toContain("Competitors: CallPilot");
  });

  it("keeps two categories of one sentence and scores closing over the model's findings, with reasons", () => {
    const insights = composeInsights(call, withCompetitors, [output], { id: "openai:m", version: "p2" });
    expect(ConversationInsightsSchema.parse(insights).objections.map((o) => [o.category, o.answered])).toEqual([
      ["competitor", false],
      ["price", false],
      ["security", true],
    ]);
    expect(insights.closing.reasons).toEqual(
      expect.arrayContaining([
        "competitor evaluated",
        "budget concern open",
        "security concern answered",
        "next step dated",
      ]),
    );
    expect(insights.closing.probability).toBeLessThanOrEqual(80);
    // Every closing signal quotes the transcript verbatim.
    for (const s of insights.closing.signals) expect(call.segments[s.quote.segmentIndex]?.text).toContain(s.quote.text);
  });
});
