import { signal } from "@preact/signals";
import type { ConversationDetail } from "@sightline/shared";
import { describeFailure } from "../ui/describe-failure.ts";
import type { Send } from "../ui/send-message.ts";

export type Segment = ConversationDetail["segments"]["items"][number];

export type TranscriptView =
  | { kind: "loading" }
  | { kind: "signedOut" }
  | { kind: "error"; message: string }
  | {
      kind: "ready";
      detail: Omit<ConversationDetail, "segments">;
      segments: Segment[];
      /** Cursor of the next page; null once every segment is here. */
      nextCursor: number | null;
      loadingMore: boolean;
      moreError?: string;
    };

/** Pages fetched at most while looking for the moment `t` (100 segments each). */
export const MAX_PAGES_TO_TARGET = 20;

/**
 * The segment containing `t`: the last one that starts at or before it (a moment between two
 * segments belongs to the one before). null when there is no `t` or it precedes every segment.
 */
export function segmentAt(segments: Segment[], t: number | null): Segment | null {
  if (t === null) return null;
  let found: Segment | null = null;
  for (const segment of segments) {
    if (segment.startMs > t) break;
    found = segment;
  }
  return found;
}

/** Whether the loaded segments reach past `t`, so the one containing it is known for sure. */
function reaches(segments: Segment[], t: number): boolean {
  const last = segments[segments.length - 1];
  return last !== undefined && last.endMs > t;
}

/**
 * transcript.html?conversationId=…&t=…: the conversation's first page, then further pages until the
 * moment `t` is on screen (at most MAX_PAGES_TO_TARGET), then one more page per "Load more".
 */
export function createTranscriptStore(deps: { send: Send; conversationId: string | null; t: number | null }) {
  const view = signal<TranscriptView>({ kind: "loading" });
  let seq = 0;

  async function fetchPage(cursor: number) {
    // conversationId is checked by load() before any page is asked for.
    return deps.send({ type: "getConversation", id: deps.conversationId ?? "", cursor });
  }

  async function load(): Promise<void> {
    const mine = ++seq;
    if (!deps.conversationId) {
      view.value = { kind: "error", message: "This page needs a conversation: open it from a Sightline insight." };
      return;
    }
    view.value = { kind: "loading" };
    const first = await fetchPage(0);
    if (mine !== seq) return;
    if (!first.ok) {
      view.value =
        first.error.kind === "unauthorized"
          ? { kind: "signedOut" }
          : { kind: "error", message: describeFailure(first.error) };
      return;
    }
    const { segments: page, ...detail } = first.value;
    let segments = page.items;
    let nextCursor = page.nextCursor;
    const t = deps.t;
    for (let pages = 1; t !== null && nextCursor !== null && pages < MAX_PAGES_TO_TARGET; pages++) {
      if (reaches(segments, t)) break;
      const more = await fetchPage(nextCursor);
      if (mine !== seq) return;
      if (!more.ok) break; // Show what is here; "Load more" can try again.
      segments = [...segments, ...more.value.segments.items];
      nextCursor = more.value.segments.nextCursor;
    }
    view.value = { kind: "ready", detail, segments, nextCursor, loadingMore: false };
  }

  async function loadMore(): Promise<void> {
    const shown = view.value;
    if (shown.kind !== "ready" || shown.nextCursor === null || shown.loadingMore) return;
    const mine = seq;
    view.value = { ...shown, loadingMore: true, moreError: undefined };
    const more = await fetchPage(shown.nextCursor);
    if (mine !== seq) return;
    const now = view.value;
    if (now.kind !== "ready") return;
    if (!more.ok) {
      if (more.error.kind === "unauthorized") view.value = { kind: "signedOut" };
      else view.value = { ...now, loadingMore: false, moreError: describeFailure(more.error) };
      return;
    }
    view.value = {
      ...now,
      segments: [...now.segments, ...more.value.segments.items],
      nextCursor: more.value.segments.nextCursor,
      loadingMore: false,
    };
  }

  return {
    view,
    t: deps.t,
    load,
    loadMore,
    openSignIn: () => deps.send({ type: "openSignIn" }),
  };
}

export type TranscriptStore = ReturnType<typeof createTranscriptStore>;
