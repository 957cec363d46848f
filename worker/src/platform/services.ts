import { drizzle } from "drizzle-orm/d1";
import { createVault, type Vault } from "../connections/token-crypto.ts";
import * as schema from "../db/schema/index.ts";
import type { IngestJob } from "../queue/jobs.ts";
import { type Clock, systemClock } from "./clock.ts";
import { type Config, configFor } from "./config.ts";
import { countingD1, type D1RowCounts, zeroCounts } from "./d1-row-counter.ts";
import { createLogger, type Logger } from "./logger.ts";

export type Db = ReturnType<typeof createDb>;

export function createDb(d1: D1Database) {
  return drizzle(d1, { schema });
}

// drizzle() walks the whole schema to build its relational-query config (42 tables and their
// relations): once per D1 binding, which is the same object for every request an
// isolate serves, rather than once per request.
const dbByBinding = new WeakMap<D1Database, Db>();

function dbFor(d1: D1Database): Db {
  let db = dbByBinding.get(d1);
  if (!db) {
    db = createDb(d1);
    dbByBinding.set(d1, db);
  }
  return db;
}

/** Everything a request or a queue batch works with, built once and passed through context. */
export interface Services {
  db: Db;
  blobs: R2Bucket;
  ingestQueue: Queue<IngestJob>;
  clock: Clock;
  log: Logger;
  /** The vars and secrets, parsed and checked once per isolate. */
  config: Config;
  /** Provider credentials and secrets at rest (TOKEN_ENCRYPTION_KEY, imported once). */
  vault: Vault;
  /** D1 rows of this request or batch so far, when the benchmark asks (BENCH_COUNT_D1_ROWS); else null. */
  d1Counts: D1RowCounts | null;
}

/** Throws a ConfigError naming the bad var when the deployment's settings cannot be read. */
export function createServices(env: Env, logFields: Record<string, unknown>, clock: Clock = systemClock): Services {
  const config = configFor(env);
  // The one place the database is opened: a benchmark run counts its rows here.
  const d1Counts = config.benchCountD1Rows ? zeroCounts() : null;
  return {
    // A bench run counts rows per request (a wrapper per request); otherwise one drizzle per isolate.
    db: d1Counts ? createDb(countingD1(env.DB, d1Counts)) : dbFor(env.DB),
    d1Counts,
    blobs: env.BLOBS,
    ingestQueue: env.INGEST_QUEUE as Queue<IngestJob>,
    clock,
    log: createLogger({ service: "sightline", ...logFields }, config.logLevel),
    config,
    vault: createVault(config.encryptionKeys),
  };
}
