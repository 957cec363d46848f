// Account overview with 10,000 conversations (8 insights and 3 participants each) spread over a
// year on one account. The day and week rollups are built the way the backfills of migrations 0003
// and 0004 build them (rebuildAllRollupsSql, the same SQL the analysis job runs per conversation).
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { executeLocalSql } from "../../../scripts/lib/local-stack.ts";
import { rebuildAllRollupsSql } from "../../../worker/src/insights/rollups.ts";
import { type HttpBenchContext, reportHttp } from "../bench-context.ts";
import { measure } from "../stats.ts";

const CONVERSATIONS = 10_000;
const PERIODS = ["7d", "30d", "90d", "365d", "all"] as const;

export async function benchAccountOverview(ctx: HttpBenchContext): Promise<void> {
  const { get, orgId } = ctx;
  const now = Date.now();
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
  // The customer's people and ours: each call has two of theirs and one rep.
  const theirs = Array.from({ length: 12 }, (_, n) => ({ name: `Buyer ${n}`, email: `buyer${n}@acme.example` }));
  const ours = Array.from({ length: 4 }, (_, n) => ({ name: `Rep ${n}`, email: `rep${n}@ourco.example` }));
  const overviewSql: string[] = [];
  for (let i = 0; i < CONVERSATIONS; i++) {
    const convId = `conv_bench_${i}`;
    const startedAt = now - Math.floor((i / CONVERSATIONS) * 365) * 86_400_000 - (i % 86_400) * 1000;
    overviewSql.push(
      `INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, account_id, routing, status, created_at, updated_at) VALUES ('${convId}', '${orgId}', 'zoom_meeting', '${convId}', 'Call ${i}', ${startedAt}, '${overviewAccount}', 'auto', 'analyzed', ${now}, ${now});`,
    );
    const people = [
      { ...theirs[i % theirs.length], side: "theirs" },
      { ...theirs[(i * 7 + 3) % theirs.length], side: "theirs" },
      { ...ours[i % ours.length], side: "ours" },
    ];
    overviewSql.push(
      `INSERT INTO participants (id, organization_id, conversation_id, name, email, side) VALUES ${people
        .map((p, n) => `('prt_b_${i}_${n}', '${orgId}', '${convId}', '${p.name}', '${p.email}', '${p.side}')`)
        .join(", ")};`,
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
  overviewSql.push(...rebuildAllRollupsSql(orgId));
  const overviewFile = join(ctx.persistDir, `bench-overview-${randomBytes(4).toString("hex")}.sql`);
  writeFileSync(overviewFile, overviewSql.join("\n"));
  await executeLocalSql(overviewFile, ctx.persistDir, join(ctx.persistDir, ".."));
  // The floor under the same conditions (right after this large seed, before the overview lines):
  // the wrangler dev proxy and the token lookup every request pays. The first seconds after writing
  // the 47 MB seed are slow for every request, so the warm-up is longer than for the other lines.
  await measure(30, get("/api/v1/me"));
  reportHttp("GET /me (floor, after the overview seed)", await ctx.sample("/api/v1/me", 50));
  // Warm every period before measuring any: otherwise the first line also pays for the overview
  // code's first runs (JIT) and the first reads of the seeded pages, which the later lines do not.
  const pathOf = (period: string) => `/api/v1/accounts/${overviewAccount}/overview?period=${period}`;
  for (const period of PERIODS) await measure(10, get(pathOf(period)));
  for (const period of PERIODS) {
    const path = pathOf(period);
    await measure(5, get(path));
    reportHttp(`GET overview?period=${period}, 10k conversations`, await ctx.sample(path, 50), {
      peer: "GET /me (floor, after the overview seed)",
      reference: "goal p95 < 25 ms",
    });
  }
}
