import type { Transcript } from "@sightline/shared";
import type { ConversationInsights, Side } from "./insights-schema.ts";

/** Who was in the conversation and on which side; all optional, analyzers degrade gracefully. */
export interface AnalysisContext {
  /** Speakers as they appear in `segment.speaker`, with their side. Unlisted speakers are "unknown". */
  participants: ReadonlyArray<{ name: string; side: "ours" | "theirs" }>;
  accountName?: string;
  /** The rep the coaching is for (one of our participants). */
  repName?: string;
  /**
   * Vendor names the organization lists as competitors (its settings): a sentence naming one
   * beside evaluate/compare/switch/quote/already use is a competitor objection.
   */
  competitors?: readonly string[];
}

/**
 * Transcript + context in, insights out. Pure (no I/O beyond what an implementation documents),
 * runs in workerd and in Node. `id` + `version` identify the results, so a new version can
 * re-analyze a conversation and replace, never duplicate, its insights.
 */
export interface Analyzer {
  id: string;
  version: string;
  analyze(transcript: Transcript, context: AnalysisContext): Promise<ConversationInsights>;
}

/** The side of a speaker under a context (case- and space-insensitive name match). */
export function sideResolver(context: AnalysisContext): (speaker: string | null) => Side {
  const key = (name: string) => name.trim().replace(/\s+/g, " ").toLowerCase();
  const sides = new Map(context.participants.map((p) => [key(p.name), p.side] as const));
  return (speaker) => (speaker === null ? "unknown" : (sides.get(key(speaker)) ?? "unknown"));
}
