import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { WxtVitest } from "wxt/testing/vitest-plugin";

// Unit layer for the extension: `wxt/browser` is replaced by WXT's in-memory fakeBrowser.
export default defineConfig({
  // root pins WXT to this folder when the config is loaded from the repository root's project list.
  plugins: [WxtVitest({ root: fileURLToPath(new URL(".", import.meta.url)) })],
  test: {
    name: "unit-extension",
    include: ["src/**/*.test.ts"],
    setupFiles: ["src/test-setup.ts"],
    environment: "node",
    restoreMocks: true,
    unstubGlobals: true,
    // Above Vitest's 5 s default so a loaded CI machine cannot fail a passing test.
    testTimeout: 30_000,
  },
});
