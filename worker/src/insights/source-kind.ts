import type { InsightSource } from "@sightline/shared";

const SOURCE_KIND: Record<string, InsightSource["kind"]> = {
  zoom_meeting: "meeting",
  demo: "meeting",
  gong_call: "call",
  zcc_voice: "call",
  zcc_voicemail: "call",
  zcc_messaging: "chat",
  email: "email",
};

/** What kind of conversation a source is, as the sidebar labels it. */
export function sourceKind(source: string): InsightSource["kind"] {
  return SOURCE_KIND[source] ?? "meeting";
}

/** The sources of one kind (the search filter's `source=call` means all of these). */
export function sourcesOfKind(kind: InsightSource["kind"]): string[] {
  return Object.entries(SOURCE_KIND)
    .filter(([, k]) => k === kind)
    .map(([source]) => source);
}
