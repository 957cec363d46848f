import { readdirSync, readFileSync } from "node:fs";
import { sharedDataPath } from "../support/shared-data.ts";

/** Loaders for the reference corpora in ../shared/data (read in place, never copied). */

export type Label3 = "positive" | "neutral" | "negative";
export interface LabelledText {
  text: string;
  label: Label3;
}

/** RFC 4180 CSV (quoted fields, doubled quotes, newlines inside quotes). */
export function parseCsv(source: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (quoted) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && source[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** MELD split ("train" | "dev" | "test"): utterance and its 3-class sentiment. */
export function loadMeld(split: "train" | "dev" | "test"): LabelledText[] {
  const rows = parseCsv(readFileSync(sharedDataPath("sentiment", `meld_${split}.csv`), "utf8"));
  const header = rows[0] ?? [];
  const u = header.indexOf("Utterance");
  const s = header.indexOf("Sentiment");
  return rows
    .slice(1)
    .filter((r) => r.length > Math.max(u, s))
    .map((r) => ({ text: r[u] as string, label: r[s] as Label3 }));
}

/** UCI "Sentiment Labelled Sentences" set ("amazon_cells" | "yelp" | "imdb"): 0 negative, 1 positive. */
export function loadUci(set: "amazon_cells" | "yelp" | "imdb"): { text: string; positive: boolean }[] {
  return readFileSync(sharedDataPath("sentiment", `uci_${set}.txt`), "utf8")
    .split(/\r?\n/)
    .map((line) => /^(.*)\t\s*([01])\s*$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ text: (m[1] as string).trim(), positive: m[2] === "1" }));
}

export interface QmsumMeeting {
  name: string;
  turns: { speaker: string; content: string }[];
  topics: string[];
}

/** The QMSum product-meeting test files with their gold topic lists. */
export function loadQmsum(): QmsumMeeting[] {
  const dir = sharedDataPath("qmsum-product-test");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const json = JSON.parse(readFileSync(`${dir}/${f}`, "utf8")) as {
        meeting_transcripts: { speaker: string; content: string }[];
        topic_list: { topic: string }[];
      };
      return {
        name: f.replace(/\.json$/, ""),
        turns: json.meeting_transcripts,
        topics: json.topic_list.map((t) => t.topic),
      };
    });
}

/** The real 75-minute Zoom transcript, read roughly (cue text lines, `Name: text`), for speed tests only. */
export function loadZoomVttRough(file = "meeting001_transcript.vtt") {
  const text = readFileSync(sharedDataPath("zoom-vtt", file), "utf8");
  const segments: { speaker: string | null; startMs: number; endMs: number; text: string }[] = [];
  const toMs = (t: string) => {
    const [h, m, s] = t.split(":").map(Number) as [number, number, number];
    return Math.round(((h * 60 + m) * 60 + s) * 1000);
  };
  for (const block of text.split(/\r?\n\r?\n/)) {
    const lines = block.split(/\r?\n/);
    const timing = lines.findIndex((l) => l.includes("-->"));
    if (timing < 0) continue;
    const m = /(\d+:\d+:\d+\.\d+)\s+-->\s+(\d+:\d+:\d+\.\d+)/.exec(lines[timing] as string);
    if (!m) continue;
    const body = lines
      .slice(timing + 1)
      .join(" ")
      .trim();
    if (!body) continue;
    const sp = /^([^:]{1,60}):\s+(.*)$/.exec(body);
    segments.push({
      speaker: sp ? (sp[1] as string) : null,
      startMs: toMs(m[1] as string),
      endMs: toMs(m[2] as string),
      text: sp ? (sp[2] as string) : body,
    });
  }
  return { segments };
}

/** Macro-F1 and accuracy over 3 classes. */
export function classificationScores(gold: Label3[], predicted: Label3[]) {
  const classes: Label3[] = ["positive", "neutral", "negative"];
  let correct = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) correct++;
  const perClass = classes.map((c) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < gold.length; i++) {
      if (predicted[i] === c && gold[i] === c) tp++;
      else if (predicted[i] === c) fp++;
      else if (gold[i] === c) fn++;
    }
    const p = tp + fp ? tp / (tp + fp) : 0;
    const r = tp + fn ? tp / (tp + fn) : 0;
    return { label: c, precision: p, recall: r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
  });
  return { accuracy: correct / gold.length, macroF1: perClass.reduce((a, c) => a + c.f1, 0) / 3, perClass };
}

/** The real call has no sides: its first speaker plays "ours", everyone else "theirs". */
export function realCallContext(transcript: ReturnType<typeof loadZoomVttRough>) {
  const speakers = [...new Set(transcript.segments.map((s) => s.speaker).filter((s): s is string => s !== null))];
  return {
    participants: speakers.map((name, i) => ({ name, side: i === 0 ? ("ours" as const) : ("theirs" as const) })),
  };
}

/** A Zoom in-meeting chat export (`hh:mm:ss<TAB>Name:<TAB>text`) as a transcript of one-line segments. */
export function loadZoomChat(file = "meeting003_chat.txt") {
  const toMs = (t: string) => {
    const [h, m, s] = t.split(":").map(Number) as [number, number, number];
    return ((h * 60 + m) * 60 + s) * 1000;
  };
  const segments: { speaker: string | null; startMs: number; endMs: number; text: string }[] = [];
  for (const line of readFileSync(sharedDataPath("zoom-vtt", file), "utf8").split(/\r?\n/)) {
    const m = /^(\d+:\d+:\d+)\t([^\t]+):\t(.*)$/.exec(line);
    if (!m || !(m[3] as string).trim()) continue;
    const startMs = toMs(m[1] as string);
    segments.push({ speaker: m[2] as string, startMs, endMs: startMs + 1000, text: (m[3] as string).trim() });
  }
  return { segments };
}
