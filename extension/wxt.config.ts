import preact from "@preact/preset-vite";
import { defineConfig } from "wxt";
import { manifestFor } from "./src/build/flavour.ts";

// Chrome MV3 only for now; WXT's default output is .output/chrome-mv3 (production) and
// .output/chrome-mv3-dev (`--mode development`, the build `pnpm dev` and the e2e tests load).
export default defineConfig({
  manifestVersion: 3,
  browser: "chrome",
  manifest: ({ mode }) => manifestFor(mode),
  vite: () => ({ plugins: [preact()] }),
});
