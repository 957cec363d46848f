// The report `pnpm bench` writes: a table per section (median, min and max over the runs of each
// line's p50 and p95) and an SVG chart per section drawn here, no charting dependency.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join, relative } from "node:path";
import { fmt } from "./stats.ts";

/** What a line is compared with: a line measured in the same run, and figures published elsewhere. */
export interface LineExtras {
  /** 99th percentile, where the goal is stated at p99. */
  p99?: number;
  /** Name of a line of the same section and run (the bare endpoint, the /me floor): the table gives p50 ÷ its p50. */
  peer?: string;
  /** A published figure to read beside it (docs/anchors, a provider's deadline), printed as given. */
  reference?: string;
  /** Anything else of the run worth a column: errors, achieved rate. */
  note?: string;
}

export interface BenchLine extends LineExtras {
  run: number;
  section: string;
  name: string;
  p50: number;
  p95: number;
  n: number;
}

const lines: BenchLine[] = [];
let currentSection = "Other";
let currentRun = 0;
const loads: number[] = [];

/** Starts a section: lines reported from now on belong to it. */
export function beginSection(name: string): void {
  currentSection = name;
  process.stdout.write(`\n## ${name}\n`);
}

export function beginRun(run: number): void {
  currentRun = run;
  loads.push(loadavg()[0] ?? 0);
}

export function recordLine(name: string, p50: number, p95: number, n: number, extras: LineExtras = {}): void {
  lines.push({ run: currentRun, section: currentSection, name: name.trim(), p50, p95, n, ...extras });
}

/** A measured quantity that is not a latency (bytes, rows, operations, CPU per call): docs/cost.md and docs/scale.md derive from these. */
export interface BenchCounter {
  run: number;
  name: string;
  value: number;
  unit: string;
  /** How it was measured. */
  how: string;
}

const counters: BenchCounter[] = [];

export function recordCounter(name: string, value: number, unit: string, how: string): void {
  counters.push({ run: currentRun, name, value, unit, how });
  process.stdout.write(`${name.padEnd(60)} ${value.toFixed(value < 10 ? 2 : 0)} ${unit}\n`);
}

