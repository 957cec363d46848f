import type { SearchHit } from "@sightline/shared";
import { formatDate, formatMoment, sourceKindLabel } from "./format.ts";
import { MarkedText } from "./MarkedText.tsx";

/** One search hit's lines: where (title, account, kind, date, speaker, moment) and the marked snippet. */
export function hitFacts(hit: SearchHit): string {
  const c = hit.conversation;
  return [
    c.accountName,
    sourceKindLabel(c.kind),
    formatDate(c.startedAt),
    hit.segment.speaker,
    formatMoment(hit.segment.startMs),
  ]
    .filter(Boolean)
    .join(" · ");
}

export function HitSnippet({ hit }: { hit: SearchHit }) {
  return (
    <span class="snippet">
      <MarkedText text={hit.snippet.text} ranges={hit.snippet.highlights} />
    </span>
  );
}
