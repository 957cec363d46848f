import { CRM_MATCHES, GMAIL_MATCH } from "../sidebar/matches.ts";

/**
 * The two builds of the extension (WXT's mode):
 * - production (`wxt build`, `pnpm build`): what is shipped. No loopback host permission is granted at
 *   install; a backend on 127.0.0.1 or localhost is an optional permission asked for at sign-in, like
 *   any https backend. The sidebar's shadow root is closed.
 * - development (`wxt build --mode development`, output `.output/chrome-mv3-dev`): what `pnpm dev`
 *   loads and what the e2e layer tests. It holds the loopback permissions (the local Worker answers
 *   on a random port) and opens the sidebar's shadow root, the test-only way for Playwright and axe to
 *   read it: neither reaches into closed roots.
 */
export type Flavour = "production" | "development";

export const flavourOf = (mode: string): Flavour => (mode === "development" ? "development" : "production");

/** Match patterns without a port match every port (the e2e's wrangler dev listens on a random one). */
export const LOOPBACK_ORIGINS = ["http://127.0.0.1/*", "http://localhost/*"];

export function manifestFor(mode: string) {
  const dev = flavourOf(mode) === "development";
  return {
    name: dev ? "Sightline (dev)" : "Sightline",
    description: "Account insights from your calls, next to your CRM and inbox.",
    // scripting + the Gmail host: the background runs the thread reader in a Gmail tab when its sidebar
    // asks (reader kept out of the content script); the content script's match already warns for Gmail.
    permissions: ["storage", "scripting"],
    // The CRM patterns (already the content script's, so no new install warning) let the popup read the
    // active tab's URL to open a chosen account on that CRM's record page: content-script matches alone
    // leave `tab.url` undefined.
    host_permissions: [...(dev ? LOOPBACK_ORIGINS : []), ...CRM_MATCHES, GMAIL_MATCH],
    // A backend is granted at runtime when the user signs in to its URL.
    optional_host_permissions: ["https://*/*", ...(dev ? [] : LOOPBACK_ORIGINS)],
  };
}

/** The sidebar's shadow root: closed in what ships, open in the development build for the e2e tests. */
export const sidebarShadowMode = (mode: string): ShadowRootMode =>
  flavourOf(mode) === "development" ? "open" : "closed";
