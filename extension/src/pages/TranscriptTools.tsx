import { Button } from "../ui/Button.tsx";
import { exportFileName, toPlainText, toVtt } from "./transcript-export.ts";
import type { TranscriptStore } from "./transcript-store.ts";

/** Saves text as a file through a temporary object URL (no network, nothing leaves the page). */
function saveFile(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Find-in-transcript (Enter: next match, Shift+Enter: previous; the count is a live region) and
 * the downloads, both over every segment: they load the remaining pages first.
 */
export function TranscriptTools({ store }: { store: TranscriptStore }) {
  const count = store.matches.value.length;
  const index = store.matchIndex.value;
  const text = store.findText.value;
  const status =
    text.trim() === ""
      ? ""
      : count === 0
        ? "No matches"
        : `${index + 1} of ${count} ${count === 1 ? "match" : "matches"}`;

  async function download(kind: "vtt" | "txt") {
    const segments = await store.loadAll();
    const now = store.view.value;
    if (now.kind !== "ready") return;
    const { conversation } = now.detail;
    if (kind === "vtt") saveFile(exportFileName(conversation.title, "vtt"), "text/vtt", toVtt(segments));
    else saveFile(exportFileName(conversation.title, "txt"), "text/plain", toPlainText(conversation, segments));
  }

  return (
    <div class="tools">
      <search class="find" aria-label="Find in transcript">
        <input
          type="search"
          aria-label="Find in transcript"
          placeholder="Find in transcript"
          value={text}
          onInput={(event) => void store.find(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key !== "Enter") return;
            event.preventDefault();
            store.stepMatch(event.shiftKey ? -1 : 1);
          }}
        />
        <Button aria-label="Previous match" disabled={count === 0} onClick={() => store.stepMatch(-1)}>
          ↑
        </Button>
        <Button aria-label="Next match" disabled={count === 0} onClick={() => store.stepMatch(1)}>
          ↓
        </Button>
        <span class="find-count muted" role="status">
          {status}
        </span>
      </search>
      <div class="actions downloads">
        <Button onClick={() => void download("vtt")}>Download VTT</Button>
        <Button onClick={() => void download("txt")}>Download text</Button>
      </div>
    </div>
  );
}
