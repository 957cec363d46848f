import type { ComponentChildren } from "preact";
import { Button } from "./Button.tsx";
import { formatMoment } from "./format.ts";

/**
 * Where an insight or a tip came from: the quote, a line of facts (channel, title, date, speaker,
 * moment), anything the caller adds (dispositions, notes), and "Open transcript at m:ss". Every value
 * is JSX text (Preact escapes it).
 */
export function SourceQuote({
  quote,
  facts,
  startMs,
  onOpenTranscript,
  openLabel,
  children,
}: {
  quote: string | null;
  facts: Array<string | null | undefined | false>;
  startMs: number | null;
  onOpenTranscript: () => void;
  /** Instead of "Open transcript at m:ss" (an e-mail source opens its message). */
  openLabel?: string;
  children?: ComponentChildren;
}) {
  const moment = formatMoment(startMs);
  return (
    <div class="source">
      {quote && <blockquote>“{quote}”</blockquote>}
      <p class="muted">{[...facts, moment].filter(Boolean).join(" · ")}</p>
      {children}
      <Button variant="link" onClick={onOpenTranscript}>
        {openLabel || `Open transcript${moment ? ` ${moment}` : ""}`}
      </Button>
    </div>
  );
}
