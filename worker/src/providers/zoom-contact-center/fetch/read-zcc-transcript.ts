import type { TranscriptSegment } from "@sightline/shared";
import { readZoomVtt } from "../../../transcripts/read-zoom-vtt.ts";

/**
 * A Contact Center transcript file as the shared Transcript shape. Zoom's format is unverified
 * (../shared/notes/providers.md: JSON or VTT), so both are read, told apart by content type and
 * content: a VTT (voice/video recording transcripts), or JSON holding a list of messages or
 * utterances (messaging, e-mail, voicemail, and what a Flow event script posts). Each segment's
 * speaker is named; `sides` says which speakers are the agent's side (ours) and the consumer's (theirs).
 */
export interface ZccTranscript {
  segments: TranscriptSegment[];
  /** Speaker label -> side, for those the file said (agent = ours, consumer = theirs). */
  sides: Map<string, "ours" | "theirs">;
}

export type ReadZccResult = { ok: true; transcript: ZccTranscript } | { ok: false; error: string };

const TEXT_KEYS = ["text", "content", "message", "body", "sentence", "msg"];
const NAME_KEYS = ["speaker_name", "display_name", "sender_name", "user_name", "name", "speaker", "sender", "from"];
const ROLE_KEYS = ["role", "speaker_type", "sender_type", "user_type", "participant_type", "type", "from"];
const START_KEYS = ["start_ms", "start_time", "startTime", "ts", "timestamp", "time", "date_time", "send_time"];
const END_KEYS = ["end_ms", "end_time", "endTime"];
const LIST_KEYS = ["transcript", "transcripts", "messages", "timeline", "utterances", "contents", "result", "data"];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function firstString(item: Json, keys: readonly string[]): string | null {
  for (const key of keys) {
    const v = item[key];
    if (typeof v === "string" && v.trim()) return v.trim();
    if (isObject(v)) {
      const nested = firstString(v, ["display_name", "name", "user_name", "type", "role"]);
      if (nested) return nested;
    }
  }
  return null;
}

/** The side a role word names: agents (and the flow's bot) are ours, consumers theirs. */
export function sideOfRole(role: string | null): "ours" | "theirs" | null {
  if (!role) return null;
  const r = role.toLowerCase();
  if (/consumer|customer|visitor|guest|client|caller|end_?user|contact/.test(r)) return "theirs";
  if (/agent|staff|employee|supervisor|bot|system|queue/.test(r)) return "ours";
  return null;
}

/** A time as milliseconds: epoch (ms or s), an ISO date, or an offset "hh:mm:ss(.mmm)" / seconds. */
function timeOf(value: unknown, key: string): { epochMs?: number; offsetMs?: number } | null {
  if (typeof value === "number" && Number.isFinite(value)) {
    if (value > 1e11) return { epochMs: value };
    if (value > 1e9) return { epochMs: value * 1000 };
    return { offsetMs: key.endsWith("_ms") ? value : value * 1000 };
  }
  if (typeof value !== "string" || !value.trim()) return null;
  const clock = /^(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?$/.exec(value.trim());
  if (clock) {
    const [, h, m, s, frac] = clock;
    return {
      offsetMs: ((Number(h ?? 0) * 60 + Number(m)) * 60 + Number(s)) * 1000 + Number((frac ?? "0").padEnd(3, "0")),
    };
  }
  if (/^\d+(\.\d+)?$/.test(value.trim())) return timeOf(Number(value), key);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : { epochMs: at };
}

function firstTime(item: Json, keys: readonly string[]) {
  for (const key of keys) {
    const t = timeOf(item[key], key);
    if (t) return t;
  }
  return null;
}

/** The list of messages in a JSON document: the document itself, or the first list under a known key. */
function findMessages(doc: unknown, depth = 0): Json[] | null {
  if (Array.isArray(doc)) {
    const items = doc.filter(isObject);
    return items.some((i) => firstString(i, TEXT_KEYS)) ? items : null;
  }
  if (!isObject(doc) || depth > 4) return null;
  for (const key of LIST_KEYS) {
    if (key in doc) {
      const found = findMessages(doc[key], depth + 1);
      if (found) return found;
    }
  }
  return null;
}

export function readZccJson(doc: unknown, startedAtMs?: number): ReadZccResult {
  const messages = findMessages(doc);
  if (!messages) return { ok: false, error: "the JSON transcript holds no list of messages" };
  const sides = new Map<string, "ours" | "theirs">();
  const rows = messages.flatMap((m) => {
    const text = firstString(m, TEXT_KEYS);
    if (!text) return [];
    const roleText = firstString(m, ROLE_KEYS);
    const side = sideOfRole(roleText);
    // A name field may hold a role word instead ("agent"): that is no name. "Alex Agent" is one.
    const isRoleWord = (v: string) => /^\S+$/.test(v.trim()) && sideOfRole(v) !== null;
    const named = NAME_KEYS.map((k) => m[k]).find((v) => typeof v === "string" && v.trim() && !isRoleWord(v));
    const speaker =
      (typeof named === "string" ? named.trim() : null) ??
      (side === "ours" ? "Agent" : side === "theirs" ? "Customer" : null);
    if (speaker && side && !sides.has(speaker)) sides.set(speaker, side);
    return [{ text, speaker, start: firstTime(m, START_KEYS), end: firstTime(m, END_KEYS) }];
  });
  if (rows.length === 0) return { ok: false, error: "the JSON transcript has no text" };
  const epochs = rows.flatMap((r) => (r.start?.epochMs === undefined ? [] : [r.start.epochMs]));
  const origin = startedAtMs !== undefined && epochs.every((e) => e >= startedAtMs) ? startedAtMs : Math.min(...epochs);
  const toOffset = (t: { epochMs?: number; offsetMs?: number } | null) =>
    t === null ? null : t.offsetMs !== undefined ? t.offsetMs : Math.max(0, (t.epochMs ?? origin) - origin);
  let previous = 0;
  const segments = rows.map((r) => {
    const start = Math.max(previous, toOffset(r.start) ?? previous);
    const end = Math.max(start, toOffset(r.end) ?? start);
    previous = start;
    return { speaker: r.speaker, startMs: Math.round(start), endMs: Math.round(end), text: r.text };
  });
  return { ok: true, transcript: { segments, sides } };
}

/** A downloaded transcript file, told apart by its content type and content. */
export function readZccTranscript(body: string, contentType: string | null, startedAtMs?: number): ReadZccResult {
  const trimmed = body.replace(/^\uFEFF/, "").trim();
  if (!trimmed) return { ok: false, error: "the transcript file is empty" };
  const looksJson = /json/i.test(contentType ?? "") || /^[[{]/.test(trimmed);
  if (looksJson && !trimmed.startsWith("WEBVTT")) {
    let doc: unknown;
    try {
      doc = JSON.parse(trimmed);
    } catch {
      return { ok: false, error: "the transcript is not valid JSON" };
    }
    return readZccJson(doc, startedAtMs);
  }
  const vtt = readZoomVtt(trimmed);
  if (!vtt.ok) return { ok: false, error: `the transcript is neither JSON nor a readable VTT (${vtt.error.message})` };
  return { ok: true, transcript: { segments: vtt.transcript.segments, sides: new Map() } };
}
