// An open-loop load generator: requests start on a fixed schedule (rate per second) whether or not
// earlier ones have answered, as webhooks arrive from Zoom, and each latency is measured from its
// scheduled start, so a server that falls behind shows it (no coordinated omission, which a
// closed-loop tool that waits for answers before sending more would hide).

export interface LoadResult {
  rate: number;
  /** Requests that answered 2xx, in ms from their scheduled start. */
  latencies: number[];
  errors: number;
  /** Completed requests per second over the run (answers, not schedule). */
  achieved: number;
}

export async function openLoop(
  rate: number,
  seconds: number,
  request: (n: number) => Promise<Response>,
): Promise<LoadResult> {
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let n = 0; n < total; n++) {
    const due = started + n * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      request(n).then(
        async (res) => {
          await res.arrayBuffer();
          if (res.ok) latencies.push(performance.now() - due);
          else errors++;
        },
        () => {
          errors++;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  return { rate, latencies, errors, achieved: latencies.length / elapsed };
}
