import { Hono } from "hono";
import { requireUser } from "../../../auth/middleware.ts";
import {
  clearBrowserBinding,
  readBrowserBinding,
  refuseNavigationFromOtherSites,
  setBrowserBinding,
} from "../../../oauth/browser-binding.ts";
import { answerBrowserStep, oauthPage } from "../../../oauth/callback-page.ts";
import { beginOAuthState, consumeOAuthState, createOAuthState } from "../../../oauth/oauth-states.ts";
import { pkceChallenge, randomToken } from "../../../oauth/pkce.ts";
import { ApiError } from "../../../platform/api-error.ts";
import type { AppEnv } from "../../../platform/app-env.ts";
import { completeZoomUserAuthorization, zoomOAuthApp } from "../connections/zoom-user-connection.ts";

/**
 * `/oauth/zoom/start|begin|callback`: per-user OAuth (authorization code + PKCE S256), bound to the
 * browser that began it.
 *
 * 1. `start` is called by the extension's background with the user's API token (`Authorization:
 *    Bearer`, never a token in a URL). It creates the state (user, organization, PKCE verifier) and
 *    answers `{ beginUrl }`: this Worker's `/oauth/zoom/begin?ticket=...`, with a one-time ticket.
 * 2. The extension opens `beginUrl` in a new tab (`chrome.tabs.create`). `begin` is a top-level
 *    navigation on the Worker's own origin, so the cookie it sets is first-party: it spends the
 *    ticket, sets the binding cookie (browser-binding.ts: HttpOnly, SameSite=Lax, Secure on https,
 *    path /oauth/zoom/callback), stores the cookie's hash with the state and redirects to Zoom's
 *    authorize page. The binding value never appears in a URL, least of all the one sent to Zoom.
 * 3. Zoom sends the browser back to `callback` with `code` and `state`. The state is spent and must
 *    come with the cookie of the browser that began it; then the code is exchanged (with the PKCE
 *    verifier), the Zoom user is read, and refused when its e-mail is not the Sightline user's
 *    (unless an admin allowed that: PUT /api/v1/org/zoom-oauth).
 *
 * Why: the `state` alone says which Sightline user a callback is for, not which browser brings it.
 * Without the binding, someone could start a flow with their own token and lure another person's
 * browser through it (the authorize URL, or a callback URL with a code): that person's Zoom user
 * would land in the starter's Sightline user, or the starter's Zoom user in theirs (confused deputy).
 * With it, a callback in any browser other than the one that began is refused and links nothing.
 * The begin link itself is usable once, for 2 minutes, and never from a navigation another web site
 * started (`Sec-Fetch-Site`); the e-mail check covers what is left (a person pasting a fresh link).
 *
 * Scopes: Zoom takes no `scope` parameter on /oauth/authorize; a Zoom OAuth app's scopes are those
 * configured for the app in the Zoom App Marketplace (`user:read`, `recording:read`, `meeting:read`,
 * or their granular equivalents), and the user grants exactly those. So the URL carries none.
 */
export const oauthApp = new Hono<AppEnv>();

/** The callback lives on this deployment's own origin (register it as the app's redirect URL at Zoom). */
const zoomRedirectUri = (requestUrl: string) => `${new URL(requestUrl).origin}/oauth/zoom/callback`;

oauthApp.get("/zoom/start", requireUser, async (c) => {
  // 503 naming what to configure before any state is made; `begin` reads the client id itself.
  zoomOAuthApp(c.var.services.config);
  const { organizationId, userId } = c.var.principal;
  const { beginTicket } = await createOAuthState(c.var.services, { organizationId, userId, provider: "zoom" });
  const beginUrl = new URL("/oauth/zoom/begin", c.req.url);
  beginUrl.search = new URLSearchParams({ ticket: beginTicket }).toString();
  c.header("cache-control", "no-store");
  return c.json({ beginUrl: beginUrl.toString() }, 200);
});

oauthApp.get("/zoom/begin", (c) =>
  answerBrowserStep(c, "Sightline could not start connecting Zoom.", async () => {
    const services = c.var.services;
    const { clientId } = zoomOAuthApp(services.config);
    refuseNavigationFromOtherSites(c);
    const browserBinding = randomToken();
    const row = await beginOAuthState(services, {
      beginTicket: c.req.query("ticket") ?? "",
      provider: "zoom",
      browserBinding,
    });
    if (!row) {
      services.log.warn("oauth begin with a bad ticket", { provider: "zoom" });
      throw new ApiError(
        "bad_request",
        "ticket: this link was already used or has expired; connect Zoom again from the Sightline extension",
      );
    }
    setBrowserBinding(c, "zoom", browserBinding, { now: services.clock.now(), expiresAt: row.expiresAt });
    const url = new URL(`${services.config.zoom.oauthBase}/oauth/authorize`);
    url.searchParams.set("response_type", "code");
    url.searchParams.set("client_id", clientId);
    url.searchParams.set("redirect_uri", zoomRedirectUri(c.req.url));
    url.searchParams.set("state", row.state);
    url.searchParams.set("code_challenge", await pkceChallenge(row.codeVerifier));
    url.searchParams.set("code_challenge_method", "S256");
    c.header("cache-control", "no-store");
    c.header("referrer-policy", "no-referrer");
    return c.redirect(url.toString(), 302);
  }),
);

oauthApp.get("/zoom/callback", (c) =>
  answerBrowserStep(c, "Sightline could not connect Zoom.", async () => {
    const services = c.var.services;
    const browserBinding = readBrowserBinding(c, "zoom");
    clearBrowserBinding(c, "zoom");
    const consumed = await consumeOAuthState(services, {
      state: c.req.query("state") ?? "",
      provider: "zoom",
      browserBinding,
    });
    if (!consumed.ok) {
      services.log.warn("oauth callback refused", { provider: "zoom", reason: consumed.reason });
      if (consumed.reason === "other_browser")
        throw new ApiError(
          "forbidden",
          "this authorization was started in another browser (or another attempt replaced it); nothing was connected. Connect Zoom again from the Sightline extension in this browser",
        );
      throw new ApiError(
        "bad_request",
        consumed.reason === "expired"
          ? "state: this authorization link expired, start connecting Zoom again"
          : "state: unknown or already used, start connecting Zoom again",
      );
    }
    const providerError = c.req.query("error");
    if (providerError) {
      const safe = providerError.replace(/[^a-z_]/gi, "").slice(0, 64);
      throw new ApiError("bad_request", `Zoom did not authorize the connection (${safe || "error"})`);
    }
    const code = c.req.query("code") ?? "";
    if (!code || code.length > 2048) throw new ApiError("bad_request", "code: missing");
    const { row } = consumed;
    const connection = await completeZoomUserAuthorization(services, {
      organizationId: row.organizationId,
      userId: row.userId,
      code,
      codeVerifier: row.codeVerifier,
      redirectUri: zoomRedirectUri(c.req.url),
    });
    services.log.info("zoom user connected", { connection: connection.id, user: row.userId });
    return oauthPage(c, 200, "Zoom is connected to Sightline. You can close this tab.");
  }),
);
