import { computed, signal } from "@preact/signals";
import type { ConversationDetail, ConversationMediaList } from "@sightline/shared";
import { describeFailure } from "../ui/describe-failure.ts";
import type { Send } from "../ui/send-message.ts";
import { type FindMatch, findMatches, type Segment } from "./transcript-find.ts";

export type { Segment } from "./transcript-find.ts";

/** Where the viewer is: a segment by `seq` (search results) or a moment `t` in milliseconds. */
export type Target = { seg: number } | { t: number } | null;

export type MediaState =
  | { kind: "loading" }
  | { kind: "none" }
  | { kind: "ready"; media: ConversationMediaList["media"] }
  | { kind: "error"; message: string };

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
/** Pages fetched at most for find-in-transcript and downloads (every segment of a long call). */
export const MAX_PAGES_ALL = 200;

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

/** The segment the target names: by seq, else the one containing the moment. */
export function segmentFor(segments: Segment[], target: Target): Segment | null {
  if (target === null) return null;
  if ("seg" in target) return segments.find((s) => s.seq === target.seg) ?? null;
  return segmentAt(segments, target.t);
}

/** Whether the loaded segments reach past the target, so its segment is known for sure. */
function reaches(segments: Segment[], target: Target): boolean {
  const last = segments[segments.length - 1];
  if (target === null) return true;
  if (last === undefined) return false;
  return "seg" in target ? last.seq >= target.seg : last.endMs > target.t;
}

/**
 * transcript.html?conversationId=…&t=…|seg=…: the conversation's first page, then further pages until
 * the target is on screen (at most MAX_PAGES_TO_TARGET), then one more page per "Load more". Jumping
 * to an insight's moment loads up to it the same way; find-in-transcript and the downloads load every
 * page first, since they are about the whole conversation.
 */
export function createTranscriptStore(deps: {
  send: Send;
  conversationId: string | null;
  t: number | null;
  seg?: number | null;
  /** Told where the viewer moved (an insight's moment), so the page can put it in its URL. */
  onTarget?: (target: Target) => void;
}) {
  const view = signal<TranscriptView>({ kind: "loading" });
  const initial: Target =
    deps.seg !== undefined && deps.seg !== null ? { seg: deps.seg } : deps.t !== null ? { t: deps.t } : null;
  const target = signal<Target>(initial);
  /** Bumped on every jump, so the page scrolls again even to the same segment. */
  const jumps = signal(0);
  const segments = computed(() => (view.value.kind === "ready" ? view.value.segments : []));
  const hit = computed(() => segmentFor(segments.value, target.value));
  const media = signal<MediaState>({ kind: "loading" });
  const findText = signal("");
  const matches = computed<FindMatch[]>(() => findMatches(segments.value, findText.value));
  /** Index into `matches` of the match the user is on; -1 when there is none. */
  const matchIndex = signal(-1);
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
    let items = page.items;
    let nextCursor = page.nextCursor;
    const wanted = target.value;
    for (let pages = 1; wanted !== null && nextCursor !== null && pages < MAX_PAGES_TO_TARGET; pages++) {
      if (reaches(items, wanted)) break;
      const more = await fetchPage(nextCursor);
      if (mine !== seq) return;
      if (!more.ok) break; // Show what is here; "Load more" can try again.
      items = [...items, ...more.value.segments.items];
      nextCursor = more.value.segments.nextCursor;
    }
    view.value = { kind: "ready", detail, segments: items, nextCursor, loadingMore: false };
  }

  /** Loads further pages until `done` holds for the loaded segments or every page is here. */
  async function loadUntil(done: (segments: Segment[]) => boolean, maxPages: number): Promise<void> {
    for (let pages = 0; pages < maxPages; pages++) {
      const now = view.value;
      if (now.kind !== "ready" || now.nextCursor === null || done(now.segments)) return;
      await loadMore();
      const after = view.value;
      if (after.kind !== "ready" || after.moreError) return;
    }
  }

  /** Every segment (find and downloads need them all); a failure stays in the view as moreError. */
  async function loadAll(): Promise<Segment[]> {
    await loadUntil(() => false, MAX_PAGES_ALL);
    return segments.value;
  }

  /** An insight's "jump to": load up to the moment, mark its segment, scroll there. */
  async function jumpTo(next: Target): Promise<void> {
    await loadUntil((items) => reaches(items, next), MAX_PAGES_TO_TARGET);
    target.value = next;
    jumps.value++;
    deps.onTarget?.(next);
  }

  /** The find box changed: load every page, then go to the first match. */
  async function find(text: string): Promise<void> {
    findText.value = text;
    matchIndex.value = matches.value.length > 0 ? 0 : -1;
    if (text.trim() === "") return;
    await loadAll();
    if (findText.value !== text) return;
    matchIndex.value = matches.value.length > 0 ? 0 : -1;
  }

  /** Next (+1) or previous (-1) match, wrapping around the ends like a browser's find bar. */
  function stepMatch(delta: 1 | -1): void {
    const count = matches.value.length;
    if (count === 0) return;
    const from = matchIndex.value < 0 ? (delta > 0 ? -1 : 0) : matchIndex.value;
    matchIndex.value = (((from + delta) % count) + count) % count;
  }

  /** Kept recordings with signed links; none is the usual case (media is kept only when the org asks). */
  async function loadMedia(): Promise<void> {
    if (!deps.conversationId) return;
    media.value = { kind: "loading" };
    const answer = await deps.send({ type: "getConversationMedia", id: deps.conversationId });
    if (!answer.ok) media.value = { kind: "error", message: describeFailure(answer.error) };
    else
      media.value = answer.value.media.length === 0 ? { kind: "none" } : { kind: "ready", media: answer.value.media };
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
    target,
    jumps,
    hit,
    media,
    findText,
    matches,
    matchIndex,
    load,
    loadMore,
    loadAll,
    jumpTo,
    find,
    stepMatch,
    loadMedia,
    openSignIn: () => deps.send({ type: "openSignIn" }),
  };
}

export type TranscriptStore = ReturnType<typeof createTranscriptStore>;
