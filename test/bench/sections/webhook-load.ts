// Zoom webhook acknowledgement under load (issue 16 item 2): signed `recording.transcript_completed`
// requests at fixed rates (open loop, test/bench/load/open-loop.ts) on loopback, beside the bare
// `/healthz` of the same wrangler dev at the same rates in the same run, then /healthz alone at
// higher rates to find where the bare endpoint itself saturates. And the CPU that workerd spends
// per acknowledgement (test/bench/load/workerd-cpu.ts), one request at a time.
import { createHmac } from "node:crypto";
import { startLocalWorker } from "../../support/local-worker.ts";
import { report } from "../bench-context.ts";
import { type LoadResult, openLoop } from "../load/open-loop.ts";
import { cpuNanoseconds, workerdPids } from "../load/workerd-cpu.ts";
import { percentile } from "../stats.ts";

export const LOAD_ZOOM_SECRET = "bench-load-zoom-secret";

function signedWebhook(baseUrl: string, n: number, secret: string): Promise<Response> {
  const body = JSON.stringify({
    event: "recording.transcript_completed",
    event_ts: Date.now() * 1000 + n,
    payload: { account_id: "bench-load-account", object: { uuid: `load-${Date.now()}-${n}`, recording_files: [] } },
  });
  const ts = String(Math.floor(Date.now() / 1000));
  return fetch(`${baseUrl}/webhooks/zoom`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-zm-request-timestamp": ts,
      "x-zm-signature": `v0=${createHmac("sha256", secret).update(`v0:${ts}:${body}`).digest("hex")}`,
    },
    body,
  });
}

const healthz = (baseUrl: string) => () => fetch(`${baseUrl}/healthz`);

/** CPU nanoseconds workerd spends per request, one request at a time (nothing else in flight). */
async function cpuPerRequest(pids: number[], count: number, request: (n: number) => Promise<Response>) {
  const ms: number[] = [];
  for (let n = 0; n < count; n++) {
    const before = cpuNanoseconds(pids);
    const res = await request(n);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`status ${res.status}`);
    // workerd finishes its bookkeeping (logs, the archive's last write) just after answering.
    await new Promise((r) => setTimeout(r, 2));
    ms.push((cpuNanoseconds(pids) - before) / 1e6);
  }
  return ms;
}

const loadNote = (r: LoadResult) => `${r.errors} errors, ${r.achieved.toFixed(0)}/s answered of ${r.rate}/s offered`;

export interface WebhookLoadOptions {
  rates: number[];
  bareRates: number[];
  seconds: number;
  cpuSamples: number;
}

/** In its own wrangler dev (nothing else running in it). */
export async function benchWebhookLoad(options: WebhookLoadOptions): Promise<void> {
  const worker = await startLocalWorker({ vars: { ZOOM_WEBHOOK_SECRET_TOKEN: LOAD_ZOOM_SECRET } });
  try {
    await benchWebhookLoadOn(worker, LOAD_ZOOM_SECRET, options);
  } finally {
    await worker.stop();
  }
}

/** On a running wrangler dev whose Zoom webhook secret is `secret` (quick mode reuses one). */
export async function benchWebhookLoadOn(
  worker: { baseUrl: string; pid: number | undefined },
  secret: string,
  options: WebhookLoadOptions,
): Promise<void> {
  {
    const { baseUrl } = worker;
    const signed = (n: number) => signedWebhook(baseUrl, n, secret);
    const pids = worker.pid ? workerdPids(worker.pid) : [];
    // Warm-up: the code's first runs and the first R2 and D1 writes.
    for (let n = 0; n < 20; n++) await (await signed(-n - 1)).arrayBuffer();
    for (let n = 0; n < 20; n++) await (await healthz(baseUrl)()).arrayBuffer();
    if (pids.length) {
      const bare = await cpuPerRequest(pids, options.cpuSamples, healthz(baseUrl));
      const ack = await cpuPerRequest(pids, options.cpuSamples, (n) => signed(1_000_000 + n));
      const reference =
        "Workers free plan: 10 ms CPU per request; goal p99 < 2 ms. Deployed, the dashboard's CPU time excludes the D1/R2/Queues work done here inside workerd";
      report("CPU in workerd per /healthz (the runtime's own share)", bare, undefined, { p99: percentile(bare, 99) });
      report("CPU in workerd per webhook ack (all of it)", ack, undefined, {
        p99: percentile(ack, 99),
        peer: "CPU in workerd per /healthz (the runtime's own share)",
        reference,
      });
      // Per-request difference of the sorted samples: the route's own share, an estimate.
      const sortedBare = [...bare].sort((a, b) => a - b);
      const sortedAck = [...ack].sort((a, b) => a - b);
      const own = sortedAck.map((v, i) => Math.max(0, v - (sortedBare[i] ?? 0)));
      report("CPU per ack beyond /healthz (quantile difference)", own, undefined, { p99: percentile(own, 99) });
    } else {
      process.stdout.write("(no workerd process found: CPU per ack not measured)\n");
    }
    for (const rate of options.rates) {
      const bare = await openLoop(rate, options.seconds, healthz(baseUrl));
      const acks = await openLoop(rate, options.seconds, (n) => signed(rate * 100_000 + n));
      const bareName = `GET /healthz (bare) at ${rate}/s`;
      report(bareName, bare.latencies, undefined, { p99: percentile(bare.latencies, 99), note: loadNote(bare) });
      report(`POST /webhooks/zoom ack at ${rate}/s`, acks.latencies, undefined, {
        p99: percentile(acks.latencies, 99),
        peer: bareName,
        note: loadNote(acks),
        reference: "Zoom: answer within 3 s; goal < 1.5× bare, no errors",
      });
    }
    // Where the bare endpoint saturates: answers fall behind the offered rate, or p50 triples.
    let floor = Number.NaN;
    for (const rate of options.bareRates) {
      const bare = await openLoop(rate, options.seconds, healthz(baseUrl));
      const p50 = percentile(bare.latencies, 50);
      if (Number.isNaN(floor)) floor = p50;
      const saturated = bare.achieved < rate * 0.95 || p50 > 3 * floor;
      report(`GET /healthz alone at ${rate}/s`, bare.latencies, undefined, {
        p99: percentile(bare.latencies, 99),
        note: `${loadNote(bare)}${saturated ? "; saturated" : ""}`,
      });
    }
  }
}

// Run alone: node test/bench/sections/webhook-load.ts
if (import.meta.url === `file://${process.argv[1]}`) {
  await benchWebhookLoad({ rates: [50, 100, 200], bareRates: [50, 100, 200, 300, 400], seconds: 5, cpuSamples: 200 });
}
