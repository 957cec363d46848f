import type { Transcript } from "@sightline/shared";
import { z } from "zod";
import type { Config } from "../../platform/config.ts";
import type { Services } from "../../platform/services.ts";
import { hashTranscript } from "../../transcripts/transcript-hash.ts";
import type { AnalysisContext } from "../analyzer.ts";
import { analyzeBuiltin } from "../builtin/builtin-analyzer.ts";
import type { ConversationInsights } from "../insights-schema.ts";
import { LlmChunkOutputSchema, PROMPT_VERSION } from "./llm-output.ts";
import { createOpenAIAnalyzer, type OpenAIAnalyzerOptions, type TokenUsage } from "./openai-analyzer.ts";

/** The settings that choose the analyzer: an API key turns the OpenAI analyzer on. */
export type AnalyzerSettings = Pick<Config["openai"], "apiKey" | "baseUrl" | "model">;

export interface AnalysisOutcome {
  insights: ConversationInsights;
  /** What stored rows record: "openai:<model>@<prompt version>" or "builtin@<version>". */
  analyzer: string;
  /** Tokens the model's answer cost (also on a cache hit: what the cached answer cost), null for built-in. */
  usage: TokenUsage | null;
  cache: "hit" | "miss" | null;
  /** Why the OpenAI analyzer was configured but not used. */
  fallbackReason?: string;
}

/** R2 object of one cached model answer. */
export const CachedAnalysisSchema = z.object({
  promptVersion: z.string(),
  model: z.string(),
  transcriptHash: z.string(),
  createdAt: z.string(),
  usage: z.object({
    promptTokens: z.number(),
    completionTokens: z.number(),
    totalTokens: z.number(),
    requests: z.number(),
  }),
  outputs: z.array(LlmChunkOutputSchema),
});
export type CachedAnalysis = z.infer<typeof CachedAnalysisSchema>;

export const analysisCacheKey = (organizationId: string, transcriptHash: string, promptVersion = PROMPT_VERSION) =>
  `orgs/${organizationId}/analysis-cache/${transcriptHash}/${promptVersion}.json`;

const label = (insights: ConversationInsights) => `${insights.analyzer.id}@${insights.analyzer.version}`;

/**
 * Analyzes a transcript with the OpenAI analyzer when OPENAI_API_KEY is set, else with the built-in
 * one. The model's answer is cached in R2 by transcript hash and prompt version (same model), so a
 * re-analysis of the same words makes no request. Any failure of the OpenAI path (network after
 * retries, HTTP errors, malformed JSON, schema mismatch) is logged and answered by the built-in analyzer.
 */
export async function runAnalysis(
  services: Services,
  settings: AnalyzerSettings,
  input: {
    organizationId: string;
    conversationId: string;
    transcriptHash: string | null;
    transcript: Transcript;
    context: AnalysisContext;
  },
  overrides: Partial<OpenAIAnalyzerOptions> = {},
): Promise<AnalysisOutcome> {
  const { transcript, context } = input;
  const builtin = (): ConversationInsights => analyzeBuiltin(transcript, context);
  const apiKey = settings.apiKey;
  if (!apiKey || transcript.segments.length === 0) {
    const insights = builtin();
    return { insights, analyzer: label(insights), usage: null, cache: null };
  }
  const model = settings.model;
  const log = services.log.child({ conversation: input.conversationId, model, promptVersion: PROMPT_VERSION });
  try {
    const analyzer = createOpenAIAnalyzer({
      apiKey,
      baseURL: settings.baseUrl,
      model,
      ...overrides,
    });
    const transcriptHash = input.transcriptHash ?? (await hashTranscript(transcript.segments));
    const key = analysisCacheKey(input.organizationId, transcriptHash);
    const cached = await readCache(services, key, model, log);
    if (cached) {
      const insights = analyzer.compose(transcript, context, cached.outputs);
      log.info("openai analysis cache hit", { totalTokens: cached.usage.totalTokens });
      return { insights, analyzer: label(insights), usage: cached.usage, cache: "hit" };
    }
    const { outputs, usage } = await analyzer.requestFindings(transcript, context);
    const insights = analyzer.compose(transcript, context, outputs);
    const entry: CachedAnalysis = {
      promptVersion: PROMPT_VERSION,
      model,
      transcriptHash,
      createdAt: services.clock.now().toISOString(),
      usage,
      outputs,
    };
    try {
      await services.blobs.put(key, JSON.stringify(entry), { httpMetadata: { contentType: "application/json" } });
    } catch (error) {
      log.warn("openai analysis cache write failed", { error });
    }
    log.info("openai analysis done", { ...usage });
    return { insights, analyzer: label(insights), usage, cache: "miss" };
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    log.warn("openai analysis failed; using the built-in analyzer", { reason: reason.slice(0, 500) });
    const insights = builtin();
    return { insights, analyzer: label(insights), usage: null, cache: null, fallbackReason: reason };
  }
}

async function readCache(
  services: Services,
  key: string,
  model: string,
  log: Services["log"],
): Promise<CachedAnalysis | null> {
  try {
    const object = await services.blobs.get(key);
    if (!object) return null;
    const parsed = CachedAnalysisSchema.safeParse(await object.json());
    if (!parsed.success || parsed.data.model !== model || parsed.data.promptVersion !== PROMPT_VERSION) return null;
    return parsed.data;
  } catch (error) {
    log.warn("openai analysis cache read failed", { error });
    return null;
  }
}
