// `pnpm deploy`: applies D1 migrations to the remote database, then deploys the Worker.
// Needs `wrangler login` (or CLOUDFLARE_API_TOKEN) and the real database_id in wrangler.toml (README "Deploy").
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./lib/local-stack.ts";
import { nodeBin, runStep } from "./lib/run-step.ts";

const toml = readFileSync(join(REPO_ROOT, "wrangler.toml"), "utf8");
if (toml.includes('database_id = "00000000-0000-0000-0000-000000000000"')) {
  process.stderr.write(
    "wrangler.toml still has the placeholder database_id. Run `pnpm exec wrangler d1 create sightline` and paste its id (README: Deploy).\n",
  );
  process.exit(1);
}
const [node, wrangler] = nodeBin("node_modules/wrangler/bin/wrangler.js");
try {
  runStep("apply D1 migrations (remote)", node, [...wrangler, "d1", "migrations", "apply", "DB", "--remote"]);
  runStep("deploy the Worker", node, [...wrangler, "deploy"]);
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
}
