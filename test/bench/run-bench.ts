// `pnpm bench`: measures every section and writes docs/benchmarks.md with a table and an SVG chart
// per section (test/bench/bench-report.ts). One file per section in test/bench/sections/; the HTTP
// sections share one wrangler dev (local D1, R2, Queues), the search and call-to-insight sections
// start their own.
//   --runs N   repeat every section N times (the report gives median, min and max over the runs)
//   --quick    small sizes and few samples, report in artifacts/bench/ (the test command runs this
//              so that the benchmarks cannot rot; numbers never fail it)
//   --only a,b run only these groups: pure, search (account search, transcript search and overview
//              at scale), call, shared (accounts API, overview, webhook ack), load (webhook acks
//              under load beside /healthz, CPU per ack), extension (content script size, sidebar in
//              Chromium), vtt
import { join } from "node:path";
import { REPO_ROOT } from "../../scripts/lib/local-stack.ts";
import { createOrg } from "../support/api.ts";
import { startLocalWorker } from "../support/local-worker.ts";
import type { HttpBenchContext, HttpSamples } from "./bench-context.ts";
import { beginRun, beginSection, writeReport } from "./bench-report.ts";
import { benchAccountOverview } from "./sections/account-overview.ts";
import { benchAccountRanking } from "./sections/account-ranking.ts";
import { benchAccountSearch, prepareSearchOrgs } from "./sections/account-search.ts";
import { benchAccountsApi, seedBenchAccounts } from "./sections/accounts-api.ts";
import { benchBuiltinAnalyzer } from "./sections/builtin-analyzer.ts";
import { benchCallToInsight, startCallToInsightZoom } from "./sections/call-to-insight.ts";
import { benchContentScriptSize } from "./sections/content-script-size.ts";
import { benchSidebarTiming } from "./sections/sidebar-timing.ts";
import { benchTranscriptSearch, prepareScaleSearch } from "./sections/transcript-search.ts";
import { benchVttReading } from "./sections/vtt-reading.ts";
import { benchWebhookLoad, benchWebhookLoadOn } from "./sections/webhook-load.ts";
import { BENCH_ZOOM_SECRET, benchZoomWebhookAck } from "./sections/zoom-webhook-ack.ts";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const runsAt = args.indexOf("--runs");
const runs = runsAt >= 0 ? Math.max(1, Number(args[runsAt + 1]) || 1) : 1;
const GROUPS = ["pure", "search", "call", "shared", "load", "extension", "vtt"] as const;
const onlyAt = args.indexOf("--only");
const only = onlyAt >= 0 ? new Set((args[onlyAt + 1] ?? "").split(",")) : null;
for (const group of only ?? []) {
  if (!(GROUPS as readonly string[]).includes(group))
    throw new Error(`--only: unknown group ${group} (${GROUPS.join(", ")})`);
}
const QUICK_LOAD = { rates: [20], bareRates: [], seconds: 2, cpuSamples: 20 };
const runs_ = (group: (typeof GROUPS)[number]) =>
  only ? only.has(group) : !quick || ["pure", "search", "call", "load"].includes(group);

