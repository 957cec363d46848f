import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { applyLocalMigrations, freePort, type RunningWorker, startWranglerDev } from "../../scripts/lib/local-stack.ts";

/**
 * A `wrangler dev` that can be killed (SIGKILL, no chance to finish anything) and started again on
 * the same port with the same vars and the same persisted state directory, so D1 and R2 carry over
 * as they would on Cloudflare. (Local Queues keep their messages in memory: a kill loses the
 * messages in flight, which the Worker's own recovery has to make good: stuck-event sweeps and
 * reconciliation.)
 */
export interface RestartableWorker {
  baseUrl: string;
  operatorToken: string;
  persistDir: string;
  kill(): Promise<void>;
  start(): Promise<void>;
  /** Runs read-only SQL against the persisted D1 file (the Worker keeps writing it meanwhile). */
  sql<T>(query: string, ...params: Array<string | number>): T[];
  /** Keys of the local R2 bucket that start with `prefix` (read from its index, like `sql`). */
  r2Keys(prefix: string): string[];
  stop(): Promise<void>;
}

export async function startRestartableWorker(vars: Record<string, string>): Promise<RestartableWorker> {
  const root = mkdtempSync(join(tmpdir(), "sightline-chaos-"));
  const persistDir = join(root, "state");
  const operatorToken = `op_${randomBytes(16).toString("hex")}`;
  const port = await freePort();
  const allVars = {
    SIGHTLINE_OPERATOR_TOKEN: operatorToken,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    LOG_LEVEL: "error",
    ...vars,
  };
  await applyLocalMigrations(persistDir, root);
  let running: RunningWorker | null = null;
  const start = async () => {
    running = await startWranglerDev({ port, persistDir, stateDir: root, localTraces: false, vars: allVars });
  };
  const kill = async () => {
    const child = running?.child;
    running = null;
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    // The whole process group: wrangler and the workerd it started.
    process.kill(-child.pid, "SIGKILL");
    await exited;
  };
  const sqliteIn = (dir: string) => {
    const file = readdirSync(dir).find((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
    if (!file) throw new Error(`no SQLite database in ${dir}`);
    return join(dir, file);
  };
  const readOnly = <T>(file: string, query: string, params: Array<string | number>) => {
    const db = new DatabaseSync(file, { readOnly: true });
    try {
      db.exec("PRAGMA busy_timeout = 10000");
      return db.prepare(query).all(...params) as T[];
    } finally {
      db.close();
    }
  };
  const d1File = () => sqliteIn(join(persistDir, "v3/d1/miniflare-D1DatabaseObject"));
  await start();
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    operatorToken,
    persistDir,
    kill,
    start,
    sql<T>(query: string, ...params: Array<string | number>) {
      return readOnly<T>(d1File(), query, params);
    },
    r2Keys(prefix: string) {
      const index = sqliteIn(join(persistDir, "v3/r2/miniflare-R2BucketObject"));
      return readOnly<{ key: string }>(index, "SELECT key FROM _mf_objects WHERE substr(key, 1, ?) = ?", [
        prefix.length,
        prefix,
      ]).map((row) => row.key);
    },
    async stop() {
      await running?.stop();
      running = null;
      rmSync(root, { recursive: true, force: true });
    },
  };
}
