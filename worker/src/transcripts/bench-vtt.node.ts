// VTT reading: throughput and correctness against the npm parsers people reach for, side by side
// (`pnpm bench` runs this file; `node --expose-gc worker/src/transcripts/bench-vtt.node.ts` alone).
// MB here means 1,000,000 bytes of UTF-8. Set SIGHTLINE_SHARED_DATA to read the real Zoom files from
// elsewhere than ../shared/data. The peers are devDependencies of the test workspace (never in the
// Worker bundle), so they are loaded from there.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parseVtt } from "./parse-vtt.ts";
import { readZoomVtt } from "./read-zoom-vtt.ts";
import { syntheticZoomVtt } from "./synthetic-zoom-vtt.ts";

/** A cue as every parser is compared: times in milliseconds, text lines joined with "\n". */
interface Cue {
  startMs: number;
  endMs: number;
  text: string;
}

const fromTestWorkspace = createRequire(new URL("../../../test/package.json", import.meta.url));
const peer = <T>(name: string): T => fromTestWorkspace(name) as T;
const nodeWebvtt = peer<{
  parse(input: string, options?: { strict?: boolean }): { cues: Array<{ start: number; end: number; text: string }> };
}>("node-webvtt");
const subtitle = peer<{
  parseSync(input: string): Array<{ type: string; data: { start: number; end: number; text: string } | string }>;
}>("subtitle");
const plussub = peer<{ parse(raw: string): { entries: Array<{ from: number; to: number; text: string }> } }>(
  "@plussub/srt-vtt-parser",
);
const version = (name: string) => (fromTestWorkspace(`${name}/package.json`) as { version: string }).version;

const seconds = (s: number) => Math.round(s * 1000);

/** Each parser as used by someone reading Zoom files: its most lenient mode, its cues normalized. */
const parsers: Array<{ name: string; cues: (vtt: string) => Cue[]; time?: (vtt: string) => unknown }> = [
  {
    name: "Sightline parseVtt",
    cues: (vtt) => {
      const parsed = parseVtt(vtt);
      if (!parsed.ok) throw new Error(parsed.error.message);
      return parsed.cues.map((c) => ({ startMs: c.startMs, endMs: c.endMs, text: c.text }));
    },
    time: parseVtt,
  },
  {
    name: `node-webvtt ${version("node-webvtt")}`,
    cues: (vtt) =>
      nodeWebvtt
        .parse(vtt, { strict: false })
        .cues.map((c) => ({ startMs: seconds(c.start), endMs: seconds(c.end), text: c.text })),
  },
  {
    name: `subtitle ${version("subtitle")} parseSync`,
    cues: (vtt) =>
      subtitle
        .parseSync(vtt)
        .flatMap((node) =>
          node.type === "cue" && typeof node.data === "object"
            ? [{ startMs: node.data.start, endMs: node.data.end, text: node.data.text }]
            : [],
        ),
  },
  {
    name: `@plussub/srt-vtt-parser ${version("@plussub/srt-vtt-parser")}`,
    cues: (vtt) => plussub.parse(vtt).entries.map((e) => ({ startMs: e.from, endMs: e.to, text: e.text })),
  },
];

/**
 * The quirks of real Zoom files, one small file each, with the cues a correct reader gets from it.
 * A parser "reads" a quirk when it returns exactly these cues (times and text, line ends aside).
 */
const quirks: Array<{ name: string; vtt: string; cues: Cue[] }> = [
  {
    name: "BOM",
    vtt: "\uFEFFWEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nHello there.\n",
    cues: [{ startMs: 1000, endMs: 2000, text: "Hello there." }],
  },
  {
    name: "CRLF",
    vtt: "WEBVTT\r\n\r\n1\r\n00:00:01.000 --> 00:00:02.000\r\nOne.\r\n\r\n2\r\n00:00:03.000 --> 00:00:04.000\r\nTwo.\r\n",
    cues: [
      { startMs: 1000, endMs: 2000, text: "One." },
      { startMs: 3000, endMs: 4000, text: "Two." },
    ],
  },
  {
    name: "unnumbered cues",
    vtt: "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nOne.\n\n00:00:03.000 --> 00:00:04.000\nTwo.\n",
    cues: [
      { startMs: 1000, endMs: 2000, text: "One." },
      { startMs: 3000, endMs: 4000, text: "Two." },
    ],
  },
  {
    name: "missing blank line",
    vtt: "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nOne.\n2\n00:00:03.000 --> 00:00:04.000\nTwo.\n\n3\n00:00:05.000 --> 00:00:06.000\nThree.\n",
    cues: [
      { startMs: 1000, endMs: 2000, text: "One." },
      { startMs: 3000, endMs: 4000, text: "Two." },
      { startMs: 5000, endMs: 6000, text: "Three." },
    ],
  },
  {
    name: "--> in text",
    vtt: "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nLegal signs --> then procurement.\n",
    cues: [{ startMs: 1000, endMs: 2000, text: "Legal signs --> then procurement." }],
  },
  {
    name: "hours >= 100",
    vtt: "WEBVTT\n\n1\n100:00:01.000 --> 100:00:02.500\nLate.\n",
    cues: [{ startMs: 360_001_000, endMs: 360_002_500, text: "Late." }],
  },
  {
    name: "NOTE block",
    vtt: "WEBVTT\n\nNOTE exported by Zoom\nsecond note line\n\n1\n00:00:01.000 --> 00:00:02.000\nOne.\n",
    cues: [{ startMs: 1000, endMs: 2000, text: "One." }],
  },
  {
    name: "multi-line text",
    vtt: "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nDr. Melissa Ko: first line\nsecond line\n",
    cues: [{ startMs: 1000, endMs: 2000, text: "Dr. Melissa Ko: first line\nsecond line" }],
  },
];

