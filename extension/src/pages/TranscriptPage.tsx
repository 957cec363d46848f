import type { ConversationDetail } from "@sightline/shared";
import { useEffect, useRef } from "preact/hooks";
import { Button } from "../ui/Button.tsx";
import { formatDate, formatMoment, sourceKindLabel } from "../ui/format.ts";
import { ErrorState, InlineError, LoadingState, SignedOutState } from "../ui/states.tsx";
import { segmentAt, type TranscriptStore } from "./transcript-store.ts";

/** "12:05" (or "1:02:03"): formatMoment without its "at ". */
export function clock(ms: number): string {
  return (formatMoment(ms) ?? "").replace(/^at /, "");
}

const SIDES = [
  { side: "theirs", title: "Their side" },
  { side: "ours", title: "Our side" },
  { side: "unknown", title: "Not matched" },
] as const;

/** Every server value is JSX text (Preact escapes it); nothing here sets HTML. */
export function TranscriptPage({ store }: { store: TranscriptStore }) {
  const view = store.view.value;
  const title = view.kind === "ready" ? view.detail.conversation.title : null;
  useEffect(() => {
    document.title = title ? `${title} · Sightline` : "Transcript · Sightline";
  }, [title]);

  switch (view.kind) {
    case "loading":
      return <LoadingState text="Loading the conversation…" />;
    case "signedOut":
      return <SignedOutState onSignIn={() => void store.openSignIn()} />;
    case "error":
      return <ErrorState message={view.message} onRetry={() => void store.load()} />;
    case "ready":
      return (
        <main class="transcript-page">
          <Header detail={view.detail} />
          <Participants participants={view.detail.participants} />
          <Insights insights={view.detail.insights} />
          <Segments store={store} />
        </main>
      );
  }
}

function Header({ detail }: { detail: Omit<ConversationDetail, "segments"> }) {
  const c = detail.conversation;
  const minutes = c.durationSeconds === null ? null : `${Math.max(1, Math.round(c.durationSeconds / 60))} min`;
  return (
    <header class="head">
      <h1>{c.title}</h1>
      <p class="muted">
        {[sourceKindLabel(c.kind), formatDate(c.startedAt), minutes, c.source].filter(Boolean).join(" · ")}
      </p>
    </header>
  );
}

function Participants({ participants }: { participants: ConversationDetail["participants"] }) {
  return (
    <section class="section" aria-label="Participants">
      <h2>Participants</h2>
      <div class="sides">
        {SIDES.map(({ side, title }) => {
          const people = participants.filter((p) => p.side === side);
          if (side === "unknown" && people.length === 0) return null;
          return (
            <div key={side} class="side">
              <h3>{title}</h3>
              {people.length === 0 ? (
                <p class="muted">Nobody.</p>
              ) : (
                <ul>
                  {people.map((p) => (
                    <li key={`${p.email ?? ""}:${p.name}`}>
                      {p.name}
                      {p.email && <span class="muted"> · {p.email}</span>}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          );
        })}
      </div>
    </section>
  );
}

function Insights({ insights }: { insights: ConversationDetail["insights"] }) {
  return (
    <section class="section" aria-label="Insights">
      <h2>Insights</h2>
      {insights.length === 0 ? (
        <p class="muted">No insights from this conversation.</p>
      ) : (
        <ul class="insights">
          {insights.map((insight, i) => (
            <li key={`${i}:${insight.kind}`}>
              <span class="kind">{insight.kind.replaceAll("_", " ")}</span> {insight.text}
              {insight.startMs !== null && <span class="muted"> · {clock(insight.startMs)}</span>}
              {insight.quote && <blockquote>“{insight.quote}”</blockquote>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Segments({ store }: { store: TranscriptStore }) {
  const view = store.view.value;
  const hitRef = useRef<HTMLLIElement>(null);
  const moreRef = useRef<HTMLButtonElement>(null);
  const scrolled = useRef(false);
  const segments = view.kind === "ready" ? view.segments : [];
  const hit = segmentAt(segments, store.t);

  // Once, when the moment is first on the page: bring it to the middle of the window.
  useEffect(() => {
    if (scrolled.current || !hitRef.current) return;
    scrolled.current = true;
    hitRef.current.scrollIntoView({ block: "center" });
  }, [hit]);

  // Infinite scroll: the next page loads when "Load more" comes into view (the button still works).
  const canLoad = view.kind === "ready" && view.nextCursor !== null && !view.moreError;
  useEffect(() => {
    const button = moreRef.current;
    if (!canLoad || !button || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void store.loadMore();
    });
    observer.observe(button);
    return () => observer.disconnect();
  }, [canLoad, segments.length, store]);

  if (view.kind !== "ready") return null;
  return (
    <section class="section" aria-label="Transcript">
      <h2>Transcript</h2>
      {segments.length === 0 ? (
        <p class="muted">This conversation has no transcript.</p>
      ) : (
        <ol class="segments">
          {segments.map((segment) => {
            const isHit = segment === hit;
            return (
              <li
                key={segment.seq}
                ref={isHit ? hitRef : undefined}
                class={isHit ? "segment hit" : "segment"}
                aria-current={isHit ? "true" : undefined}
              >
                <span class="speaker">{segment.speaker ?? "Unknown speaker"}</span>
                <span class="time">{clock(segment.startMs)}</span>
                <p class="text">{segment.text}</p>
              </li>
            );
          })}
        </ol>
      )}
      {view.moreError && <InlineError>{view.moreError}</InlineError>}
      {view.nextCursor !== null && (
        <Button ref={moreRef} disabled={view.loadingMore} onClick={() => void store.loadMore()}>
          {view.loadingMore ? "Loading…" : "Load more"}
        </Button>
      )}
    </section>
  );
}
