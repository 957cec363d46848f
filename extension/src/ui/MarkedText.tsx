import { markedParts, type Range } from "./marked-text.ts";

/**
 * Text with its matches in <mark> elements built from character ranges: the text stays JSX text
 * (Preact escapes it), so a snippet can never carry markup. The current match gets `current`.
 */
export function MarkedText({ text, ranges }: { text: string; ranges: readonly Range[] }) {
  return (
    <>
      {markedParts(text, ranges).map((part, i) =>
        part.marked ? (
          <mark key={i} class={part.current ? "current" : undefined}>
            {part.text}
          </mark>
        ) : (
          part.text
        ),
      )}
    </>
  );
}
