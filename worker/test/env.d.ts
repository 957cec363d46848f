import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      /** Bound by worker/vitest.config.ts only. */
      TEST_MIGRATIONS: D1Migration[];
      /** An empty D1 database for migration tests (worker/vitest.config.ts only). */
      MIGRATION_TEST_DB: D1Database;
    }
  }
}
