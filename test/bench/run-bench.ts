// `pnpm bench`: prints the figures recorded in docs/benchmarks.md.
//   1. account search ranking (pure, in Node) over 10,000 accounts;
//   2. the accounts API over HTTP against wrangler dev (local D1) with 10,000 accounts seeded.

import { spawnSync } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { executeLocalSql, REPO_ROOT } from "../../scripts/lib/local-stack.ts";
import { rankAccounts } from "../../worker/src/accounts/rank-accounts.ts";
import { analyzeBuiltin } from "../../worker/src/analysis/builtin/builtin-analyzer.ts";
import { loadZoomVttRough, realCallContext } from "../quality/data.ts";
import { createOrg } from "../support/api.ts";
import { startLocalWorker } from "../support/local-worker.ts";
import { hasSharedData, SHARED_DATA_DIR } from "../support/shared-data.ts";
import { fmt, measure, percentile } from "./stats.ts";

const ACCOUNTS = 10_000;
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
const nameOf = (i: number) =>
  `${words[i % words.length]} ${suffixes[Math.floor(i / words.length) % suffixes.length]} ${i}`;
const domainOf = (i: number) => `${words[i % words.length]}-${i}.example`;

const rows: string[] = [];
function report(name: string, samples: number[]) {
  const line = `${name.padEnd(48)} p50 ${fmt(percentile(samples, 50)).padStart(10)}   p95 ${fmt(percentile(samples, 95)).padStart(10)}   (n=${samples.length})`;
  rows.push(line);
  process.stdout.write(`${line}\n`);
}

// Extension budget: the content script (injected on every CRM and Gmail page) at most 20 KB gzipped.
{
  const contentScript = join(REPO_ROOT, "extension/.output/chrome-mv3/content-scripts/sidebar.js");
  if (!existsSync(contentScript)) {
    spawnSync(process.execPath, ["node_modules/wxt/bin/wxt.mjs", "build"], {
      cwd: join(REPO_ROOT, "extension"),
      stdio: "ignore",
    });
  }
  const gz = gzipSync(readFileSync(contentScript)).length;
  process.stdout.write(`content script (sidebar.js) gzipped: ${(gz / 1024).toFixed(1)} KB (budget 20 KB)\n`);
}

// 1. Ranking alone.
const candidates = Array.from({ length: ACCOUNTS }, (_, i) => ({
  id: `a${i}`,
  name: nameOf(i),
  domains: [domainOf(i)],
  lastActivityAt: i,
}));
report("rankAccounts, 10k accounts, 'initech'", await measure(50, () => rankAccounts("initech", candidates, 25)));
report(
  "rankAccounts, 10k accounts, typo 'umbrela hea'",
  await measure(50, () => rankAccounts("umbrela hea", candidates, 25)),
);

// Built-in analysis of the real Zoom call (when the reference data is present).
if (hasSharedData) {
  const transcript = loadZoomVttRough();
  const context = realCallContext(transcript);
  for (let i = 0; i < 5; i++) analyzeBuiltin(transcript, context);
  report(
    `builtin analyzer, real Zoom call (${transcript.segments.length} cues)`,
    await measure(30, () => analyzeBuiltin(transcript, context)),
  );
} else {
  process.stdout.write(`[skipped] analyzer benchmark: no reference data at ${SHARED_DATA_DIR}\n`);
}

