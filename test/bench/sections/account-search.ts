// Account search (`GET /api/v1/accounts?q=`) at 10,000 and 100,000 accounts, each size in its own
// organization of one wrangler dev. The organizations, their admin tokens and accounts (and, where
// migration 0020 exists, the accounts' search grams) are written straight into the local D1 SQLite
// file with node:sqlite before wrangler dev starts: 100,000 accounts are ~4 million gram rows, far
// more than `wrangler d1 execute` takes in one file.
import { createHash, randomBytes } from "node:crypto";
import { DatabaseSync } from "node:sqlite";
import { startLocalWorker } from "../../support/local-worker.ts";
import {
  benchAccountDomain,
  benchAccountName,
  type D1Rows,
  type HttpSamples,
  parseD1Rows,
  reportHttp,
} from "../bench-context.ts";
import { recordCounter } from "../bench-report.ts";
import { localD1File } from "../seed/local-d1-file.ts";

/** Seeds `count` accounts (names and domains as the other sections') and indexes them when the schema has the index. */
async function seedAccounts(persistDir: string, organizationId: string, token: string, count: number): Promise<void> {
  const sqlite = new DatabaseSync(localD1File(persistDir));
  sqlite.exec("PRAGMA busy_timeout = 10000");
  // ~4 million gram rows land in random key order: keep the B-tree pages in memory (about 0.5 GB)
  // instead of the default 2 MB cache, which made the 100,000-account seed take minutes.
  sqlite.exec("PRAGMA cache_size = -600000");
  const now = Date.now();
  const userId = `usr_${organizationId}`;
  sqlite
    .prepare("INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)")
    .run(organizationId, organizationId, now);
  sqlite
    .prepare(
      "INSERT INTO users (id, organization_id, email, name, role, created_at) VALUES (?, ?, ?, 'Bench', 'admin', ?)",
    )
    .run(userId, organizationId, `${organizationId}@bench.example`, now);
  sqlite
    .prepare(
      "INSERT INTO api_tokens (id, organization_id, user_id, token_hash, token_prefix, label, created_at) VALUES (?, ?, ?, ?, ?, 'bench', ?)",
    )
    .run(
      `tok_${organizationId}`,
      organizationId,
      userId,
      createHash("sha256").update(token).digest("hex"),
      token.slice(0, 10),
      now,
    );
  const indexed = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = 'account_search_grams'").get() !== undefined;
  const gramsOf = indexed
    ? (await import("../../../worker/src/accounts/search-grams.ts")).accountSearchGrams
    : () => [] as string[];
  const account = sqlite.prepare(
    "INSERT INTO accounts (id, organization_id, name, normalized_name, last_activity_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const domain = sqlite.prepare("INSERT INTO account_domains (organization_id, domain, account_id) VALUES (?, ?, ?)");
  const gram =
    indexed &&
    sqlite.prepare("INSERT OR IGNORE INTO account_search_grams (organization_id, gram, account_id) VALUES (?, ?, ?)");
  sqlite.exec("BEGIN");
  for (let i = 0; i < count; i++) {
    const id = `acct_search_${count}_${i}`;
    const name = benchAccountName(i);
    account.run(id, organizationId, name, name.toLowerCase(), now - i * 1000, now, now);
    domain.run(organizationId, benchAccountDomain(i), id);
    if (gram) for (const g of gramsOf(name, [benchAccountDomain(i)])) gram.run(organizationId, g, id);
  }
  if (indexed) sqlite.prepare("DELETE FROM account_search_pending WHERE organization_id = ?").run(organizationId);
  sqlite.exec("COMMIT");
  sqlite.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  sqlite.close();
}

/** Queries of each kind; the domain and full name are of accounts that exist at every size. */
const queriesFor = (size: number): Array<[string, string]> => [
  ["initech", "word"],
  ["umbrela hea", "typo"],
  [benchAccountDomain(Math.floor(size * 0.4242)).slice(0, -4), "domain prefix"],
  [benchAccountName(77).toLowerCase(), "full name"],
];

export interface SearchOrgs {
  orgs: Array<{ size: number; id: string; token: string }>;
  /** Seeds them: give it to startLocalWorker as beforeStart. */
  beforeStart(persistDir: string): Promise<void>;
}

/** One organization per size, seeded before wrangler dev starts. */
export function prepareSearchOrgs(sizes: number[]): SearchOrgs {
  const orgs = sizes.map((size) => ({
    size,
    id: `org_search_${size}`,
    token: `sl_${randomBytes(32).toString("base64url")}`,
  }));
  return {
    orgs,
    async beforeStart(persistDir) {
      for (const org of orgs) {
        const started = performance.now();
        await seedAccounts(persistDir, org.id, org.token, org.size);
        process.stdout.write(
          `(seeded ${org.size} accounts in ${((performance.now() - started) / 1000).toFixed(1)} s)\n`,
        );
      }
    },
  };
}

export async function benchAccountSearch(baseUrl: string, { orgs }: SearchOrgs, samples: number): Promise<void> {
  const worker = { baseUrl };
  for (const { size, token } of orgs) {
    /** D1 rows of the last answer (when the Worker counts them: BENCH_COUNT_D1_ROWS). */
    const last: { rows: D1Rows | null } = { rows: null };
    const timed = async (path: string) => {
      const started = performance.now();
      const res = await fetch(`${worker.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`${path}: ${res.status}`);
      const body = (await res.json()) as { accounts?: unknown[] };
      if (path.includes("q=") && !body.accounts?.length) throw new Error(`${path}: nothing found`);
      const client = performance.now() - started;
      const dur = /total;(?:[^,]*;)?dur=([0-9.]+)/.exec(res.headers.get("server-timing") ?? "")?.[1];
      last.rows = parseD1Rows(res.headers.get("x-d1-rows"));
      return { client, worker: Number(dur) };
    };
    const sample = async (path: string, runs: number): Promise<HttpSamples> => {
      const out: HttpSamples = { client: [], worker: [] };
      for (let i = 0; i < runs; i++) {
        const t = await timed(path);
        out.client.push(t.client);
        out.worker.push(t.worker);
      }
      return out;
    };
    const QUERIES = queriesFor(size);
    for (const [q] of QUERIES) for (let i = 0; i < 5; i++) await timed(`/api/v1/accounts?q=${encodeURIComponent(q)}`);
    const floor = `GET /me (floor), ${size / 1000}k accounts org`;
    reportHttp(floor, await sample("/api/v1/me", samples));
    for (const [q, kind] of QUERIES) {
      reportHttp(
        `GET /accounts?q=${q} (${kind}), ${size / 1000}k accounts`,
        await sample(`/api/v1/accounts?q=${encodeURIComponent(q)}`, samples),
        { peer: floor, reference: `goal p95 < ${size >= 100_000 ? 40 : 25} ms` },
      );
      if (last.rows)
        recordCounter(
          `D1 rows read per account search (${kind}), ${size / 1000}k accounts`,
          last.rows.read,
          "rows",
          "D1's meta.rows_read of the whole request (search, then the listed accounts' domains and summaries)",
        );
    }
  }
}

// Run alone: node test/bench/sections/account-search.ts [samples]
if (import.meta.url === `file://${process.argv[1]}`) {
  const prepared = prepareSearchOrgs([10_000, 100_000]);
  const worker = await startLocalWorker({
    vars: { BENCH_COUNT_D1_ROWS: "true" },
    beforeStart: (dir) => prepared.beforeStart(dir),
  });
  try {
    await benchAccountSearch(worker.baseUrl, prepared, Number(process.argv[2] ?? 50));
  } finally {
    await worker.stop();
  }
}
