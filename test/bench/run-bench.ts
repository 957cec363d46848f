// `pnpm bench`: prints the figures recorded in docs/benchmarks.md. One file per section in
// test/bench/sections/; the HTTP sections share one wrangler dev (local D1, R2, Queues).

import { createOrg } from "../support/api.ts";
import { startLocalWorker } from "../support/local-worker.ts";
import type { HttpBenchContext, HttpSamples } from "./bench-context.ts";
import { benchAccountOverview } from "./sections/account-overview.ts";
import { benchAccountRanking } from "./sections/account-ranking.ts";
import { benchAccountsApi, seedBenchAccounts } from "./sections/accounts-api.ts";
import { benchBuiltinAnalyzer } from "./sections/builtin-analyzer.ts";
import { benchContentScriptSize } from "./sections/content-script-size.ts";
import { benchSidebarTiming } from "./sections/sidebar-timing.ts";
import { benchVttReading } from "./sections/vtt-reading.ts";
import { BENCH_ZOOM_SECRET, benchZoomWebhookAck } from "./sections/zoom-webhook-ack.ts";

benchContentScriptSize();
await benchAccountRanking();
await benchBuiltinAnalyzer();

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
  await seedBenchAccounts(ctx);
  await benchAccountsApi(ctx);
  await benchAccountOverview(ctx);
  await benchZoomWebhookAck(ctx);
} finally {
  await worker.stop();
}

process.stdout.write("\n");
await benchSidebarTiming();

process.stdout.write("\n");
benchVttReading();
process.stdout.write(
  `\nMachine: ${process.arch}, Node ${process.version}. Copy the lines above into docs/benchmarks.md.\n`,
);