// 2. Over HTTP.
const ZOOM_SECRET = "bench-zoom-secret";
const worker = await startLocalWorker({ vars: { ZOOM_WEBHOOK_SECRET_TOKEN: ZOOM_SECRET } });
try {
  const org = await createOrg(worker.baseUrl, worker.operatorToken, {
    name: "Bench",
    domains: [],
    admin: { email: "b@bench.example", name: "B" },
  });
  const orgId = org.org.id;
  const now = Date.now();
  const sql: string[] = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const id = `acct_bench_${i}`;
    sql.push(
      `INSERT INTO accounts (id, organization_id, name, normalized_name, last_activity_at, created_at, updated_at) VALUES ('${id}', '${orgId}', '${nameOf(i)}', '${nameOf(i).toLowerCase()}', ${now - i * 1000}, ${now}, ${now});`,
      `INSERT INTO account_domains (organization_id, domain, account_id) VALUES ('${orgId}', '${domainOf(i)}', '${id}');`,
    );
  }
  const file = join(worker.persistDir, `bench-${randomBytes(4).toString("hex")}.sql`);
  writeFileSync(file, sql.join("\n"));
  await executeLocalSql(file, worker.persistDir, join(worker.persistDir, ".."));
  const token = org.apiToken.token;
  const get = (path: string) => async () => {
    const res = await fetch(`${worker.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    await res.arrayBuffer();
  };
  await measure(5, get("/api/v1/accounts?q=acme")); // warm-up
  report("GET /accounts (my accounts), 10k accounts", await measure(100, get("/api/v1/accounts")));
  report("GET /accounts?q=initech, 10k accounts", await measure(100, get("/api/v1/accounts?q=initech")));
  report("GET /accounts?q=umbrela (typo), 10k accounts", await measure(100, get("/api/v1/accounts?q=umbrela")));
  report(
    "GET /accounts/lookup?domain=, 10k accounts",
    await measure(100, get(`/api/v1/accounts/lookup?domain=${domainOf(4242)}`)),
  );
  report("GET /me", await measure(100, get("/api/v1/me")));

  // Account overview with 10,000 conversations (8 insights each) spread over a year on one account.
  const overviewAccount = "acct_bench_0";
  const kinds = ["topic", "topic", "topic", "win", "issue", "objection", "next_step", "sentiment"];
  const topicsPool = [
    "pricing",
    "export timeouts",
    "sso",
    "onboarding",
    "renewal",
    "mobile app",
    "reporting",
    "support",
  ];
  const overviewSql: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    const convId = `conv_bench_${i}`;
    const startedAt = now - Math.floor((i / 10_000) * 365) * 86_400_000 - (i % 86_400) * 1000;
    overviewSql.push(
      `INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, account_id, routing, status, created_at, updated_at) VALUES ('${convId}', '${orgId}', 'zoom_meeting', '${convId}', 'Call ${i}', ${startedAt}, '${overviewAccount}', 'auto', 'analyzed', ${now}, ${now});`,
    );
    const values = kinds.map((kind, k) => {
      const text =
        kind === "topic" ? topicsPool[(i + k) % topicsPool.length] : kind === "sentiment" ? "neutral" : `${kind} ${i}`;
      return `('ins_b_${i}_${k}', '${orgId}', '${convId}', '${overviewAccount}', '${kind}', '${text}', 'Quote ${i}.', ${k * 1000}, ${kind === "sentiment" ? 0.1 : "NULL"}, 'builtin@1', ${startedAt + k * 1000}, ${now})`;
    });
    overviewSql.push(
      `INSERT INTO insights (id, organization_id, conversation_id, account_id, kind, text, quote, start_ms, confidence, analyzer, occurred_at, created_at) VALUES ${values.join(", ")};`,
    );
  }
  const overviewFile = join(worker.persistDir, `bench-overview-${randomBytes(4).toString("hex")}.sql`);
  writeFileSync(overviewFile, overviewSql.join("\n"));
  await executeLocalSql(overviewFile, worker.persistDir, join(worker.persistDir, ".."));
  for (const period of ["30d", "365d"]) {
    await measure(3, get(`/api/v1/accounts/${overviewAccount}/overview?period=${period}`));
    report(
      `GET overview?period=${period}, 10k conversations`,
      await measure(30, get(`/api/v1/accounts/${overviewAccount}/overview?period=${period}`)),
    );
  }

  // Zoom webhook acknowledgement: verify, archive to R2, index, answer (no connection: archive-only path).
  let n = 0;
  const webhook = async () => {
    n++;
    const body = JSON.stringify({
      event: "recording.transcript_completed",
      event_ts: 1_700_000_000_000 + n,
      payload: { account_id: "bench-account", object: { uuid: `bench-${n}`, recording_files: [] } },
    });
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await fetch(`${worker.baseUrl}/webhooks/zoom`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-zm-request-timestamp": ts,
        "x-zm-signature": `v0=${createHmac("sha256", ZOOM_SECRET).update(`v0:${ts}:${body}`).digest("hex")}`,
      },
      body,
    });
    if (!res.ok) throw new Error(`webhook: ${res.status}`);
    await res.arrayBuffer();
  };
  const acks = await measure(200, webhook);
  report("POST /webhooks/zoom ack (archive + index)", acks);
  rows.push(`  p99 ${fmt(percentile(acks, 99))}`);
  process.stdout.write(`${"".padEnd(48)} p99 ${fmt(percentile(acks, 99))}\n`);
} finally {
  await worker.stop();
}
// WebVTT reading throughput (real files when present, and a synthetic 10 MB file).
process.stdout.write("\n");
spawnSync(process.execPath, ["--expose-gc", "worker/src/transcripts/bench-vtt.node.ts"], {
  stdio: "inherit",
  cwd: REPO_ROOT,
});
process.stdout.write(
  `\nMachine: ${process.arch}, Node ${process.version}. Copy the lines above into docs/benchmarks.md.\n`,
);
