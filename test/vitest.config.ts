import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * Every test layer of the repository, as Vitest projects (run one with `--project <name>`):
 * unit (pure code, Node), unit-extension (WXT fakeBrowser), worker (inside workerd),
 * pipeline (a real local worker over HTTP), e2e (the built extension in Chromium).
 */
export default defineConfig({
  test: {
    root,
    projects: [
      {
        test: {
          name: "unit",
          root,
          // *.node.test.ts: tests of Worker code that need Node (e.g. reading ../shared/data from disk).
          include: [
            "shared/src/**/*.test.ts",
            "scripts/**/*.test.ts",
            "worker/src/**/*.node.test.ts",
            "test/quality/**/*.test.ts",
          ],
          environment: "node",
          // Above Vitest's 5 s default so a loaded CI machine cannot fail a passing test.
          testTimeout: 30_000,
        },
      },
      "extension/vitest.config.ts",
      "worker/vitest.config.ts",
      {
        test: {
          name: "pipeline",
          root,
          include: ["test/pipeline/**/*.test.ts"],
          environment: "node",
          // Generous: a test's own waits bound it; on a loaded 2-core CI machine a 60 s limit cut off
          // passing tests (the Whisper size-limit case took 58 s there). Speed is the benchmarks' job.
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "e2e",
          root,
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
