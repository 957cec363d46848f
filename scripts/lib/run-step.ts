import { spawnSync } from "node:child_process";
import { REPO_ROOT } from "./local-stack.ts";

/** Runs a command from the repo root with inherited output; throws (naming the step) when it fails. */
export function runStep(
  label: string,
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
) {
  const started = Date.now();
  process.stdout.write(`\n▶ ${label}\n`);
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: options.env ?? process.env,
    stdio: "inherit",
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0)
    throw new Error(`${label} failed (exit ${result.status ?? result.signal}) after ${seconds}s`);
  process.stdout.write(`✔ ${label} (${seconds}s)\n`);
}

/** A tool (path from the repo root), run with the Node that runs this script (the project's pinned Node 22). */
export function nodeBin(relativePath: string): [string, string[]] {
  return [process.execPath, [`${REPO_ROOT}/${relativePath}`]];
}
