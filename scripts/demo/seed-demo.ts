import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { executeLocalSql } from "../lib/local-stack.ts";
import { buildSeedSql } from "./build-seed-sql.ts";
import { loadDemoData } from "./demo-data.ts";

/**
 * Seeds the demo organization into the local D1 (idempotent) and returns the demo user's API token.
 * The token lives in the local state folder next to the database it unlocks; only its hash goes
 * into D1. A missing token file means a new token, which replaces the old one's row.
 */
export async function seedDemo(
  persistDir: string,
  stateDir: string,
): Promise<{ token: string; accounts: number; conversations: number }> {
  const tokenFile = join(stateDir, "demo-token");
  const token = existsSync(tokenFile)
    ? readFileSync(tokenFile, "utf8").trim()
    : `sl_${randomBytes(32).toString("base64url")}`;
  mkdirSync(dirname(tokenFile), { recursive: true });
  writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });

  const { organization, conversations } = loadDemoData();
  const statements = buildSeedSql(organization, conversations, {
    now: new Date(),
    tokenHash: createHash("sha256").update(token).digest("hex"),
    tokenPrefix: token.slice(0, 10),
  });
  const sqlFile = join(stateDir, "demo-seed.sql");
  writeFileSync(sqlFile, statements.join("\n"));
  await executeLocalSql(sqlFile, persistDir, stateDir);
  return { token, accounts: organization.accounts.length, conversations: conversations.length };
}
