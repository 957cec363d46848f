import { runWrangler } from "../../scripts/lib/local-stack.ts";
import type { LocalWorker } from "./local-worker.ts";

/** Runs SQL against a running local worker's D1 (through wrangler, as an operator would) and returns the rows. */
export async function queryLocalD1<T>(worker: Pick<LocalWorker, "persistDir">, command: string): Promise<T[]> {
  const out = await runWrangler(
    ["d1", "execute", "DB", "--local", "--persist-to", worker.persistDir, "--command", command, "--json"],
    `${worker.persistDir}/..`,
    { quiet: true },
  );
  return (JSON.parse(out.slice(out.indexOf("["))) as Array<{ results: T[] }>)[0]?.results ?? [];
}
