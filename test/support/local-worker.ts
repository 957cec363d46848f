import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyLocalMigrations, freePort, startWranglerDev } from "../../scripts/lib/local-stack.ts";

export interface LocalWorker {
  baseUrl: string;
  operatorToken: string;
  /** Where local D1/R2 live, e.g. to run SQL against the same database. */
  persistDir: string;
  /** Process id of wrangler dev (a process group leader: workerd runs in its group). */
  pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * A real `wrangler dev` (workerd with local D1, R2 and Queues) on a free port with fresh state and
 * migrations applied: the pipeline and e2e layers talk to it over HTTP like any client.
 */
export async function startLocalWorker(
  options: {
    vars?: Record<string, string>;
    /** Runs after migrations and before the worker starts, e.g. to seed data with wrangler d1 execute. */
    beforeStart?: (persistDir: string, stateDir: string) => Promise<void>;
  } = {},
): Promise<LocalWorker> {
  const root = mkdtempSync(join(tmpdir(), "sightline-worker-"));
  const persistDir = join(root, "state");
  const operatorToken = `op_${randomBytes(16).toString("hex")}`;
  await applyLocalMigrations(persistDir, root);
  await options.beforeStart?.(persistDir, root);
  const running = await startWranglerDev({
    port: await freePort(),
    persistDir,
    stateDir: root,
    // Tests read no traces; the recorder only adds load (and noise to the benchmarks' figures).
    localTraces: false,
    vars: {
      SIGHTLINE_OPERATOR_TOKEN: operatorToken,
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      LOG_LEVEL: "warn",
      ...options.vars,
    },
  });
  return {
    baseUrl: running.baseUrl,
    operatorToken,
    persistDir,
    pid: running.child.pid,
    async stop() {
      await running.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
