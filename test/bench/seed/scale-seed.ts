// The "at scale" organization: N conversations of M transcript segments each (10,000 x 100 = one
// million for `pnpm bench`), with participants, 8 insights per conversation and the rollups built
// by the same SQL as migrations 0003/0004 (rebuildAllRollupsSql). Written straight into the local D1
// SQLite file with node:sqlite before wrangler dev starts (the FTS5 index filled by the migration's
// own triggers), then the database file is kept in artifacts/bench/cache/ under a key of the
// migrations' text and the seed's shape: the next run copies it back in a second instead of
// rebuilding it for minutes.
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { REPO_ROOT } from "../../../scripts/lib/local-stack.ts";
import { rebuildAllRollupsSql } from "../../../worker/src/insights/rollups.ts";
import { localD1File } from "./local-d1-file.ts";
import { seededRandom, segmentText } from "./transcript-text.ts";

/** Bump when the seed below changes shape, so a cached database is not reused. */
const SEED_VERSION = 1;
const ACCOUNTS = 100;

export interface ScaleOrg {
  conversations: number;
  segmentsPerConversation: number;
  id: string;
  token: string;
  /** Half of the conversations: the overview's account. */
  bigAccountId: string;
  /** About 1% of the conversations: the account filter's selective case. */
  smallAccountId: string;
}

export function scaleOrg(conversations: number, segmentsPerConversation: number): ScaleOrg {
  const id = `org_scale_${conversations}`;
  return {
    conversations,
    segmentsPerConversation,
    id,
    // Deterministic: the token's hash is inside the cached database.
    token: `sl_bench_scale_${conversations}_${segmentsPerConversation}_token_0000000000`,
    bigAccountId: `acct_scale_${conversations}_0`,
    smallAccountId: `acct_scale_${conversations}_7`,
  };
}

function cacheKey(org: ScaleOrg): string {
  const hash = createHash("sha256");
  const migrations = join(REPO_ROOT, "worker", "migrations");
  for (const f of readdirSync(migrations)
    .filter((f) => f.endsWith(".sql"))
    .sort()) {
    hash.update(f).update(readFileSync(join(migrations, f)));
  }
  hash.update(`${SEED_VERSION}:${org.conversations}:${org.segmentsPerConversation}`);
  return hash.digest("hex").slice(0, 16);
}

const accountOf = (org: ScaleOrg, i: number) =>
  i % 2 === 0 ? org.bigAccountId : `acct_scale_${org.conversations}_${1 + (((i - 1) / 2) % (ACCOUNTS - 1))}`;

