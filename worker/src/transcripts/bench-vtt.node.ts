// VTT reading throughput, run with Node: `node worker/src/transcripts/bench-vtt.node.ts`
// (figures in README.md; to be wired into `pnpm bench`). MB here means 1,000,000 bytes of UTF-8.
// Set SIGHTLINE_SHARED_DATA to point at the reference data elsewhere than ../shared/data.
import { existsSync, readFileSync } from "node:fs";
import { parseVtt } from "./parse-vtt.ts";
import { readZoomVtt } from "./read-zoom-vtt.ts";
import { syntheticZoomVtt } from "./synthetic-zoom-vtt.ts";

const dataDir = process.env.SIGHTLINE_SHARED_DATA ?? new URL("../../../../shared/data", import.meta.url).pathname;
const realPath = `${dataDir}/zoom-vtt/meeting001_transcript.vtt`;

const inputs: Array<{ name: string; vtt: string }> = [];
if (existsSync(realPath)) inputs.push({ name: "real 75-minute Zoom file", vtt: readFileSync(realPath, "utf8") });
else process.stdout.write(`[skipped] real file: not found at ${realPath}\n`);
inputs.push({ name: "synthetic 10 MB Zoom file", vtt: syntheticZoomVtt(10 * 1024 * 1024).vtt });

const readers: Array<{ name: string; run: (vtt: string) => unknown }> = [
  { name: "parseVtt (cues only)", run: parseVtt },
  { name: "readZoomVtt (cues, speakers, merge)", run: readZoomVtt },
];

for (const input of inputs) {
  const bytes = Buffer.byteLength(input.vtt, "utf8");
  const rounds = Math.max(21, Math.min(200, Math.round(50_000_000 / bytes)));
  for (const reader of readers) {
    for (let i = 0; i < 3; i++) reader.run(input.vtt); // warm up
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const start = performance.now();
      reader.run(input.vtt);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] ?? Number.NaN;
    const mbPerSecond = bytes / 1e6 / (median / 1000);
    process.stdout.write(
      `${input.name} (${(bytes / 1e6).toFixed(2)} MB), ${reader.name}: ${mbPerSecond.toFixed(0)} MB/s, median ${median.toFixed(2)} ms (n=${rounds})\n`,
    );
  }
}

// Memory: heap held by the result of reading the 10 MB file (its cues or its transcript), after GC.
const gc = (globalThis as { gc?: () => void }).gc;
if (gc) {
  const big = inputs.at(-1)?.vtt ?? "";
  for (const reader of readers) {
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept = [reader.run(big)];
    gc();
    const held = process.memoryUsage().heapUsed - before;
    process.stdout.write(`10 MB file, ${reader.name}: result holds ${(held / 1e6).toFixed(0)} MB of heap\n`);
    kept.length = 0;
  }
} else {
  process.stdout.write("(run with --expose-gc to measure the heap held by results)\n");
}
