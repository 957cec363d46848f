import type { TranscriptSegment } from "@sightline/shared";
import { z } from "zod";
import { type AnalysisContext, sideResolver } from "../analyzer.ts";
import { ObjectionCategorySchema } from "../insights-schema.ts";

/**
 * What the model is asked to return for one chunk of a transcript: a compact, qualitative shape
 * (no numbers the model would make up). Every finding carries `quote`, a sentence the model must copy
 * verbatim, and `segment`, the [n] of the line it copied it from (a hint: the quote is located in the
 * transcript by the analyzer, and dropped when it is not there verbatim).
 *
 * Bump PROMPT_VERSION whenever this schema, the prompt or the mapping changes: it is part of the
 * cache key and of the stored rows' `analyzer` ("openai:<model>@<PROMPT_VERSION>").
 */
export const PROMPT_VERSION = "p2";

const quoted = { segment: z.number().int(), quote: z.string() };

export const LlmChunkOutputSchema = z.object({
  topics: z.array(z.object({ phrase: z.string(), ...quoted })),
  wins: z.array(z.object({ summary: z.string(), ...quoted })),
  issues: z.array(z.object({ summary: z.string(), ...quoted })),
  objections: z.array(
    z.object({
      category: ObjectionCategorySchema,
      summary: z.string(),
      ...quoted,
      responseQuote: z.string().nullable(),
      /** Our side addressed it with substance (not only "I understand" or a question back). */
      answered: z.boolean(),
    }),
  ),
  customerQuestions: z.array(
    z.object({ question: z.string(), answered: z.boolean(), ...quoted, answerQuote: z.string().nullable() }),
  ),
  nextSteps: z.array(
    z.object({ owner: z.string().nullable(), action: z.string(), due: z.string().nullable(), ...quoted }),
  ),
});
export type LlmChunkOutput = z.infer<typeof LlmChunkOutputSchema>;

/** Name of the structured-output schema sent to the model. */
export const LLM_SCHEMA_NAME = "conversation_findings";

/**
 * The strict JSON schema for `response_format` (OpenAI structured outputs): every object closed
 * (`additionalProperties: false`) with all its properties required, nullable fields as `anyOf`.
 */
export function llmJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(LlmChunkOutputSchema, { target: "draft-7", io: "output" }) as Record<string, unknown>;
  delete schema.$schema;
  return closeObjects(schema) as Record<string, unknown>;
}

function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (typeof node !== "object" || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = closeObjects(value);
  if (out.type === "object" && typeof out.properties === "object" && out.properties !== null) {
    out.additionalProperties = false;
    out.required = Object.keys(out.properties);
  }
  return out;
}

export const SYSTEM_PROMPT = [
  "You analyze transcripts of sales and customer-success conversations for the team on the 'ours' side.",
  "Each transcript line is: [n] (side) Speaker: text. Side 'theirs' is the customer.",
  "Return only what the conversation supports, as JSON matching the schema:",
  "- topics: up to 8 key concerns as short lower-case noun phrases (2-4 words), most important first; never filler words;",
  "- wins: things going well for the customer relationship; issues: problems, complaints, risks;",
  "- objections: customer pushback, with a category and, when our side answered, responseQuote;",
  "  categories: competitor (another vendor named or meant beside evaluate/compare/switch/quote/already use,",
  "  including the listed competitors), price (price or budget), security (security, privacy, compliance: SOC 2,",
  "  HIPAA, SSO, data residency, retention), timing (not now, later), authority (someone else must approve),",
  "  need, product_gap, risk (other worries), other; a sentence may be two objections (competitor and price);",
  "  answered: true only when our side addressed it with substance, false for only 'I understand' or a question back;",
  "  never an objection: our side's words, hypotheticals, small talk, 'the price is fine', a competitor dismissed;",
  "- wins also include plain praise of a named product part ('the Salesforce sync has been rock solid');",
  "- customerQuestions: questions the customer asked, answered true/false, answerQuote when answered;",
  "- nextSteps: commitments (owner name as said or null, action, due as said or null).",
  "Every quote, responseQuote and answerQuote MUST be one sentence copied character for character from",
  "a single line's text (without the [n], side and speaker), and segment is that line's n. Never paraphrase a quote.",
  "Use empty arrays when there is nothing to report.",
].join("\n");

/** One transcript line as the model sees it; chunk sizes are measured on these. */
export function renderLine(index: number, segment: TranscriptSegment, side: string): string {
  return `[${index}] (${side}) ${segment.speaker ?? "Unknown"}: ${segment.text.replace(/\s+/g, " ").trim()}`;
}

/** The user message for the segments [start, end) of a transcript. */
export function renderChunk(
  segments: readonly TranscriptSegment[],
  range: { start: number; end: number },
  context: AnalysisContext,
): string {
  const sideOf = sideResolver(context);
  const header = [
    context.accountName ? `Account: ${context.accountName}` : null,
    context.repName ? `Rep: ${context.repName}` : null,
    context.competitors?.length ? `Competitors: ${context.competitors.join(", ")}` : null,
  ].filter((line): line is string => line !== null);
  const lines: string[] = [];
  for (let i = range.start; i < range.end; i++) {
    const segment = segments[i];
    if (segment) lines.push(renderLine(i, segment, sideOf(segment.speaker)));
  }
  return [...header, "Transcript:", ...lines].join("\n");
}