/** The sections that share one wrangler dev with 10,000 accounts and the overview's 10,000 conversations. */
async function benchSharedWorker(): Promise<void> {
  const worker = await startLocalWorker({ vars: { ZOOM_WEBHOOK_SECRET_TOKEN: BENCH_ZOOM_SECRET } });
  try {
    const org = await createOrg(worker.baseUrl, worker.operatorToken, {
      name: "Bench",
      domains: [],
      admin: { email: "b@bench.example", name: "B" },
    });
    const token = org.apiToken.token;
    /** GET with the org token: the whole body read, and the Worker's Server-Timing total. */
    const fetchTimed = async (path: string): Promise<number> => {
      const res = await fetch(`${worker.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`${path}: ${res.status}`);
      await res.arrayBuffer();
      const dur = /total;(?:[^,]*;)?dur=([0-9.]+)/.exec(res.headers.get("server-timing") ?? "")?.[1];
      if (dur === undefined) throw new Error(`${path}: no Server-Timing total`);
      return Number(dur);
    };
    const ctx: HttpBenchContext = {
      baseUrl: worker.baseUrl,
      persistDir: worker.persistDir,
      orgId: org.org.id,
      token,
      get: (path) => async () => {
        await fetchTimed(path);
      },
      sample: async (path, runs) => {
        const samples: HttpSamples = { client: [], worker: [] };
        for (let i = 0; i < runs; i++) {
          const started = performance.now();
          const worker = await fetchTimed(path);
          samples.client.push(performance.now() - started);
          samples.worker.push(worker);
        }
        return samples;
      },
    };
    beginSection("Accounts API, 10,000 accounts (shared wrangler dev)");
    await seedBenchAccounts(ctx);
    await benchAccountsApi(ctx);
    beginSection("Account overview, 10,000 conversations");
    await benchAccountOverview(ctx);
    beginSection("Zoom webhook acknowledgement");
    await benchZoomWebhookAck(ctx);
  } finally {
    await worker.stop();
  }
}

for (let run = 0; run < runs; run++) {
  beginRun(run);
  process.stdout.write(`\n# Run ${run + 1} of ${runs}${quick ? " (quick)" : ""}\n`);
  if (runs_("extension")) benchContentScriptSize();
  if (runs_("pure")) {
    beginSection("Pure code in Node");
    await benchAccountRanking();
    await benchBuiltinAnalyzer();
  }
  if (runs_("search") || runs_("call")) {
    // One wrangler dev for both: the search organizations seeded before it starts, the fake Zoom in its vars.
    const search = prepareSearchOrgs(runs_("search") ? (quick ? [1_000] : [10_000, 100_000]) : []);
    // 10,000 conversations x 100 segments (cached between runs in artifacts/bench/cache); quick: 200 x 50.
    const scale = runs_("search") ? (quick ? prepareScaleSearch(200, 50) : prepareScaleSearch(10_000, 100)) : null;
    const { zoom, vars } = await startCallToInsightZoom();
    const worker = await startLocalWorker({
      vars,
      beforeStart: async (dir) => {
        // First: a cached scale database replaces the whole (freshly migrated) file.
        await scale?.beforeStart(dir);
        await search.beforeStart(dir);
      },
    });
    try {
      if (runs_("search")) {
        beginSection("Account search over HTTP");
        await benchAccountSearch(worker.baseUrl, search, quick ? 10 : 50);
      }
      if (scale) {
        beginSection("Transcript search and overview at scale");
        await benchTranscriptSearch(worker.baseUrl, scale, quick ? 10 : 50);
      }
      if (runs_("call")) {
        beginSection("Call to insight");
        await benchCallToInsight(worker, zoom, quick ? 3 : 20, quick ? 1 : 2);
      }
      if (runs_("load") && quick) {
        // Quick: one short low rate on this wrangler dev (a second one would double the start-up time).
        beginSection("Webhook acknowledgement under load");
        await benchWebhookLoadOn(worker, vars.ZOOM_WEBHOOK_SECRET_TOKEN ?? "", QUICK_LOAD);
      }
    } finally {
      await worker.stop();
      await zoom.close();
    }
  }
  if (runs_("shared")) await benchSharedWorker();
  if (runs_("load") && !(quick && (runs_("search") || runs_("call")))) {
    beginSection("Webhook acknowledgement under load");
    await benchWebhookLoad(
      quick ? QUICK_LOAD : { rates: [50, 100, 200], bareRates: [50, 100, 200, 300, 400], seconds: 5, cpuSamples: 200 },
    );
  }
  if (runs_("extension")) {
    beginSection("Extension sidebar");
    await benchSidebarTiming();
  }
  if (runs_("vtt")) {
    process.stdout.write("\n");
    benchVttReading();
  }
}

const skipped = GROUPS.filter((g) => !runs_(g));
writeReport(quick ? join(REPO_ROOT, "artifacts", "bench", "benchmarks.md") : join(REPO_ROOT, "docs", "benchmarks.md"), {
  quick,
  runs,
  note: [
    "Absolute figures measure a shared machine: this project's agents run on 2 cores that several",
    "other agents load at the same time (see the load averages above), so read ratios within one run",
    "and the spread over runs rather than single numbers. The analysis and history of earlier",
    "sessions' figures: [benchmarks-history.md](benchmarks-history.md).",
    skipped.length
      ? `\nGroups not run for this report (\`--quick\` or \`--only\`): ${skipped.join(", ")}; their latest figures are in the history.`
      : "",
  ].join("\n"),
});
