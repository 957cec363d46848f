// `pnpm test`: every check and every test layer, in the order that fails fastest.
// Dependencies are installed by pnpm before this runs (verifyDepsBeforeRun in pnpm-workspace.yaml).
import { ensureChromium } from "./lib/chromium.ts";
import { REPO_ROOT } from "./lib/local-stack.ts";
import { nodeBin, runStep } from "./lib/run-step.ts";

const started = Date.now();
const [node, wrangler] = nodeBin("node_modules/wrangler/bin/wrangler.js");
const [, tsc] = nodeBin("node_modules/typescript/bin/tsc");
const [, biome] = nodeBin("node_modules/@biomejs/biome/bin/biome");
const [, vitest] = nodeBin("node_modules/vitest/vitest.mjs");
const [, wxt] = nodeBin("extension/node_modules/wxt/bin/wxt.mjs");
const vitestRun = (project: string) => [...vitest, "run", "--config", "test/vitest.config.ts", "--project", project];

try {
  runStep("generated Worker binding types are current", node, [
    ...wrangler,
    "types",
    "worker/worker-configuration.d.ts",
    "--strict-vars=false",
    "--include-main-module=false",
    "--env-file",
    "worker/secrets.env",
    "--check",
  ]);
  runStep("generated API client types are current", node, [
    "--experimental-transform-types",
    "--disable-warning=ExperimentalWarning",
    "scripts/api-types.ts",
    "--check",
  ]);
  runStep("lint and format (biome)", node, [...biome, "check", "."]);
  runStep("extension: wxt prepare", node, [...wxt, "prepare"], { cwd: `${REPO_ROOT}/extension` });
  runStep("typecheck (tsc -b)", node, [...tsc, "-b"]);
  runStep("typecheck extension", node, [...tsc, "--noEmit", "-p", "extension"]);
  runStep("unit tests", node, [...vitestRun("unit"), "--project", "unit-extension"]);
  runStep("worker tests (inside workerd)", node, vitestRun("worker"));
  runStep("pipeline tests (wrangler dev over HTTP)", node, vitestRun("pipeline"));
  // Keeps `pnpm bench` from rotting: the quick mode runs every HTTP section once at small sizes
  // (report in artifacts/bench/). It fails only when a benchmark cannot run; figures are never judged.
  runStep("benchmarks, quick mode (pnpm bench --quick)", node, ["test/bench/run-bench.ts", "--quick"]);
  runStep("build the extension", node, [...wxt, "build"], { cwd: `${REPO_ROOT}/extension` });
  // The e2e layer loads the development flavour: loopback access to the local Worker, open shadow root.
  runStep("build the extension (development flavour, for e2e)", node, [...wxt, "build", "--mode", "development"], {
    cwd: `${REPO_ROOT}/extension`,
  });
  const chromium = ensureChromium();
  runStep("e2e tests (built extension in Chromium)", node, vitestRun("e2e"), {
    env: { ...process.env, CHROMIUM_PATH: chromium },
  });
  process.stdout.write(`\nAll test layers passed in ${((Date.now() - started) / 1000).toFixed(0)}s.\n`);
} catch (err) {
  process.stderr.write(`\n✖ ${(err as Error).message}\n`);
  process.exit(1);
}
