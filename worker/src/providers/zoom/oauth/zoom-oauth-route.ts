import { Hono } from "hono";
import { requireUser } from "../../../auth/middleware.ts";
import { consumeOAuthState, createOAuthState } from "../../../oauth/oauth-states.ts";
import { pkceChallenge } from "../../../oauth/pkce.ts";
import { ApiError } from "../../../platform/api-error.ts";
import type { AppEnv } from "../../../platform/app-env.ts";
import { completeZoomUserAuthorization, zoomOAuthApp } from "../connections/zoom-user-connection.ts";

/**
 * `/oauth/{provider}/start|callback`: per-user OAuth (authorization code + PKCE S256).
 *
 * - `start` is called by the extension with the user's API token (`Authorization: Bearer`, never a
 *   token in the URL) and answers `{ authorizeUrl }`; the extension opens that URL in a tab.
 * - `callback` is where the provider sends the browser back: no bearer there, the user is the one
 *   the single-use `state` was bound to. Answers are JSON or plain text, never HTML, and never echo
 *   remote data into markup.
 *
 * Scopes: Zoom takes no `scope` parameter on /oauth/authorize; a Zoom OAuth app's scopes are those
 * configured for the app in the Zoom App Marketplace (`user:read`, `recording:read`, `meeting:read`,
 * or their granular equivalents), and the user grants exactly those. So the URL carries none.
 */
export const oauthApp = new Hono<AppEnv>();

/** The callback lives on this deployment's own origin (register it as the app's redirect URL at Zoom). */
const zoomRedirectUri = (requestUrl: string) => `${new URL(requestUrl).origin}/oauth/zoom/callback`;

oauthApp.get("/zoom/start", requireUser, async (c) => {
  const { clientId } = zoomOAuthApp(c.var.services.config);
  const { organizationId, userId } = c.var.principal;
  const { state, codeVerifier } = await createOAuthState(c.var.services, { organizationId, userId, provider: "zoom" });
  const url = new URL(`${c.var.services.config.zoom.oauthBase}/oauth/authorize`);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", clientId);
  url.searchParams.set("redirect_uri", zoomRedirectUri(c.req.url));
  url.searchParams.set("state", state);
  url.searchParams.set("code_challenge", await pkceChallenge(codeVerifier));
  url.searchParams.set("code_challenge_method", "S256");
  c.header("cache-control", "no-store");
  return c.json({ authorizeUrl: url.toString() }, 200);
});

oauthApp.get("/zoom/callback", async (c) => {
  const services = c.var.services;
  const state = c.req.query("state") ?? "";
  const code = c.req.query("code") ?? "";
  const consumed = await consumeOAuthState(services, state, "zoom");
  if (!consumed.ok) {
    services.log.warn("oauth callback with a bad state", { provider: "zoom", reason: consumed.reason });
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
  c.header("cache-control", "no-store");
  c.header("x-content-type-options", "nosniff");
  return c.text("Zoom is connected to Sightline. You can close this tab.\n", 200);
});
