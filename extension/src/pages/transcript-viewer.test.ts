import type { ConversationDetail } from "@sightline/shared";
import { describe, expect, it } from "vitest";
import { fail, ok, type Request, type Result } from "../shared/messages.ts";
import { transcriptPath } from "../shared/page-urls.ts";
import type { Send } from "../ui/send-message.ts";
import { exportFileName, toPlainText, toVtt, vttTimestamp } from "./transcript-export.ts";
import { findMatches, speakerSide } from "./transcript-find.ts";
import { createTranscriptStore, type Target } from "./transcript-store.ts";

function fakeSend(answer: (request: Request) => Result<unknown>) {
  const calls: Request[] = [];
  const send = (async (request: Request) => {
    calls.push(request);
    return answer(request);
  }) as Send;
  return { send, calls };
}

const seg = (seq: number, startMs: number, endMs: number, text = `s${seq}`, speaker: string | null = "Ada") => ({
  seq,
  speaker,
  startMs,
  endMs,
  text,
});

function page(items: ReturnType<typeof seg>[], nextCursor: number | null): ConversationDetail {
  return {
    conversation: {
      id: "cnv_1",
      title: "QBR",
      source: "zoom",
      kind: "meeting",
      startedAt: "2026-11-20T15:00:00.000Z",
      durationSeconds: 600,
      hostEmail: null,
      accountId: "acc_1",
      routing: "auto",
      status: "analyzed",
    },
    participants: [],
    insights: [],
    segments: { items, nextCursor },
  };
}

/** Three pages: seq 0-1, 2-3, 4. */
const PAGES: Record<number, ConversationDetail> = {
  0: page([seg(0, 0, 5000, "Pricing is fine"), seg(1, 5000, 10_000, "no")], 2),
  2: page([seg(2, 10_000, 15_000, "the PRICING page"), seg(3, 15_000, 20_000, "ok")], 4),
  4: page([seg(4, 20_000, 25_000, "pricing, pricing")], null),
};
const pagedSend = () =>
  fakeSend((r) => (r.type === "getConversation" ? ok(PAGES[r.cursor ?? 0]) : fail("invalid", "unexpected")));

describe("transcript viewer store", () => {
  it("opens at a segment by seq (search results), loading pages until it is here", async () => {
    const { send, calls } = pagedSend();
    const store = createTranscriptStore({ send, conversationId: "cnv_1", t: null, seg: 3 });
    await store.load();
    expect(calls.map((c) => c.type === "getConversation" && c.cursor)).toEqual([0, 2]);
    expect(store.hit.value?.seq).toBe(3);
    expect(transcriptPath("cnv_1", null, 3)).toBe("/transcript.html?conversationId=cnv_1&seg=3");
  });

  it("jumps to an insight's moment: loads up to it, marks it and reports the new target", async () => {
    const { send, calls } = pagedSend();
    const moved: Target[] = [];
    const store = createTranscriptStore({ send, conversationId: "cnv_1", t: null, onTarget: (t) => moved.push(t) });
    await store.load();
    expect(calls).toHaveLength(1);
    expect(store.hit.value).toBeNull();
    await store.jumpTo({ t: 21_000 });
    expect(calls).toHaveLength(3);
    expect(store.hit.value?.seq).toBe(4);
    expect(store.jumps.value).toBe(1);
    expect(moved).toEqual([{ t: 21_000 }]);
  });

  it("finds text across every page, counts matches and steps through them both ways", async () => {
    const { send } = pagedSend();
    const store = createTranscriptStore({ send, conversationId: "cnv_1", t: null });
    await store.load();
    await store.find("pricing");
    // "Pricing" in seq 0, "PRICING" in seq 2 (a later page), twice in seq 4 (the last page).
    expect(store.matches.value.map((m) => m.seq)).toEqual([0, 2, 4, 4]);
    expect(store.matchIndex.value).toBe(0);
    store.stepMatch(-1);
    expect(store.matchIndex.value).toBe(3);
    store.stepMatch(1);
    store.stepMatch(1);
    expect(store.matchIndex.value).toBe(1);
    await store.find("nothing like this");
    expect(store.matches.value).toEqual([]);
    expect(store.matchIndex.value).toBe(-1);
    store.stepMatch(1);
    expect(store.matchIndex.value).toBe(-1);
  });

  it("loads the kept media, says when there is none, and words a failure", async () => {
    const media = [
      { id: "m1", contentType: "audio/mp4", size: 10, url: "http://b/media/x", expiresAt: "2026-12-01T00:00:00.000Z" },
    ];
    let answer: Result<unknown> = ok({ media });
    const { send, calls } = fakeSend(() => answer);
    const store = createTranscriptStore({ send, conversationId: "cnv_1", t: null });
    await store.loadMedia();
    expect(calls).toEqual([{ type: "getConversationMedia", id: "cnv_1" }]);
    expect(store.media.value).toEqual({ kind: "ready", media });
    answer = ok({ media: [] });
    await store.loadMedia();
    expect(store.media.value).toEqual({ kind: "none" });
    answer = fail("network", "down", "http://b");
    await store.loadMedia();
    expect(store.media.value).toEqual({ kind: "error", message: "Cannot reach the Sightline backend at http://b" });
  });
});

