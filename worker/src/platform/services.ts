import { drizzle } from "drizzle-orm/d1";
import * as schema from "../db/schema/index.ts";
import type { IngestJob } from "../queue/jobs.ts";
import { type Clock, systemClock } from "./clock.ts";
import { createLogger, type Logger, parseLogLevel } from "./logger.ts";

export type Db = ReturnType<typeof createDb>;

export function createDb(d1: D1Database) {
  return drizzle(d1, { schema });
}

/** Everything a request or a queue batch works with, built once and passed through context. */
export interface Services {
  db: Db;
  blobs: R2Bucket;
  ingestQueue: Queue<IngestJob>;
  clock: Clock;
  log: Logger;
}

export function createServices(env: Env, logFields: Record<string, unknown>, clock: Clock = systemClock): Services {
  return {
    db: createDb(env.DB),
    blobs: env.BLOBS,
    ingestQueue: env.INGEST_QUEUE as Queue<IngestJob>,
    clock,
    log: createLogger({ service: "sightline", ...logFields }, parseLogLevel(env.LOG_LEVEL)),
  };
}
