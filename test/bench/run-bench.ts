// `pnpm bench`: prints the figures recorded in docs/benchmarks.md. One file per section in
// test/bench/sections/; the HTTP sections share one wrangler dev (local D1, R2, Queues).

import { createOrg } from "../support/api.ts";
import { startLocalWorker } from "../support/local-worker.ts";
import type { HttpBenchContext } from "./bench-context.ts";
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
  const ctx: HttpBenchContext = {
    baseUrl: worker.baseUrl,
    persistDir: worker.persistDir,
    orgId: org.org.id,
    token,
    get: (path) => async () => {
      const res = await fetch(`${worker.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`${path}: ${res.status}`);
      await res.arrayBuffer();
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
