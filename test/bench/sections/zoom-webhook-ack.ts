// Zoom webhook acknowledgement: verify, archive to R2, index, answer (no connection: archive-only path).
import { createHmac } from "node:crypto";
import { type HttpBenchContext, report } from "../bench-context.ts";
import { fmt, measure, percentile } from "../stats.ts";

export const BENCH_ZOOM_SECRET = "bench-zoom-secret";

export async function benchZoomWebhookAck(ctx: HttpBenchContext): Promise<void> {
  let n = 0;
  const webhook = async () => {
    n++;
    const body = JSON.stringify({
      event: "recording.transcript_completed",
      event_ts: 1_700_000_000_000 + n,
      payload: { account_id: "bench-account", object: { uuid: `bench-${n}`, recording_files: [] } },
    });
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await fetch(`${ctx.baseUrl}/webhooks/zoom`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-zm-request-timestamp": ts,
        "x-zm-signature": `v0=${createHmac("sha256", BENCH_ZOOM_SECRET).update(`v0:${ts}:${body}`).digest("hex")}`,
      },
      body,
    });
    if (!res.ok) throw new Error(`webhook: ${res.status}`);
    await res.arrayBuffer();
  };
  const acks = await measure(200, webhook);
  report("POST /webhooks/zoom ack (archive + index)", acks, undefined, {
    p99: percentile(acks, 99),
    reference: "Zoom: answer within 3 s",
  });
  process.stdout.write(`${"".padEnd(48)} p99 ${fmt(percentile(acks, 99))}\n`);
}
