// Account overview with 10,000 conversations (8 insights each) spread over a year on one account.
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { executeLocalSql } from "../../../scripts/lib/local-stack.ts";
import { type HttpBenchContext, report } from "../bench-context.ts";
import { measure } from "../stats.ts";

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
  const overviewFile = join(ctx.persistDir, `bench-overview-${randomBytes(4).toString("hex")}.sql`);
  writeFileSync(overviewFile, overviewSql.join("\n"));
  await executeLocalSql(overviewFile, ctx.persistDir, join(ctx.persistDir, ".."));
  for (const period of ["30d", "365d"]) {
    await measure(3, get(`/api/v1/accounts/${overviewAccount}/overview?period=${period}`));
    report(
      `GET overview?period=${period}, 10k conversations`,
      await measure(30, get(`/api/v1/accounts/${overviewAccount}/overview?period=${period}`)),
    );
  }
}