/** The lines recorded so far (e.g. for counters derived from them). */
export function recordedLines(): readonly BenchLine[] {
  return lines;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

interface Stat {
  median: number;
  min: number;
  max: number;
}

interface Summary {
  name: string;
  p50: Stat;
  p95: Stat;
  p99: Stat | null;
  /** p50 ÷ the peer's p50 of the same run, over the runs. */
  ratio: { peer: string; stat: Stat } | null;
  reference: string;
  note: string;
  n: number;
  runs: number;
}

function summarize(section: string): Summary[] {
  const names = [...new Set(lines.filter((l) => l.section === section).map((l) => l.name))];
  return names.map((name) => {
    const of = lines.filter((l) => l.section === section && l.name === name);
    const statOf = (values: number[]): Stat => ({
      median: median(values),
      min: Math.min(...values),
      max: Math.max(...values),
    });
    const stat = (pick: (l: BenchLine) => number) => statOf(of.map(pick));
    const p99s = of.flatMap((l) => (l.p99 === undefined ? [] : [l.p99]));
    const peer = of[0]?.peer;
    const ratios = peer
      ? of.flatMap((l) => {
          const p = lines.find((x) => x.run === l.run && x.section === section && x.name === peer);
          return p && p.p50 > 0 ? [l.p50 / p.p50] : [];
        })
      : [];
    return {
      name,
      p50: stat((l) => l.p50),
      p95: stat((l) => l.p95),
      p99: p99s.length ? statOf(p99s) : null,
      ratio: peer && ratios.length ? { peer, stat: statOf(ratios) } : null,
      reference: of.find((l) => l.reference)?.reference ?? "",
      note: [...new Set(of.flatMap((l) => (l.note ? [l.note] : [])))].join("; "),
      n: of[0]?.n ?? 0,
      runs: of.length,
    };
  });
}

const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const escapeMd = (s: string) => s.replace(/\|/g, "\\|");

/** Horizontal bars: p50 median (bar), its min-max over runs (whisker), p95 median (tick). */
export function sectionSvg(title: string, rows: Summary[]): string {
  const labelWidth = 430;
  const plotWidth = 360;
  const rowHeight = 22;
  const top = 34;
  const height = top + rows.length * rowHeight + 30;
  const max = Math.max(1e-9, ...rows.map((r) => Math.max(r.p95.median, r.p50.max)));
  const x = (ms: number) => labelWidth + (ms / max) * plotWidth;
  const parts = rows.map((r, i) => {
    const y = top + i * rowHeight;
    const label = r.name.length > 64 ? `${r.name.slice(0, 61)}...` : r.name;
    return [
      `<text x="${labelWidth - 8}" y="${y + 14}" text-anchor="end">${escapeXml(label)}</text>`,
      `<rect x="${labelWidth}" y="${y + 4}" width="${(x(r.p50.median) - labelWidth).toFixed(1)}" height="12" fill="#4f7cac"/>`,
      `<line x1="${x(r.p50.min).toFixed(1)}" x2="${x(r.p50.max).toFixed(1)}" y1="${y + 10}" y2="${y + 10}" stroke="#1d3557" stroke-width="1.5"/>`,
      `<line x1="${x(r.p95.median).toFixed(1)}" x2="${x(r.p95.median).toFixed(1)}" y1="${y + 2}" y2="${y + 18}" stroke="#e63946" stroke-width="2"/>`,
      `<text x="${(x(Math.max(r.p95.median, r.p50.max)) + 6).toFixed(1)}" y="${y + 14}">${escapeXml(fmt(r.p50.median))}</text>`,
    ].join("");
  });
  const width = labelWidth + plotWidth + 110;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">
<title>${escapeXml(title)}: p50 and p95 per line</title>
<rect width="100%" height="100%" fill="#fff"/>
<text x="8" y="18" font-size="13" font-weight="bold">${escapeXml(title)}</text>
<text x="${labelWidth}" y="${height - 8}" fill="#555">bar: p50 (median of runs), whisker: p50 min-max over runs, red tick: p95 (median); scale 0-${escapeXml(fmt(max))}</text>
${parts.join("\n")}
</svg>
`;
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/** Writes the markdown report at `file` and its charts in a folder beside it. */
export function writeReport(file: string, options: { quick: boolean; runs: number; note: string }): void {
  const chartDir = join(dirname(file), options.quick ? "charts" : "benchmarks");
  mkdirSync(chartDir, { recursive: true });
  const sections = [...new Set(lines.map((l) => l.section))];
  const out: string[] = [
    options.quick ? "# Benchmarks (quick mode)" : "# Benchmarks",
    "",
    `Written by \`pnpm bench${options.quick ? " --quick" : ""}\` (test/bench/run-bench.ts) on ${new Date().toISOString().slice(0, 16)} UTC:`,
    `${options.runs} run(s); each line is the median, min and max over the runs of that line's p50 and p95`,
    `(the p50/p95 of one run come from its samples, n per run). Machine: ${process.arch}, ${cpus().length} cores,`,
    `Node ${process.version}; 1-minute load average at the start of each run: ${loads.map((l) => l.toFixed(1)).join(", ")}, now ${(loadavg()[0] ?? 0).toFixed(1)}.`,
    "",
    options.note,
    "",
  ];
  for (const section of sections) {
    const rows = summarize(section);
    const chart = join(chartDir, `${slug(section)}.svg`);
    writeFileSync(chart, sectionSvg(section, rows));
    out.push(`## ${section}`, "", `![${section}](${relative(dirname(file), chart)})`, "");
    // Optional columns only where a line of the section has them.
    const hasP99 = rows.some((r) => r.p99);
    const hasRatio = rows.some((r) => r.ratio);
    const hasReference = rows.some((r) => r.reference);
    const hasNote = rows.some((r) => r.note);
    const header = ["line", "p50 median", "p50 min", "p50 max", "p95 median", "p95 min", "p95 max"];
    if (hasP99) header.push("p99 median (min-max)");
    if (hasRatio) header.push("p50 ÷ peer of the same run, median (min-max)");
    if (hasReference) header.push("published reference");
    if (hasNote) header.push("notes");
    header.push("n × runs");
    out.push(`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`);
    const range = (s: Stat, f: (n: number) => string) =>
      s.min === s.max ? f(s.median) : `${f(s.median)} (${f(s.min)}-${f(s.max)})`;
    for (const r of rows) {
      const cells = [
        escapeMd(r.name),
        fmt(r.p50.median),
        fmt(r.p50.min),
        fmt(r.p50.max),
        fmt(r.p95.median),
        fmt(r.p95.min),
        fmt(r.p95.max),
      ];
      if (hasP99) cells.push(r.p99 ? range(r.p99, fmt) : "");
      if (hasRatio)
        cells.push(r.ratio ? `${range(r.ratio.stat, (x) => `${x.toFixed(2)}×`)} of ${escapeMd(r.ratio.peer)}` : "");
      if (hasReference) cells.push(escapeMd(r.reference));
      if (hasNote) cells.push(escapeMd(r.note));
      cells.push(`${r.n} × ${r.runs}`);
      out.push(`| ${cells.join(" | ")} |`);
    }
    out.push("");
  }
  const counterNames = [...new Set(counters.map((c) => c.name))];
  if (counterNames.length) {
    out.push("## Counters (per call, per conversation, per request)", "");
    out.push(
      "Measured quantities that are not latencies; [cost.md](cost.md) and [scale.md](scale.md) derive from them.",
      "",
    );
    out.push("| counter | median over runs | min | max | unit | how |", "| --- | --- | --- | --- | --- | --- |");
    for (const name of counterNames) {
      const of = counters.filter((c) => c.name === name);
      const values = of.map((c) => c.value);
      const f = (n: number) => (n < 10 ? n.toFixed(2) : Math.round(n).toLocaleString("en-US"));
      out.push(
        `| ${escapeMd(name)} | ${f(median(values))} | ${f(Math.min(...values))} | ${f(Math.max(...values))} | ${of[0]?.unit} | ${escapeMd(of[0]?.how ?? "")} |`,
      );
    }
    out.push("");
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, out.join("\n"));
  writeFileSync(join(chartDir, "counters.json"), `${JSON.stringify(counters, null, 2)}\n`);
  process.stdout.write(`\nReport: ${relative(process.cwd(), file)} (charts in ${relative(process.cwd(), chartDir)})\n`);
}
