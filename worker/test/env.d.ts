import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      /** Bound by worker/vitest.config.ts only. */
      TEST_MIGRATIONS: D1Migration[];
    }
  }
}
