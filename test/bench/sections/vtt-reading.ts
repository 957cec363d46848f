// WebVTT reading throughput (real files when present, and a synthetic 10 MB file), in its own
// process so `--expose-gc` can measure heap.
import { spawnSync } from "node:child_process";
import { REPO_ROOT } from "../../../scripts/lib/local-stack.ts";

export function benchVttReading(): void {
  spawnSync(process.execPath, ["--expose-gc", "worker/src/transcripts/bench-vtt.node.ts"], {
    stdio: "inherit",
    cwd: REPO_ROOT,
  });
}
