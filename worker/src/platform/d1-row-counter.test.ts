import { env } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createAccount, createTestOrg } from "../../test/api-client.ts";
import { accountDomains, accounts } from "../db/schema/index.ts";
import { countingD1, isolateD1Counts, zeroCounts } from "./d1-row-counter.ts";
import { createDb } from "./services.ts";

describe("D1 row counter (benchmarks' cost figures)", () => {
  it("adds up D1's rows read and written and leaves every answer as the plain database gives it", async () => {
    const { adminToken, org } = await createTestOrg();
    for (const name of ["Initech", "Globex", "Hooli"])
      await createAccount(adminToken, { name, domains: [`${name.toLowerCase()}.example`] });
    const counts = zeroCounts();
    const counted = createDb(countingD1(env.DB, counts));
    const plain = createDb(env.DB);
    const isolateBefore = { ...isolateD1Counts };

    // A join whose tables share column names: drizzle reads it with raw(), the counter through all().
    const joined = (db: typeof plain) =>
      db
        .select({ account: accounts, domain: accountDomains })
        .from(accounts)
        .innerJoin(accountDomains, eq(accountDomains.accountId, accounts.id))
        .where(eq(accounts.organizationId, org.id))
        .orderBy(accounts.name);
    const expected = await joined(plain);
    expect(await joined(counted)).toEqual(expected);
    expect(expected.map((r) => r.domain.domain)).toEqual(["globex.example", "hooli.example", "initech.example"]);
    expect(counts.statements).toBe(1);
    expect(counts.rowsRead).toBeGreaterThanOrEqual(6); // 3 accounts and 3 domains at least
    expect(counts.rowsWritten).toBe(0);

    const readBefore = counts.rowsRead;
    await counted.batch([
      counted.update(accounts).set({ ownerUserId: null }).where(eq(accounts.organizationId, org.id)),
      counted.run(sql`SELECT 1`),
    ]);
    expect(counts.statements).toBe(3);
    expect(counts.rowsWritten).toBeGreaterThanOrEqual(3);
    expect(counts.rowsRead).toBeGreaterThan(readBefore);

    const first = await countingD1(env.DB, counts)
      .prepare("SELECT name FROM accounts WHERE organization_id = ? ORDER BY name")
      .bind(org.id)
      .first<string>("name");
    expect(first).toBe("Globex");
    expect(counts.statements).toBe(4);
    // The isolate's totals grew by the same amounts.
    expect(isolateD1Counts.statements - isolateBefore.statements).toBe(counts.statements);
    expect(isolateD1Counts.rowsWritten - isolateBefore.rowsWritten).toBe(counts.rowsWritten);
  });
});