const normalize = (text: string) => text.replace(/\r\n?/g, "\n").trim();
const sameCues = (got: Cue[], want: Cue[]) =>
  got.length === want.length &&
  got.every(
    (c, i) => c.startMs === want[i]?.startMs && c.endMs === want[i]?.endMs && normalize(c.text) === want[i]?.text,
  );

function lostQuirks(parser: (typeof parsers)[number]): string[] {
  return quirks.flatMap((quirk) => {
    try {
      return sameCues(parser.cues(quirk.vtt), quirk.cues) ? [] : [quirk.name];
    } catch {
      return [`${quirk.name} (throws)`];
    }
  });
}

/** Cues a correct reader finds: one per timing line (a line that starts with "hh:mm:ss.mmm -->"). */
const timingLines = (vtt: string) =>
  vtt.match(/^(?:\d{2,}:)?\d{2}:\d{2}\.\d{3}[ \t]+-->[ \t]+(?:\d{2,}:)?\d{2}:\d{2}\.\d{3}/gm)?.length ?? 0;

const dataDir = process.env.SIGHTLINE_SHARED_DATA ?? new URL("../../../../shared/data", import.meta.url).pathname;
const vttDir = `${dataDir}/zoom-vtt`;
const realFiles = existsSync(vttDir)
  ? readdirSync(vttDir)
      .filter((f) => f.endsWith(".vtt"))
      .sort()
      .map((f) => ({ name: f, vtt: readFileSync(`${vttDir}/${f}`, "utf8") }))
  : [];
if (realFiles.length === 0) process.stdout.write(`[skipped] real Zoom files: none found in ${vttDir}\n`);
const synthetic = syntheticZoomVtt(10 * 1024 * 1024);

