import type { ConversationDetail } from "@sightline/shared";
import { useEffect, useRef } from "preact/hooks";
import { Button } from "../ui/Button.tsx";
import { formatDate, formatMoment, sourceKindLabel } from "../ui/format.ts";
import { MarkedText } from "../ui/MarkedText.tsx";
import { ErrorState, InlineError, LoadingState, SignedOutState } from "../ui/states.tsx";
import { TranscriptTools } from "./TranscriptTools.tsx";
import { speakerSide } from "./transcript-find.ts";
import type { TranscriptStore } from "./transcript-store.ts";

/** "12:05" (or "1:02:03"): formatMoment without its "at ". */
export function clock(ms: number): string {
  return (formatMoment(ms) ?? "").replace(/^at /, "");
}

const SIDES = [
  { side: "theirs", title: "Their side" },
  { side: "ours", title: "Our side" },
  { side: "unknown", title: "Not matched" },
] as const;

/** The side in words beside each speaker: the colour is never the only cue (WCAG 1.4.1). */
const SIDE_TAG = { ours: "our side", theirs: "their side", unknown: null } as const;

/** Every server value is JSX text (Preact escapes it); nothing here sets HTML. */
export function TranscriptPage({ store }: { store: TranscriptStore }) {
  const view = store.view.value;
  const title = view.kind === "ready" ? view.detail.conversation.title : null;
  const player = useRef<HTMLMediaElement>(null);
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
          <div class="viewer">
            <div class="reading">
              <TranscriptTools store={store} />
              <Segments store={store} />
            </div>
            <aside class="side-list" aria-label="About this conversation">
              <Insights store={store} player={player} />
              <ContactCenter detail={view.detail} />
              <Media store={store} player={player} />
            </aside>
          </div>
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
            <div key={side} class={`side ${side}`}>
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

type PlayerRef = { current: HTMLMediaElement | null };

/** Each insight with its moment: "Jump to m:ss" scrolls the transcript there (and the player, if any). */
function Insights({ store, player }: { store: TranscriptStore; player: PlayerRef }) {
  const view = store.view.value;
  if (view.kind !== "ready") return null;
  const insights = view.detail.insights;
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
              {insight.quote && <blockquote>“{insight.quote}”</blockquote>}
              {insight.startMs !== null && (
                <Button
                  variant="link"
                  aria-label={`Jump to ${clock(insight.startMs)}: ${insight.text}`}
                  onClick={() => {
                    const t = insight.startMs ?? 0;
                    if (player.current) player.current.currentTime = t / 1000;
                    void store.jumpTo({ t });
                  }}
                >
                  Jump to {clock(insight.startMs)}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A Contact Center engagement's dispositions and the agents' notes, when the backend has them. */
function ContactCenter({ detail }: { detail: Omit<ConversationDetail, "segments"> }) {
  const cc = detail.contactCenter;
  if (!cc || (cc.dispositions.length === 0 && cc.notes.length === 0)) return null;
  return (
    <section class="section" aria-label="Contact Center">
      <h2>Contact Center</h2>
      {cc.dispositions.length > 0 && <p>Disposition: {cc.dispositions.join(", ")}</p>}
      {cc.notes.length > 0 && (
        <>
          <h3>Agent notes</h3>
          <ul class="notes">
            {cc.notes.map((note, i) => (
              <li key={i}>{note}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** The kept recording, played from its signed link (GET /media/{token} on the backend). */
function Media({ store, player }: { store: TranscriptStore; player: PlayerRef }) {
  const media = store.media.value;
  if (media.kind === "loading" || media.kind === "none") return null;
  return (
    <section class="section" aria-label="Recording">
      <h2>Recording</h2>
      {media.kind === "error" ? (
        <InlineError>{media.message}</InlineError>
      ) : (
        media.media.map((item, i) => {
          const label = media.media.length > 1 ? `Recording ${i + 1}` : "Recording";
          return (
            <div key={item.id} class="media">
              {item.contentType.startsWith("video/") ? (
                // biome-ignore lint/a11y/useMediaCaption: the transcript beside it is the caption
                <video
                  ref={
                    i === 0
                      ? (el) => {
                          player.current = el;
                        }
                      : undefined
                  }
                  controls
                  preload="metadata"
                  src={item.url}
                  aria-label={label}
                />
              ) : (
                // biome-ignore lint/a11y/useMediaCaption: the transcript beside it is the caption
                <audio
                  ref={
                    i === 0
                      ? (el) => {
                          player.current = el;
                        }
                      : undefined
                  }
                  controls
                  preload="metadata"
                  src={item.url}
                  aria-label={label}
                />
              )}
              <p class="muted">
                The link works until {new Date(item.expiresAt).toLocaleTimeString()}; reload the page for a new one.
              </p>
            </div>
          );
        })
      )}
    </section>
  );
}

function Segments({ store }: { store: TranscriptStore }) {
  const view = store.view.value;
  const moreRef = useRef<HTMLButtonElement>(null);
  const segments = view.kind === "ready" ? view.segments : [];
  const participants = view.kind === "ready" ? view.detail.participants : [];
  const hit = store.hit.value;
  const matches = store.matches.value;
  const current = matches[store.matchIndex.value] ?? null;
  const jumps = store.jumps.value;

  // The target (URL or a jump) to the middle of the window: once when it first shows, then per jump.
  const scrolledFor = useRef(-1);
  useEffect(() => {
    if (!hit || scrolledFor.current === jumps) return;
    scrolledFor.current = jumps;
    document.getElementById(`seg-${hit.seq}`)?.scrollIntoView({ block: "center" });
  }, [hit, jumps]);

  // The current find match into view.
  useEffect(() => {
    if (current) document.getElementById(`seg-${current.seq}`)?.scrollIntoView({ block: "center" });
  }, [current]);

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
            const side = speakerSide(participants, segment.speaker);
            const ranges = matches
              .filter((m) => m.seq === segment.seq)
              .map((m) => ({ start: m.start, end: m.end, current: m === current }));
            return (
              <li
                key={segment.seq}
                id={`seg-${segment.seq}`}
                class={`segment ${side}${isHit ? " hit" : ""}`}
                aria-current={isHit ? "true" : undefined}
              >
                <span class={`speaker ${side}`}>{segment.speaker ?? "Unknown speaker"}</span>
                {SIDE_TAG[side] && <span class="side-tag muted">{SIDE_TAG[side]}</span>}
                <span class="time">{clock(segment.startMs)}</span>
                <p class="text">
                  <MarkedText text={segment.text} ranges={ranges} />
                </p>
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
