import { type LineExtras, recordLine } from "./bench-report.ts";
import { fmt, percentile } from "./stats.ts";

/** Prints one benchmark line (name, p50, p95, number of samples) and records it for the report. */
export function report(name: string, samples: number[], recordAs = name, extras: LineExtras = {}): void {
  const p50 = percentile(samples, 50);
  const p95 = percentile(samples, 95);
  const p99 = extras.p99 !== undefined ? `   p99 ${fmt(extras.p99).padStart(10)}` : "";
  const note = extras.note ? `   ${extras.note}` : "";
  const line = `${name.padEnd(48)} p50 ${fmt(p50).padStart(10)}   p95 ${fmt(p95).padStart(10)}${p99}   (n=${samples.length})${note}`;
  process.stdout.write(`${line}\n`);
  recordLine(recordAs, p50, p95, samples.length, extras);
}

/** Client and Worker times of the same requests, in ms. */
export interface HttpSamples {
  client: number[];
  /** The Worker's own time per answer (its Server-Timing total): the rest is wrangler dev's proxy and the network. */
  worker: number[];
}

/** Prints a client line as report() does, then the Worker's share of the same requests. */
export function reportHttp(name: string, { client, worker }: HttpSamples, extras: LineExtras = {}): void {
  report(name, client, name, extras);
  report("  of which in the Worker (Server-Timing)", worker, `${name}: in the Worker (Server-Timing)`, {
    ...(extras.peer ? { peer: `${extras.peer}: in the Worker (Server-Timing)` } : {}),
  });
}

/** What HTTP sections share: one wrangler dev with one organization and its admin token. */
export interface HttpBenchContext {
  baseUrl: string;
  persistDir: string;
  orgId: string;
  token: string;
  /** GET with the org token; throws on a non-2xx answer and reads the whole body. */
  get(path: string): () => Promise<void>;
  /** GETs `path` `runs` times, one after another, timing each on both sides. */
  sample(path: string, runs: number): Promise<HttpSamples>;
}

// Accounts seeded for the HTTP sections (search, lookup, overview).
export const ACCOUNTS = 10_000;
const words = [
  "acme",
  "globex",
  "initech",
  "umbrella",
  "stark",
  "wayne",
  "tyrell",
  "cyberdyne",
  "soylent",
  "hooli",
  "vandelay",
  "wonka",
];
const suffixes = ["Logistics", "Health", "Software", "Bank", "Retail", "Labs", "Systems", "Foods", "Energy", "Media"];
export const benchAccountName = (i: number) =>
  `${words[i % words.length]} ${suffixes[Math.floor(i / words.length) % suffixes.length]} ${i}`;
export const benchAccountDomain = (i: number) => `${words[i % words.length]}-${i}.example`;

/** D1 rows of one answer, from the `x-d1-rows` headers of a Worker run with BENCH_COUNT_D1_ROWS=true. */
export interface D1Rows {
  read: number;
  written: number;
}

/** Parses "read=12, written=3, statements=4"; null when the Worker does not count. */
export function parseD1Rows(header: string | null): D1Rows | null {
  const read = /read=(\d+)/.exec(header ?? "")?.[1];
  const written = /written=(\d+)/.exec(header ?? "")?.[1];
  return read === undefined || written === undefined ? null : { read: Number(read), written: Number(written) };
}
