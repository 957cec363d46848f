// The accounts API over HTTP (wrangler dev, local D1) with 10,000 accounts seeded.
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { executeLocalSql } from "../../../scripts/lib/local-stack.ts";
import { ACCOUNTS, benchAccountDomain, benchAccountName, type HttpBenchContext, reportHttp } from "../bench-context.ts";
import { measure } from "../stats.ts";

/** Seeds `acct_bench_0` ... `acct_bench_9999` (other sections reuse them). */
export async function seedBenchAccounts(ctx: HttpBenchContext): Promise<void> {
  const now = Date.now();
  const sql: string[] = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const id = `acct_bench_${i}`;
    const name = benchAccountName(i);
    sql.push(
      `INSERT INTO accounts (id, organization_id, name, normalized_name, last_activity_at, created_at, updated_at) VALUES ('${id}', '${ctx.orgId}', '${name}', '${name.toLowerCase()}', ${now - i * 1000}, ${now}, ${now});`,
      `INSERT INTO account_domains (organization_id, domain, account_id) VALUES ('${ctx.orgId}', '${benchAccountDomain(i)}', '${id}');`,
    );
  }
  const file = join(ctx.persistDir, `bench-${randomBytes(4).toString("hex")}.sql`);
  writeFileSync(file, sql.join("\n"));
  await executeLocalSql(file, ctx.persistDir, join(ctx.persistDir, ".."));
}

export async function benchAccountsApi(ctx: HttpBenchContext): Promise<void> {
  const { get, sample } = ctx;
  await measure(5, get("/api/v1/accounts?q=acme")); // warm-up
  reportHttp("GET /accounts (my accounts), 10k accounts", await sample("/api/v1/accounts", 100));
  reportHttp("GET /accounts?q=initech, 10k accounts", await sample("/api/v1/accounts?q=initech", 100));
  reportHttp("GET /accounts?q=umbrela (typo), 10k accounts", await sample("/api/v1/accounts?q=umbrela", 100));
  reportHttp(
    "GET /accounts/lookup?domain=, 10k accounts",
    await sample(`/api/v1/accounts/lookup?domain=${benchAccountDomain(4242)}`, 100),
  );
  reportHttp("GET /me", await sample("/api/v1/me", 100));
}
