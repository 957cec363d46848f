// Full-text search (`GET /api/v1/search`) and the account overview at scale: one organization with
// 10,000 conversations and 1,000,000 transcript segments (test/bench/seed/scale-seed.ts), measured
// beside the `GET /me` floor of the same wrangler dev and the same minutes. Goals (issue 16 item 4):
// search p95 under 50 ms, overview p95 under 25 ms.
import { DatabaseSync } from "node:sqlite";
import { startLocalWorker } from "../../support/local-worker.ts";
import { type HttpSamples, reportHttp } from "../bench-context.ts";
import { recordCounter } from "../bench-report.ts";
import { localD1File } from "../seed/local-d1-file.ts";
import { type ScaleOrg, scaleOrg, seedScaleOrg } from "../seed/scale-seed.ts";

/** D1 bytes the scale organization takes (SQLite's dbstat over the file, which holds only it now). */
function recordD1Bytes(persistDir: string, org: ScaleOrg): void {
  const sqlite = new DatabaseSync(localD1File(persistDir), { readOnly: true });
  const rows = sqlite.prepare("SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name").all() as Array<{
    name: string;
    bytes: number;
  }>;
  sqlite.close();
  const segmentTables = (n: string) => n.startsWith("transcript_segments");
  const segmentBytes = rows.filter((r) => segmentTables(r.name)).reduce((n, r) => n + r.bytes, 0);
  const otherBytes = rows.filter((r) => !segmentTables(r.name)).reduce((n, r) => n + r.bytes, 0);
  const segments = org.conversations * org.segmentsPerConversation;
  recordCounter(
    "D1 bytes per transcript segment (row, FTS5 index, indexes)",
    segmentBytes / segments,
    "bytes",
    `dbstat of the scale seed (${segments.toLocaleString("en-US")} segments of ~97 characters)`,
  );
  recordCounter(
    "D1 bytes per conversation besides its segments (row, 8 insights, 3 participants, rollups)",
    otherBytes / org.conversations,
    "bytes",
    "dbstat of the scale seed: every other table and index ÷ conversations",
  );
}

export interface ScaleSearch {
  org: ScaleOrg;
  beforeStart(persistDir: string): Promise<void>;
}

/** The organization of that size, seeded (or restored from the cache) before wrangler dev starts: call first. */
export function prepareScaleSearch(conversations: number, segmentsPerConversation: number): ScaleSearch {
  const org = scaleOrg(conversations, segmentsPerConversation);
  return {
    org,
    async beforeStart(persistDir) {
      const { seconds, cached } = seedScaleOrg(persistDir, org);
      recordD1Bytes(persistDir, org);
      process.stdout.write(
        `(${cached ? "restored" : "seeded"} ${org.conversations} conversations x ${org.segmentsPerConversation} segments in ${seconds.toFixed(1)} s)\n`,
      );
    },
  };
}

/** The queries: a common word, a phrase, a prefix, two words, the account filters and a later page. */
export function searchQueries(org: ScaleOrg): Array<[string, string]> {
  return [
    ["q=pricing", "word"],
    ['q="export timeouts"', "phrase"],
    ["q=integ*", "prefix"],
    ["q=renewal discount", "two words"],
    [`q=pricing&accountId=${org.smallAccountId}`, "word, small account"],
    [`q=pricing&accountId=${org.bigAccountId}`, "word, big account"],
    ["q=pricing&cursor=100", "word, 6th page"],
  ];
}

export async function benchTranscriptSearch(baseUrl: string, { org }: ScaleSearch, samples: number): Promise<void> {
  const size = `${org.conversations / 1000}k conv / ${(org.conversations * org.segmentsPerConversation) / 1000}k segments`;
  const timed = async (path: string) => {
    const started = performance.now();
    const res = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${org.token}` } });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { hits?: unknown[]; wins?: unknown };
    // (The small account of the quick seed has one or two conversations: a filter may rightly find none.)
    if (path.startsWith("/api/v1/search?q") && !path.includes("accountId") && !body.hits?.length)
      throw new Error(`${path}: nothing found`);
    const client = performance.now() - started;
    const dur = /total;(?:[^,]*;)?dur=([0-9.]+)/.exec(res.headers.get("server-timing") ?? "")?.[1];
    if (dur === undefined) throw new Error(`${path}: no Server-Timing total`);
    return { client, worker: Number(dur) };
  };
  const sample = async (path: string, runs: number): Promise<HttpSamples> => {
    const out: HttpSamples = { client: [], worker: [] };
    for (let i = 0; i < runs; i++) {
      const t = await timed(path);
      out.client.push(t.client);
      out.worker.push(t.worker);
    }
    return out;
  };
  const searches = searchQueries(org).map(([query, kind]) => [
    `/api/v1/search?${query.replace(/ /g, "%20").replace(/"/g, "%22")}`,
    `GET /search?${query.replace(/&accountId=.*/, "&accountId")} (${kind}), ${size}`,
  ]);
  const overview = (period: string) => `/api/v1/accounts/${org.bigAccountId}/overview?period=${period}`;
  const overviews = ["30d", "365d"].map((p) => [
    overview(p),
    `GET overview?period=${p}, account of ${org.conversations / 2000}k conv`,
  ]);
  // Warm-up: the first reads of a large database file and the code's first runs are not what is measured.
  for (let i = 0; i < 10; i++) await timed("/api/v1/me");
  for (const [path] of [...searches, ...overviews]) for (let i = 0; i < 3; i++) await timed(path as string);
  const floor = "GET /me (floor), scale org";
  reportHttp(floor, await sample("/api/v1/me", samples));
  for (const [path, name] of searches)
    reportHttp(name as string, await sample(path as string, samples), { peer: floor, reference: "goal p95 < 50 ms" });
  for (const [path, name] of overviews)
    reportHttp(name as string, await sample(path as string, samples), { peer: floor, reference: "goal p95 < 25 ms" });
}

// Run alone: node test/bench/sections/transcript-search.ts [conversations] [segments per conversation] [samples]
if (import.meta.url === `file://${process.argv[1]}`) {
  const prepared = prepareScaleSearch(Number(process.argv[2] ?? 10_000), Number(process.argv[3] ?? 100));
  const worker = await startLocalWorker({ beforeStart: (dir) => prepared.beforeStart(dir) });
  try {
    await benchTranscriptSearch(worker.baseUrl, prepared, Number(process.argv[4] ?? 50));
  } finally {
    await worker.stop();
  }
}
