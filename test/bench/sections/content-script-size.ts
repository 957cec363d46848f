// Extension budget: the content script (injected on every CRM and Gmail page) at most 20 KB gzipped.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { REPO_ROOT } from "../../../scripts/lib/local-stack.ts";
import { recordCounter } from "../bench-report.ts";

export function benchContentScriptSize(): void {
  const contentScript = join(REPO_ROOT, "extension/.output/chrome-mv3/content-scripts/sidebar.js");
  if (!existsSync(contentScript)) {
    spawnSync(process.execPath, ["node_modules/wxt/bin/wxt.mjs", "build"], {
      cwd: join(REPO_ROOT, "extension"),
      stdio: "ignore",
    });
  }
  const gz = gzipSync(readFileSync(contentScript)).length;
  recordCounter(
    "content script (sidebar.js) gzipped, budget 20 KB",
    gz / 1024,
    "KB",
    "gzip (zlib default level) of the built extension's content-scripts/sidebar.js (injected on every CRM and Gmail page)",
  );
}
