import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, wherever the caller runs from. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const WRANGLER_BIN = join(REPO_ROOT, "node_modules/wrangler/bin/wrangler.js");

/** Keeps wrangler off the internet (no telemetry, no request.cf lookup) and its logs inside stateDir. */
export function wranglerEnv(stateDir: string): NodeJS.ProcessEnv {
  const configHome = join(stateDir, "config");
  mkdirSync(configHome, { recursive: true });
  return {
    ...process.env,
    WRANGLER_SEND_METRICS: "false",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    WRANGLER_LOG_PATH: join(stateDir, "logs"),
    XDG_CONFIG_HOME: configHome,
    NO_COLOR: "1",
    CI: process.env.CI ?? "1",
  };
}

export function runWrangler(args: string[], stateDir: string, options: { quiet?: boolean } = {}): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [WRANGLER_BIN, ...args], {
      cwd: REPO_ROOT,
      env: wranglerEnv(stateDir),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => {
      output += d;
      if (!options.quiet) process.stdout.write(d);
    });
    child.stderr.on("data", (d) => {
      output += d;
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolvePromise(output) : reject(new Error(`wrangler ${args.join(" ")} exited ${code}:\n${output}`)),
    );
  });
}

/** Applies worker/migrations to the local D1 kept in persistDir (idempotent: wrangler skips applied ones). */
export function applyLocalMigrations(persistDir: string, stateDir: string): Promise<string> {
  return runWrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistDir], stateDir, {
    quiet: true,
  });
}

/** Runs SQL against the local D1 (used by the demo seed). */
export function executeLocalSql(file: string, persistDir: string, stateDir: string): Promise<string> {
  return runWrangler(
    ["d1", "execute", "DB", "--local", "--persist-to", persistDir, "--file", file, "--yes"],
    stateDir,
    {
      quiet: true,
    },
  );
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}

export interface RunningWorker {
  baseUrl: string;
  child: ChildProcess;
  stop(): Promise<void>;
  /** Everything wrangler printed, for diagnosing a failed start or test. */
  output(): string;
}

/**
 * Starts `wrangler dev` with local D1, R2 and Queues persisted in persistDir, and resolves once
 * /healthz answers. Vars override wrangler.toml's (secrets such as the operator token go here).
 */
export async function startWranglerDev(options: {
  port: number;
  persistDir: string;
  stateDir: string;
  vars: Record<string, string>;
  inheritOutput?: boolean;
  readyTimeoutMs?: number;
  /**
   * wrangler's local trace store (its Local Explorer) records every request's spans, SQL text
   * included, into a SQLite file on the same cores: useful while developing, pure load for tests
   * and benchmarks (about 2-3 ms on each request here). Default: on, as wrangler has it.
   */
  localTraces?: boolean;
}): Promise<RunningWorker> {
  const args = [
    WRANGLER_BIN,
    "dev",
    "--ip",
    "127.0.0.1",
    "--port",
    String(options.port),
    "--persist-to",
    options.persistDir,
    "--show-interactive-dev-session=false",
    ...Object.entries(options.vars).flatMap(([key, value]) => ["--var", `${key}:${value}`]),
  ];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: {
      ...wranglerEnv(options.stateDir),
      ...(options.localTraces === false ? { X_LOCAL_OBSERVABILITY: "false" } : {}),
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: process.platform !== "win32",
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk;
    if (options.inheritOutput) process.stdout.write(chunk);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));

  const baseUrl = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // wrangler starts workerd as a child: signal the whole process group.
    try {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
    } catch {
      child.kill("SIGTERM");
    }
    const timer = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {}
    }, 5000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`wrangler dev exited (${exitCode}) before it was ready:\n${output}`);
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok) return { baseUrl, child, stop, output: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`wrangler dev did not become ready on ${baseUrl}:\n${output}`);
}
