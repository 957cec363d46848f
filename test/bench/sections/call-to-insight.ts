// Call to insight: a signed `recording.transcript_completed` for a 30-message call, from the
// webhook's acknowledgement to the call's insights visible in the account overview, through the
// real local stack (wrangler dev: local Queues, D1, R2) and a fake Zoom on 127.0.0.1 serving the VTT
// and the participant report. Stages come from the rows' own timestamps (the Worker's clock, the
// same machine's as this client's): stored (conversation row written: queue wait, download, parse,
// participants, store), analyzed (insights written with their rollups) and seen by the poller.
import { type FakeZoom, type FakeZoomParticipant, startFakeZoom } from "../../fakes/fake-zoom.ts";
import { apiFetch, createOrg } from "../../support/api.ts";
import { queryLocalD1 } from "../../support/local-d1.ts";
import { type LocalWorker, startLocalWorker } from "../../support/local-worker.ts";
import { deliverZoomEvent } from "../../support/zoom-webhook.ts";
import { type D1Rows, parseD1Rows, report } from "../bench-context.ts";
import { recordCounter } from "../bench-report.ts";
import { cpuNanoseconds, workerdPids } from "../load/workerd-cpu.ts";
import { r2Usage } from "../seed/local-r2-usage.ts";

const SECRET = "bench-call-to-insight-secret";
const APP = { clientId: "s2s-bench", clientSecret: "s2s-bench-secret", accountId: "zoom-acc-bench" };
/** How often the client asks for the overview while waiting (the resolution of the "seen" stage). */
const POLL_MS = 20;

/**
 * Messages per call: 30; BENCH_CALL_CUES sets another count (e.g. 300 beside 30 separates the rows a
 * call costs per transcript segment from its fixed rows, for docs/cost.md).
 */
const CUES = Number(process.env.BENCH_CALL_CUES ?? 30);

/** A 30-message sales call whose win sentence carries `marker`, so the poller knows its insights. */
function callVtt(marker: string): string {
  const lines = [
    "Andrew Knight: Thanks for joining, everyone. Let's review the rollout.",
    `Ringo Starr: The pilot ${marker} went well and the team loves the new dashboard.`,
    "Ringo Starr: Our concern is the price; it is too expensive for next year's budget.",
    "Andrew Knight: Understood. I will send a revised proposal by Friday.",
  ];
  const cues: string[] = [];
  for (let i = 0; i < CUES; i++) {
    const s = i * 5;
    const t = (x: number) => `00:${String(Math.floor(x / 60)).padStart(2, "0")}:${String(x % 60).padStart(2, "0")}.000`;
    cues.push(`${i + 1}\n${t(s)} --> ${t(s + 4)}\n${lines[i % lines.length]}`);
  }
  return `WEBVTT\n\n${cues.join("\n\n")}\n`;
}

const participant = (name: string, email: string, i: number): FakeZoomParticipant => ({
  id: `p${i}`,
  user_id: String(16778240 + i),
  name,
  user_email: email,
  join_time: "2026-09-24T11:35:16Z",
  leave_time: "2026-09-24T12:49:20Z",
  duration: 4400,
});

function transcriptEvent(zoom: FakeZoom, uuid: string, fileId: string) {
  return {
    event: "recording.transcript_completed",
    event_ts: Date.now(),
    download_token: `dl-${fileId}`,
    payload: {
      account_id: APP.accountId,
      object: {
        uuid,
        id: 6840331990,
        host_id: "z8yCxjabcdEFGHfp8uQ",
        host_email: "knightap@bench-ours.example",
        topic: "Rollout review",
        start_time: new Date(Date.now() - 3_600_000).toISOString(),
        duration: 60,
        recording_files: [
          {
            id: fileId,
            recording_start: new Date(Date.now() - 3_600_000).toISOString(),
            recording_end: new Date().toISOString(),
            file_type: "TRANSCRIPT",
            file_extension: "VTT",
            download_url: `${zoom.url}/rec/download/${encodeURIComponent(fileId)}`,
            recording_type: "audio_transcript",
            status: "completed",
          },
        ],
      },
    },
  };
}