function seed(file: string, org: ScaleOrg): void {
  const sqlite = new DatabaseSync(file);
  sqlite.exec("PRAGMA busy_timeout = 10000");
  sqlite.exec("PRAGMA cache_size = -400000");
  const now = Date.now();
  const o = org.id;
  sqlite.exec("BEGIN");
  sqlite.prepare("INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)").run(o, "Scale", now);
  sqlite
    .prepare(
      "INSERT INTO users (id, organization_id, email, name, role, created_at) VALUES (?, ?, ?, 'Bench', 'admin', ?)",
    )
    .run(`usr_${o}`, o, `${o}@bench.example`, now);
  sqlite
    .prepare(
      "INSERT INTO api_tokens (id, organization_id, user_id, token_hash, token_prefix, label, created_at) VALUES (?, ?, ?, ?, ?, 'bench', ?)",
    )
    .run(`tok_${o}`, o, `usr_${o}`, createHash("sha256").update(org.token).digest("hex"), org.token.slice(0, 10), now);
  const account = sqlite.prepare(
    "INSERT INTO accounts (id, organization_id, name, normalized_name, last_activity_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  for (let a = 0; a < ACCOUNTS; a++) {
    const name = `Scale Customer ${a}`;
    account.run(`acct_scale_${org.conversations}_${a}`, o, name, name.toLowerCase(), now, now, now);
  }
  const conversation = sqlite.prepare(
    "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, account_id, routing, status, created_at, updated_at) VALUES (?, ?, 'zoom_meeting', ?, ?, ?, ?, 'auto', 'analyzed', ?, ?)",
  );
  const participant = sqlite.prepare(
    "INSERT INTO participants (id, organization_id, conversation_id, name, email, side) VALUES (?, ?, ?, ?, ?, ?)",
  );
  // The search key as the code's inserts set it (searchKeyOf: one write of the row, migration 0034).
  const segment = sqlite.prepare(
    "INSERT INTO transcript_segments (organization_id, conversation_id, seq, speaker, start_ms, end_ms, text, search_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, (SELECT search_key FROM organizations WHERE id = ?1))",
  );
  const insight = sqlite.prepare(
    "INSERT INTO insights (id, organization_id, conversation_id, account_id, kind, text, quote, start_ms, confidence, analyzer, occurred_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'builtin@1', ?, ?)",
  );
  const kinds = ["topic", "topic", "topic", "win", "issue", "objection", "next_step", "sentiment"];
  const topics = ["pricing", "export timeouts", "sso", "onboarding", "renewal", "mobile app", "reporting", "support"];
  const random = seededRandom(42);
  for (let i = 0; i < org.conversations; i++) {
    const convId = `conv_scale_${i}`;
    const accountId = accountOf(org, i);
    const startedAt = now - Math.floor((i / org.conversations) * 365) * 86_400_000 - (i % 86_400) * 1000;
    conversation.run(convId, o, convId, `Call ${i}`, startedAt, accountId, now, now);
    const people = [
      [`Buyer ${i % 12}`, `buyer${i % 12}@customer${i % ACCOUNTS}.example`, "theirs"],
      [`Buyer ${(i * 7 + 3) % 12}`, `buyer${(i * 7 + 3) % 12}@customer${i % ACCOUNTS}.example`, "theirs"],
      [`Rep ${i % 4}`, `rep${i % 4}@ourco.example`, "ours"],
    ] as const;
    people.forEach(([name, email, side], n) => {
      participant.run(`prt_s_${i}_${n}`, o, convId, name, email, side);
    });
    for (let s = 0; s < org.segmentsPerConversation; s++) {
      const [speaker] = people[s % 3] as (typeof people)[number];
      segment.run(o, convId, s, speaker, s * 6000, s * 6000 + 5500, segmentText(random));
    }
    kinds.forEach((kind, k) => {
      const text =
        kind === "topic"
          ? (topics[(i + k) % topics.length] as string)
          : kind === "sentiment"
            ? "neutral"
            : `${kind} ${i}`;
      insight.run(
        `ins_s_${i}_${k}`,
        o,
        convId,
        accountId,
        kind,
        text,
        `Quote ${i}.`,
        k * 1000,
        kind === "sentiment" ? 0.1 : null,
        startedAt + k * 1000,
        now,
      );
    });
  }
  for (const statement of rebuildAllRollupsSql(o)) sqlite.exec(statement);
  sqlite.exec("COMMIT");
  sqlite.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  sqlite.close();
}

/**
 * Puts the organization into the persist directory's D1 database (freshly migrated, nothing else in
 * it yet): from the cache when a database of the same migrations and shape was built before.
 */
export function seedScaleOrg(persistDir: string, org: ScaleOrg): { seconds: number; cached: boolean } {
  const started = performance.now();
  const file = localD1File(persistDir);
  const cacheDir = join(REPO_ROOT, "artifacts", "bench", "cache");
  const cached = join(cacheDir, `scale-${org.conversations}x${org.segmentsPerConversation}-${cacheKey(org)}.sqlite`);
  if (existsSync(cached)) {
    // The migrations may still sit in the WAL: fold it in and drop it before replacing the file.
    const fresh = new DatabaseSync(file);
    fresh.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    fresh.close();
    for (const suffix of ["-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
    copyFileSync(cached, file);
    return { seconds: (performance.now() - started) / 1000, cached: true };
  }
  seed(file, org);
  mkdirSync(cacheDir, { recursive: true });
  // Older shapes of the same size are dead weight (hundreds of MB each).
  for (const f of readdirSync(cacheDir)) {
    if (f.startsWith(`scale-${org.conversations}x${org.segmentsPerConversation}-`)) rmSync(join(cacheDir, f));
  }
  copyFileSync(file, `${cached}.partial`);
  renameSync(`${cached}.partial`, cached);
  return { seconds: (performance.now() - started) / 1000, cached: false };
}
