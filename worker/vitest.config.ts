import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Worker tests run inside workerd with the real bindings of wrangler.toml and the D1 migrations applied. */
export default defineConfig(async () => {
  const migrations = await readD1Migrations(here("./migrations"));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: here("../wrangler.toml") },
        miniflare: {
          // An empty database of its own for tests that apply migrations step by step (backfills).
          d1Databases: ["MIGRATION_TEST_DB"],
          bindings: {
            TEST_MIGRATIONS: migrations,
            SIGHTLINE_OPERATOR_TOKEN: "test-operator-token",
            TOKEN_ENCRYPTION_KEY: "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
            ZOOM_WEBHOOK_SECRET_TOKEN: "test-zoom-webhook-secret",
            ZOOM_CLIENT_ID: "test-zoom-client-id",
            ZOOM_CLIENT_SECRET: "test-zoom-client-secret",
            // Nothing listens on port 9: calls to "Zoom" fail fast here; the pipeline layer runs a fake Zoom.
            ZOOM_OAUTH_BASE: "http://127.0.0.1:9",
            ZOOM_API_BASE: "http://127.0.0.1:9/v2",
            LOG_LEVEL: "warn",
          },
        },
      }),
    ],
    test: {
      name: "worker",
      root: here("."),
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      // Node-only tests of Worker modules run in the "unit" project.
      exclude: ["src/**/*.node.test.ts"],
      setupFiles: ["./test/apply-migrations.ts"],
      // Vitest's 5 s default cut off a passing rollup test on a loaded 2-core machine; speed is the
      // benchmarks' job, and each test bounds its own waits.
      testTimeout: 30_000,
    },
  };
});
