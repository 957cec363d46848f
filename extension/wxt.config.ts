import preact from "@preact/preset-vite";
import { defineConfig } from "wxt";
import { CRM_MATCHES } from "./src/sidebar/matches.ts";

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
    // The CRM patterns (already the content script's, so no new install warning) let the popup read the
    // active tab's URL to open a chosen account on that CRM's record page: content-script matches alone
    // leave `tab.url` undefined. Gmail needs no host permission: its tabs are never navigated.
    host_permissions: ["http://127.0.0.1/*", "http://localhost/*", ...CRM_MATCHES],
    // A hosted backend is granted at runtime when the user enters its URL.
    optional_host_permissions: ["https://*/*"],
  },
  vite: () => ({ plugins: [preact()] }),
});
