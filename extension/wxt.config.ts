import preact from "@preact/preset-vite";
import { defineConfig } from "wxt";

// Chrome MV3 only for now; WXT's default output is .output/chrome-mv3.
export default defineConfig({
  manifestVersion: 3,
  browser: "chrome",
  manifest: {
    name: "Sightline",
    description: "Account insights from your calls, next to your CRM and inbox.",
    permissions: ["storage"],
    // Match patterns without a port match every port (verified in Chromium by the e2e, which
    // talks to wrangler dev on a random port), so these cover 8787 and test ports alike.
    host_permissions: ["http://127.0.0.1/*", "http://localhost/*"],
    // A hosted backend is granted at runtime when the user enters its URL.
    optional_host_permissions: ["https://*/*"],
  },
  vite: () => ({ plugins: [preact()] }),
});