/** Starts the fake Zoom the section talks to; its vars go to the wrangler dev the section uses. */
export async function startCallToInsightZoom(): Promise<{ zoom: FakeZoom; vars: Record<string, string> }> {
  const zoom = await startFakeZoom([APP]);
  return {
    zoom,
    vars: {
      ZOOM_OAUTH_BASE: zoom.url,
      ZOOM_API_BASE: `${zoom.url}/v2`,
      ZOOM_WEBHOOK_SECRET_TOKEN: SECRET,
      INGEST_RETRY_BASE_SECONDS: "1",
      // D1 rows read/written per answer and per isolate in headers (docs/cost.md); this wrangler dev
      // also serves the search sections, whose figures then include the counter's small overhead.
      BENCH_COUNT_D1_ROWS: "true",
    },
  };
}

export async function benchCallToInsight(
  worker: Pick<LocalWorker, "baseUrl" | "operatorToken" | "persistDir"> & { pid?: number | undefined },
  zoom: FakeZoom,
  calls: number,
  warmUps = 2,
): Promise<void> {
  {
    const org = await createOrg(worker.baseUrl, worker.operatorToken, {
      name: "Bench calls",
      domains: ["bench-ours.example"],
      admin: { email: "admin@bench-ours.example", name: "Admin" },
    });
    const token = org.apiToken.token;
    await apiFetch(worker.baseUrl, token, "/api/v1/connections/zoom/account", { method: "PUT", body: APP });
    const account = await apiFetch<{ id: string }>(worker.baseUrl, token, "/api/v1/accounts", {
      body: { name: "The Beatles", domains: ["beatles.example"] },
      expectStatus: 201,
    });
    const overviewPath = `/api/v1/accounts/${account.id}/overview?period=30d`;
    const runs: Array<{ uuid: string; ack: number; seen: number; total: number }> = [];
    const pids = worker.pid ? workerdPids(worker.pid) : [];
    let cpuAtFirst = 0;
    let r2AtFirst = { objects: 0, bytes: 0 };
    const d1 = { ack: [] as D1Rows[], overview: [] as D1Rows[], ingest: [] as D1Rows[] };
    for (let i = 0; i < warmUps + calls; i++) {
      if (i === warmUps) {
        cpuAtFirst = cpuNanoseconds(pids);
        r2AtFirst = r2Usage(worker.persistDir);
      }
      const uuid = `bench-call-${i}-${Date.now()}`;
      const marker = `number${i}x`;
      zoom.addFile(`tr-${uuid}`, { content: callVtt(marker), downloadToken: `dl-tr-${uuid}` });
      zoom.setParticipants(uuid, [
        participant("Andrew Knight", "knightap@bench-ours.example", 1),
        participant("Ringo Starr", "ringo@beatles.example", 2),
      ]);
      const sent = performance.now();
      const answer = await deliverZoomEvent(worker.baseUrl, SECRET, transcriptEvent(zoom, uuid, `tr-${uuid}`));
      if (answer.json.status !== "queued") throw new Error(`webhook answered ${JSON.stringify(answer.json)}`);
      const ackWall = Date.now();
      const acked = performance.now();
      const deadline = acked + 30_000;
      // D1 rows: the ack's own; the isolate's total after it and after the last poll, whose
      // difference less the polls' own rows is what the queue consumer read and wrote for the call.
      const ackRows = parseD1Rows(answer.headers.get("x-d1-rows"));
      const isolateAtAck = parseD1Rows(answer.headers.get("x-d1-rows-isolate"));
      const polls = { read: 0, written: 0 };
      let isolateAtSeen: D1Rows | null = null;
      let lastPoll: D1Rows | null = null;
      for (;;) {
        const res = await fetch(`${worker.baseUrl}${overviewPath}`, { headers: { authorization: `Bearer ${token}` } });
        lastPoll = parseD1Rows(res.headers.get("x-d1-rows"));
        polls.read += lastPoll?.read ?? 0;
        polls.written += lastPoll?.written ?? 0;
        isolateAtSeen = parseD1Rows(res.headers.get("x-d1-rows-isolate"));
        if ((await res.text()).includes(marker)) break;
        if (performance.now() > deadline) throw new Error(`call ${i}: no insights after 30 s`);
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
      if (i >= warmUps && ackRows && isolateAtAck && isolateAtSeen && lastPoll) {
        d1.ack.push(ackRows);
        d1.overview.push(lastPoll);
        d1.ingest.push({
          read: isolateAtSeen.read - isolateAtAck.read - polls.read,
          written: isolateAtSeen.written - isolateAtAck.written - polls.written,
        });
      }
      const seen = performance.now();
      if (i >= warmUps) runs.push({ uuid, ack: ackWall, seen: seen - acked, total: seen - sent });
    }
    // What one call costs, from the measured calls only (the overview polling included in the CPU).
    const cpuPerCall = (cpuNanoseconds(pids) - cpuAtFirst) / 1e6 / calls;
    const r2 = r2Usage(worker.persistDir);
    if (pids.length)
      recordCounter(
        "workerd CPU per call (webhook, queue, download, store, analysis, rollups, overview polls)",
        cpuPerCall,
        "ms",
        "schedstat of the workerd processes over the measured calls ÷ calls; includes local D1/R2/Queues",
      );
    recordCounter(
      "R2 objects written per call",
      (r2.objects - r2AtFirst.objects) / calls,
      "objects",
      "files added under the local R2 persist directory ÷ calls",
    );
    recordCounter(
      "R2 bytes written per call",
      (r2.bytes - r2AtFirst.bytes) / calls,
      "bytes",
      "bytes added under the local R2 persist directory ÷ calls (the bench call's VTT is 30 cues)",
    );
    // D1's own row counts (meta.rows_read / rows_written, what Cloudflare bills), docs/cost.md.
    const medianOf = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    const how = "median over the measured calls of D1's meta.rows_read / rows_written (BENCH_COUNT_D1_ROWS)";
    for (const [what, rows] of [
      ["per webhook ack", d1.ack],
      ["per ingest and analysis of one call (queue consumer)", d1.ingest],
      ["per account overview (30 days, the call's account)", d1.overview],
    ] as const) {
      if (rows.length === 0) continue;
      recordCounter(`D1 rows read ${what}`, medianOf(rows.map((r) => r.read)), "rows", how);
      recordCounter(`D1 rows written ${what}`, medianOf(rows.map((r) => r.written)), "rows", how);
    }
    const tableRows = await queryLocalD1<{ name: string; n: number }>(
      worker,
      `SELECT 'transcript_segments' AS name, count(*) AS n FROM transcript_segments WHERE organization_id = '${org.org.id}'
       UNION ALL SELECT 'insights', count(*) FROM insights WHERE organization_id = '${org.org.id}'
       UNION ALL SELECT 'participants', count(*) FROM participants WHERE organization_id = '${org.org.id}'
       UNION ALL SELECT 'webhook_events', count(*) FROM webhook_events WHERE organization_id = '${org.org.id}'
       UNION ALL SELECT 'conversations', count(*) FROM conversations WHERE organization_id = '${org.org.id}'`,
    );
    for (const t of tableRows)
      recordCounter(
        `D1 ${t.name} rows per call`,
        t.n / (warmUps + calls),
        "rows",
        "rows of the bench organization ÷ calls (30-cue call)",
      );
    const rows = await queryLocalD1<{ uuid: string; stored: number; analyzed: number }>(
      worker,
      `SELECT c.external_id AS uuid, c.created_at AS stored, (SELECT max(i.created_at) FROM insights i WHERE i.conversation_id = c.id) AS analyzed
       FROM conversations c WHERE c.organization_id = '${org.org.id}'`,
    );
    const byUuid = new Map(rows.map((r) => [r.uuid, r]));
    const stage = (pick: (run: (typeof runs)[number], row: { stored: number; analyzed: number }) => number) =>
      runs.flatMap((run) => {
        const row = byUuid.get(run.uuid);
        return row ? [pick(run, row)] : [];
      });
    report(
      `call to insight: ack -> visible in overview (${calls} calls)`,
      runs.map((r) => r.seen),
      undefined,
      { reference: "goal < 2 s; DURUM.ai: within 5 min; Chorus: 10 min to 1 h (issue 16)" },
    );
    report(
      "  stage: ack -> stored (queue wait, download, parse, store)",
      stage((run, row) => row.stored - run.ack),
    );
    report(
      "  stage: stored -> insights written (analysis, rollups)",
      stage((_, row) => row.analyzed - row.stored),
    );
    report(
      `  stage: written -> seen by the client (polling every ${POLL_MS} ms)`,
      stage((run, row) => run.seen - (row.analyzed - run.ack)),
    );
    report(
      "  webhook sent -> visible (the ack itself included)",
      runs.map((r) => r.total),
    );
  }
}

// Run alone: node test/bench/sections/call-to-insight.ts [calls]
if (import.meta.url === `file://${process.argv[1]}`) {
  const { zoom, vars } = await startCallToInsightZoom();
  const worker = await startLocalWorker({ vars });
  try {
    await benchCallToInsight(worker, zoom, Number(process.argv[2] ?? 20));
  } finally {
    await worker.stop();
    await zoom.close();
  }
}