describe("find and sides", () => {
  it("matches literally and case-insensitively, without overlaps", () => {
    const segments = [seg(0, 0, 1, "a.b A.B aaa"), seg(1, 1, 2, "(x*")];
    expect(findMatches(segments, "a.b")).toEqual([
      { seq: 0, start: 0, end: 3 },
      { seq: 0, start: 4, end: 7 },
    ]);
    expect(findMatches(segments, "aa")).toEqual([{ seq: 0, start: 8, end: 10 }]);
    expect(findMatches(segments, "(x*")).toEqual([{ seq: 1, start: 0, end: 3 }]);
    expect(findMatches(segments, "   ")).toEqual([]);
  });

  it("colours a speaker by the side of the participant with that name", () => {
    const people = [
      { name: "Ada  Admin", email: null, side: "ours" as const },
      { name: "Tom Buyer", email: null, side: "theirs" as const },
    ];
    expect(speakerSide(people, "ada admin")).toBe("ours");
    expect(speakerSide(people, "Tom Buyer")).toBe("theirs");
    expect(speakerSide(people, "Someone")).toBe("unknown");
    expect(speakerSide(people, null)).toBe("unknown");
  });
});

/**
 * A strict reading of a WebVTT file (the parts of the spec we write): the signature, then cues of an
 * id line, a "start --> end" line with hh:mm:ss.mmm times, and one payload line with no raw "<",
 * "&" outside the voice tag and entities, and no "-->".
 */
function parseVtt(file: string) {
  const [head, ...blocks] = file.trimEnd().split("\n\n");
  expect(head).toBe("WEBVTT");
  const time = /^(\d{2}):(\d{2}):(\d{2})\.(\d{3})$/;
  const ms = (s: string) => {
    const m = time.exec(s);
    if (!m) throw new Error(`bad timestamp ${s}`);
    return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number(m[4]);
  };
  return blocks.map((block) => {
    const lines = block.split("\n");
    expect(lines).toHaveLength(3);
    const [id, timing, payload = ""] = lines;
    const [start = "", end = ""] = (timing ?? "").split(" --> ");
    const voice = /^<v ([^>]*)>/.exec(payload);
    const text = voice ? payload.slice(voice[0].length) : payload;
    expect(text).not.toMatch(/<|>|-->|&(?!amp;|lt;|gt;)/);
    return { id, start: ms(start), end: ms(end), voice: voice?.[1] ?? null, text };
  });
}

describe("transcript downloads", () => {
  const segments = [
    seg(0, 0, 4200, "Hello <b>there</b> & welcome", "Ada"),
    seg(1, 3_725_001, 3_725_001, "line one\n\nline two --> three", null),
  ];

  it("writes WebVTT: a cue per segment with voice, times and escaped text", () => {
    expect(vttTimestamp(3_725_001)).toBe("01:02:05.001");
    const cues = parseVtt(toVtt(segments));
    expect(cues).toEqual([
      { id: "1", start: 0, end: 4200, voice: "Ada", text: "Hello &lt;b&gt;there&lt;/b&gt; &amp; welcome" },
      // A zero-length segment still gets an end after its start; the blank line cannot end the cue early.
      { id: "2", start: 3_725_001, end: 3_725_002, voice: null, text: "line one line two --&gt; three" },
    ]);
    expect(toVtt([])).toBe("WEBVTT\n\n\n");
  });

  it("writes plain text with times and speakers, and safe file names", () => {
    expect(toPlainText({ title: "QBR", startedAt: "2026-11-20T15:00:00.000Z" }, segments)).toBe(
      "QBR\n2026-11-20T15:00:00.000Z\n\n[0:00] Ada: Hello <b>there</b> & welcome\n[1:02:05] Unknown speaker: line one line two --> three\n",
    );
    expect(exportFileName("QBR / Globex: Q4 ", "vtt")).toBe("QBR-Globex-Q4.vtt");
    expect(exportFileName("***", "txt")).toBe("transcript.txt");
  });
});