/** Median milliseconds of `run(vtt)`, after a warm-up; rounds scale down with the input's size. */
function medianMs(run: (vtt: string) => unknown, vtt: string): number {
  const bytes = Buffer.byteLength(vtt, "utf8");
  const rounds = Math.max(15, Math.min(200, Math.round(50_000_000 / bytes)));
  for (let i = 0; i < 3; i++) run(vtt);
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    run(vtt);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

interface Measured {
  mbPerSecond: number | null;
  cues: number | null;
  failure?: string;
}

/** Throughput over a set of files (total bytes / sum of per-file medians) and cues read, or why it failed. */
function measure(
  run: (vtt: string) => unknown,
  count: (vtt: string) => number,
  files: Array<{ vtt: string }>,
): Measured {
  let bytes = 0;
  let ms = 0;
  let cues = 0;
  try {
    for (const file of files) {
      cues += count(file.vtt);
      ms += medianMs(run, file.vtt);
      bytes += Buffer.byteLength(file.vtt, "utf8");
    }
  } catch (err) {
    return { mbPerSecond: null, cues: null, failure: `throws: ${(err as Error).message.slice(0, 60)}` };
  }
  return { mbPerSecond: bytes / 1e6 / (ms / 1000), cues };
}

const realBytes = realFiles.reduce((n, f) => n + Buffer.byteLength(f.vtt, "utf8"), 0);
const realExpected = realFiles.reduce((n, f) => n + timingLines(f.vtt), 0);
process.stdout.write(
  `WebVTT reading. Real files: ${realFiles.length} in ${vttDir} (${(realBytes / 1e6).toFixed(2)} MB, ${realExpected} cues); ` +
    `synthetic: ${(Buffer.byteLength(synthetic.vtt) / 1e6).toFixed(2)} MB, ${synthetic.cues} cues, every quirk.\n\n`,
);

const rows: Array<{ name: string; real: Measured; big: Measured; lost: string[] }> = [];
for (const parser of parsers) {
  const run = parser.time ?? parser.cues;
  const count = (vtt: string) => parser.cues(vtt).length;
  rows.push({
    name: parser.name,
    real: realFiles.length ? measure(run, count, realFiles) : { mbPerSecond: null, cues: null, failure: "skipped" },
    big: measure(run, count, [synthetic]),
    lost: lostQuirks(parser),
  });
}
const fullReader = {
  real: realFiles.length
    ? measure(readZoomVtt, () => Number.NaN, realFiles)
    : { mbPerSecond: null, cues: null, failure: "skipped" },
  big: measure(readZoomVtt, () => Number.NaN, [synthetic]),
};

const speed = (m: Measured) => (m.mbPerSecond === null ? (m.failure ?? "n/a") : `${m.mbPerSecond.toFixed(0)} MB/s`);
const cuesOf = (m: Measured, expected: number) =>
  m.cues === null ? "-" : m.cues === expected ? `${m.cues}/${expected}` : `**${m.cues}**/${expected}`;
process.stdout.write(
  "| parser | real files | cues read (real) | synthetic 10 MB | cues read (10 MB) | quirks read correctly |\n",
);
process.stdout.write("| --- | --- | --- | --- | --- | --- |\n");
for (const row of rows) {
  const quirkCell = row.lost.length
    ? `${quirks.length - row.lost.length}/${quirks.length}, loses: ${row.lost.join(", ")}`
    : `${quirks.length}/${quirks.length}`;
  process.stdout.write(
    `| ${row.name} | ${speed(row.real)} | ${cuesOf(row.real, realExpected)} | ${speed(row.big)} | ${cuesOf(row.big, synthetic.cues)} | ${quirkCell} |\n`,
  );
}
process.stdout.write(
  `| Sightline readZoomVtt (cues, speakers, utterances) | ${speed(fullReader.real)} | | ${speed(fullReader.big)} | | |\n\n`,
);

// The goal: at least 2x the fastest peer that reads every quirk and every cue correctly.
const ours = rows[0];
const correctPeers = rows
  .slice(1)
  .filter(
    (r) => r.lost.length === 0 && r.big.cues === synthetic.cues && (!realFiles.length || r.real.cues === realExpected),
  );
for (const input of ["real", "big"] as const) {
  if (input === "real" && !realFiles.length) continue;
  const label = input === "real" ? "real files" : "10 MB file";
  const best = correctPeers
    .filter((r) => r[input].mbPerSecond !== null)
    .sort((a, b) => (b[input].mbPerSecond ?? 0) - (a[input].mbPerSecond ?? 0))[0];
  if (!best || !ours?.[input].mbPerSecond) {
    process.stdout.write(`${label}: no peer reads every quirk and cue correctly\n`);
    continue;
  }
  const ratio = ours[input].mbPerSecond / (best[input].mbPerSecond ?? 1);
  const full = (fullReader[input].mbPerSecond ?? 0) / (best[input].mbPerSecond ?? 1);
  process.stdout.write(
    `${label}: parseVtt is ${ratio.toFixed(1)}x ${best.name} (fastest fully correct peer), readZoomVtt ${full.toFixed(1)}x; goal 2x: ${ratio >= 2 ? "met" : "NOT met"}\n`,
  );
}

// Memory: heap held by each result of reading the 10 MB file, after GC.
const gc = (globalThis as { gc?: () => void }).gc;
if (gc) {
  const holders: Array<{ name: string; run: (vtt: string) => unknown }> = [
    ...parsers.map((p) => ({ name: p.name, run: p.time ?? p.cues })),
    { name: "Sightline readZoomVtt", run: readZoomVtt },
  ];
  const held: string[] = [];
  for (const holder of holders) {
    gc();
    const before = process.memoryUsage().heapUsed;
    let kept: unknown[] = [];
    try {
      kept = [holder.run(synthetic.vtt)];
    } catch {
      held.push(`${holder.name} throws`);
      continue;
    }
    gc();
    held.push(`${holder.name} ${((process.memoryUsage().heapUsed - before) / 1e6).toFixed(0)} MB`);
    kept.length = 0;
  }
  process.stdout.write(`\nHeap held by the result of the 10 MB file: ${held.join("; ")}\n`);
} else {
  process.stdout.write("(run with --expose-gc to measure the heap held by results)\n");
}
