import type { Transcript } from "@sightline/shared";
import OpenAI from "openai";
import { z } from "zod";
import type { AnalysisContext, Analyzer } from "../analyzer.ts";
import { analyzeBuiltin, closingForFindings } from "../builtin/builtin-analyzer.ts";
import type { ConversationInsights } from "../insights-schema.ts";
import {
  LLM_SCHEMA_NAME,
  type LlmChunkOutput,
  LlmChunkOutputSchema,
  llmJsonSchema,
  PROMPT_VERSION,
  renderChunk,
  SYSTEM_PROMPT,
} from "./llm-output.ts";
import { chunkTranscript, mergeLlmFindings } from "./merge-findings.ts";

export interface OpenAIAnalyzerOptions {
  apiKey: string;
  /** Any OpenAI-compatible endpoint, e.g. "https://api.openai.com/v1". */
  baseURL?: string;
  model: string;
  /**
   * Retries of one request on connection errors, 408, 409, 429 and 5xx (the client's exponential
   * backoff from 0.5 s, capped at 8 s, or the server's retry-after / retry-after-ms). Default 3.
   */
  maxRetries?: number;
  /** Per-request timeout. Default 60 s. */
  timeoutMs?: number;
  /** Largest chunk of rendered transcript lines per request. Default 24,000 characters (~6k tokens). */
  maxChunkChars?: number;
  /** Chunks requested at once. Default 3. */
  concurrency?: number;
  /** For tests: the fetch the client uses. */
  fetch?: typeof fetch;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** Chat-completion requests that succeeded (retries not counted). */
  requests: number;
}

/** Anything that makes the model's answer unusable (the caller falls back to the built-in analyzer). */
export class OpenAIAnalysisError extends Error {
  override name = "OpenAIAnalysisError";
}

export interface OpenAIAnalyzer extends Analyzer {
  model: string;
  /** Asks the model about every chunk of the transcript; throws on any failure. */
  requestFindings(
    transcript: Transcript,
    context: AnalysisContext,
  ): Promise<{ outputs: LlmChunkOutput[]; usage: TokenUsage }>;
  /** Insights from the model's outputs (see `composeInsights`). Pure. */
  compose(transcript: Transcript, context: AnalysisContext, outputs: readonly LlmChunkOutput[]): ConversationInsights;
}

export const DEFAULT_MAX_CHUNK_CHARS = 24_000;

/**
 * The OpenAI analyzer: `chat.completions` with a strict JSON-schema response format, one request per
 * chunk of the transcript, merged. `id` is "openai:<model>" and `version` the prompt version, so
 * stored rows say "openai:<model>@<prompt version>".
 */
export function createOpenAIAnalyzer(options: OpenAIAnalyzerOptions): OpenAIAnalyzer {
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    maxRetries: options.maxRetries ?? 3,
    timeout: options.timeoutMs ?? 60_000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const schema = llmJsonSchema();
  const maxChunkChars = options.maxChunkChars ?? DEFAULT_MAX_CHUNK_CHARS;
  const concurrency = Math.max(1, options.concurrency ?? 3);
  const id = `openai:${options.model}`;

  async function requestChunk(message: string): Promise<{ output: LlmChunkOutput; usage: TokenUsage }> {
    const completion = await client.chat.completions.create({
      model: options.model,
      temperature: 0,
      messages: [
        { role: "system", content: SYSTEM_PROMPT },
        { role: "user", content: message },
      ],
      response_format: { type: "json_schema", json_schema: { name: LLM_SCHEMA_NAME, strict: true, schema } },
    });
    const choice = completion.choices?.[0];
    if (!choice) throw new OpenAIAnalysisError("the response has no choices");
    if (choice.message.refusal) throw new OpenAIAnalysisError(`the model refused: ${choice.message.refusal}`);
    if (choice.finish_reason !== "stop") throw new OpenAIAnalysisError(`finish_reason ${choice.finish_reason}`);
    const content = choice.message.content;
    if (!content) throw new OpenAIAnalysisError("the response has no content");
    let json: unknown;
    try {
      json = JSON.parse(content);
    } catch {
      throw new OpenAIAnalysisError(`malformed JSON content (${content.length} characters)`);
    }
    const parsed = LlmChunkOutputSchema.safeParse(json);
    if (!parsed.success)
      throw new OpenAIAnalysisError(`content does not match the schema: ${z.prettifyError(parsed.error)}`);
    return {
      output: parsed.data,
      usage: {
        promptTokens: completion.usage?.prompt_tokens ?? 0,
        completionTokens: completion.usage?.completion_tokens ?? 0,
        totalTokens: completion.usage?.total_tokens ?? 0,
        requests: 1,
      },
    };
  }

  const analyzer: OpenAIAnalyzer = {
    id,
    version: PROMPT_VERSION,
    model: options.model,
    async requestFindings(transcript, context) {
      const ranges = chunkTranscript(transcript, maxChunkChars);
      const results: Array<{ output: LlmChunkOutput; usage: TokenUsage }> = new Array(ranges.length);
      let next = 0;
      const worker = async () => {
        for (let i = next++; i < ranges.length; i = next++) {
          const range = ranges[i];
          if (range) results[i] = await requestChunk(renderChunk(transcript.segments, range, context));
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, ranges.length) }, worker));
      return { outputs: results.map((r) => r.output), usage: sumUsage(results.map((r) => r.usage)) };
    },
    compose: (transcript, context, outputs) =>
      composeInsights(transcript, context, outputs, { id, version: PROMPT_VERSION }),
    async analyze(transcript, context) {
      const { outputs } = await analyzer.requestFindings(transcript, context);
      return analyzer.compose(transcript, context, outputs);
    },
  };
  return analyzer;
}

export function sumUsage(parts: readonly TokenUsage[]): TokenUsage {
  return parts.reduce(
    (sum, u) => ({
      promptTokens: sum.promptTokens + u.promptTokens,
      completionTokens: sum.completionTokens + u.completionTokens,
      totalTokens: sum.totalTokens + u.totalTokens,
      requests: sum.requests + u.requests,
    }),
    { promptTokens: 0, completionTokens: 0, totalTokens: 0, requests: 0 },
  );
}

/**
 * The qualitative findings (topics, wins, issues, objections, customer questions, next steps) come
 * from the model, located verbatim and merged; the numbers (sentiment, talk statistics) and the
 * coaching tips come from the built-in analyzer, which measures them deterministically. The closing
 * probability is the built-in score over the model's findings, with its reasons. The built-in
 * "no next step agreed" tip is left out when the model found one.
 */
export function composeInsights(
  transcript: Transcript,
  context: AnalysisContext,
  outputs: readonly LlmChunkOutput[],
  analyzer: { id: string; version: string },
): ConversationInsights {
  const builtin = analyzeBuiltin(transcript, context);
  const findings = mergeLlmFindings(transcript, context, outputs);
  const coaching =
    findings.nextSteps.length > 0 ? builtin.coaching.filter((tip) => tip.kind !== "no_next_step") : builtin.coaching;
  return {
    ...builtin,
    ...findings,
    closing: closingForFindings(transcript, context, findings, builtin.sentiment),
    analyzer,
    coaching,
  };
}
