import { describe, expect, it } from "vitest";

/**
 * insights/insight-writer.ts is the only writer of the `insights` table, the account rollups,
 * `conversations.account_id` and the calls' coaching stats (replaced with the insights): each of its
 * operations rebuilds the rollups of every account it touches in the same batch, which a writer of its own would forget. This test reads the source of every
 * module under worker/src and fails on any other that writes them (drizzle or raw SQL) or takes the
 * rollup statements for itself. Tests (fixtures written by hand) and the schema are exempt.
 */
const WRITER = "insights/insight-writer.ts";
/** The rollup SQL the writer runs; it writes the rollup tables only inside the writer's batches. */
const ROLLUP_SQL = "insights/rollups.ts";

const sources = import.meta.glob<string>(["../src/**/*.ts", "!../src/**/*.test.ts", "!../src/db/schema/**"], {
  query: "?raw",
  import: "default",
  eager: true,
});

/** Drizzle names and SQL names of the tables only the writer may write. */
const DRIZZLE_TABLES = String.raw`insights|account\w*Rollups|rollupDirtyDays|conversationCoachingStats`;
const SQL_TABLES = String.raw`insights|account_\w*rollups|rollup_dirty_days|conversation_coaching_stats`;

const WRITE_PATTERNS: Array<[string, RegExp]> = [
  [
    "drizzle write of insights or a rollup",
    new RegExp(String.raw`\.(insert|update|delete)\(\s*(${DRIZZLE_TABLES})\s*\)`),
  ],
  [
    "raw SQL write of insights or a rollup",
    new RegExp(
      String.raw`\b(INSERT(\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+["\x60]?(${SQL_TABLES})\b`,
      "i",
    ),
  ],
  [
    "raw SQL write of conversations.account_id",
    /\b(UPDATE\s+["`]?conversations["`]?\s+SET|INSERT(\s+OR\s+\w+)?\s+INTO\s+["`]?conversations)\b[^;]*?\baccount_id\b/i,
  ],
  [
    "rollup statements outside the writer",
    /\b(aroundInsightWrites|markConversationDays|rebuildMarkedDays|deleteAccountRollups)\b/,
  ],
];

/**
 * A drizzle statement on `conversations` that sets `accountId`, or sets an object the scan cannot
 * see into (a variable, or a spread of one): from `.update(conversations)` or `.insert(conversations)`
 * to the end of the statement.
 */
function writesConversationAccount(source: string): boolean {
  for (const match of source.matchAll(/\.(update|insert)\(\s*conversations\s*\)/g)) {
    const rest = source.slice(match.index);
    const statement = rest.slice(0, rest.search(/;|\n\s*\n/) + 1 || undefined);
    if (/\baccountId\b/.test(statement) || /\.set\(\s*([A-Za-z_$]|\{[^}]*\.\.\.)/.test(statement)) return true;
  }
  return false;
}

/** What in `source` writes the writer's tables, by name of the pattern. */
function findWrites(source: string): string[] {
  const found = WRITE_PATTERNS.filter(([, pattern]) => pattern.test(source)).map(([name]) => name);
  if (writesConversationAccount(source)) found.push("drizzle write of conversations.accountId");
  return found;
}

const relative = (path: string) => path.replace(/^\.\.\/src\//, "");

describe("insight writes", () => {
  it("read the sources of worker/src", () => {
    expect(Object.keys(sources).map(relative)).toEqual(
      expect.arrayContaining([WRITER, ROLLUP_SQL, "analysis/analyze-conversation.ts", "api/conversation-routing.ts"]),
    );
  });

  it("go through the insight writer only", () => {
    const writers = Object.entries(sources)
      .map(([path, source]) => [relative(path), findWrites(source)] as const)
      .filter(([path, found]) => found.length > 0 && path !== WRITER && path !== ROLLUP_SQL);
    expect(Object.fromEntries(writers)).toEqual({});
  });

  it("are found by the scan in the writer itself and in the shapes the old writers had (positive control)", () => {
    const writer = sources[`../src/${WRITER}`] ?? "";
    expect(findWrites(writer)).toEqual(
      expect.arrayContaining([
        "drizzle write of insights or a rollup",
        "rollup statements outside the writer",
        "drizzle write of conversations.accountId",
      ]),
    );
    expect(findWrites(sources[`../src/${ROLLUP_SQL}`] ?? "")).toContain("raw SQL write of insights or a rollup");
    const shapes: Record<string, string> = {
      "db.insert(insights).values(rows)": "drizzle write of insights or a rollup",
      "db.delete(insights).where(scope)": "drizzle write of insights or a rollup",
      "db\n  .update(accountDayRollups)\n  .set({ wins: 0 })": "drizzle write of insights or a rollup",
      "db.update(conversations).set({ accountId, routing }).where(scope);": "drizzle write of conversations.accountId",
      "db\n  .update(conversations)\n  .set(routed)\n  .where(scope);": "drizzle write of conversations.accountId",
      "db.update(conversations).set({ ...routed, updatedAt }).where(scope);":
        "drizzle write of conversations.accountId",
      "sql`INSERT INTO insights (id) SELECT 1`": "raw SQL write of insights or a rollup",
      'DB.prepare("DELETE FROM account_topic_week_rollups WHERE 1")': "raw SQL write of insights or a rollup",
      'DB.prepare("UPDATE conversations SET routing = ?, account_id = ? WHERE id = ?")':
        "raw SQL write of conversations.account_id",
      "const rollups = aroundInsightWrites(db, org, id);": "rollup statements outside the writer",
      "db\n  .insert(conversationCoachingStats)\n  .values(stats)": "drizzle write of insights or a rollup",
      'DB.prepare("DELETE FROM conversation_coaching_stats WHERE conversation_id = ?")':
        "raw SQL write of insights or a rollup",
    };
    for (const [shape, name] of Object.entries(shapes)) expect(findWrites(shape), shape).toContain(name);
    // Writes the rollups do not depend on pass.
    expect(findWrites("db.update(conversations).set({ status: 'failed' }).where(scope);")).toEqual([]);
    expect(findWrites("db.select().from(insights).where(scope)")).toEqual([]);
  });
});
