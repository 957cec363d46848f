import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { ApiError } from "../platform/api-error.ts";
import type { OAuthProvider } from "./oauth-states.ts";

/**
 * The cookie that ties an OAuth flow to the browser that began it (see zoom-oauth-route.ts for the
 * whole flow). Its value is a random one-time token; the state row keeps only its SHA-256.
 *
 * - HttpOnly: no page script reads it. SameSite=Lax: the provider's redirect back to the callback is
 *   a top-level GET navigation, which Lax cookies accompany; no cross-site subrequest or POST carries
 *   it. Secure whenever the Worker is reached over https (plain http only on 127.0.0.1 in development).
 * - Path: the callback only, so no other route ever receives it; it lives as long as the state.
 * - One cookie per provider: beginning a second flow in the same browser replaces the first one's
 *   binding, and the first flow's callback is then refused (start again).
 */
export function bindingCookieName(provider: OAuthProvider): string {
  return `sightline_oauth_${provider}`;
}

const callbackPath = (provider: OAuthProvider) => `/oauth/${provider}/callback`;

/** Sets the binding cookie until the state expires (`now` from the services' clock). */
export function setBrowserBinding(
  c: Context,
  provider: OAuthProvider,
  value: string,
  lifetime: { now: Date; expiresAt: Date },
): void {
  setCookie(c, bindingCookieName(provider), value, {
    path: callbackPath(provider),
    httpOnly: true,
    secure: new URL(c.req.url).protocol === "https:",
    sameSite: "Lax",
    maxAge: Math.max(1, Math.floor((lifetime.expiresAt.getTime() - lifetime.now.getTime()) / 1000)),
  });
}

export function readBrowserBinding(c: Context, provider: OAuthProvider): string | undefined {
  return getCookie(c, bindingCookieName(provider));
}

/** The callback is over, whatever its outcome: the binding is useless from now on. */
export function clearBrowserBinding(c: Context, provider: OAuthProvider): void {
  deleteCookie(c, bindingCookieName(provider), {
    path: callbackPath(provider),
    httpOnly: true,
    secure: new URL(c.req.url).protocol === "https:",
    sameSite: "Lax",
  });
}

/**
 * `begin` must be opened by the user's own action or the extension (`chrome.tabs.create` navigations
 * carry `Sec-Fetch-Site: none`), never by a link, form or script on another site: a browser that
 * says the navigation came from another site (`cross-site` or `same-site`) is refused. Clients that
 * send no fetch metadata (non-browsers) are not refused here: they cannot be lured.
 */
export function refuseNavigationFromOtherSites(c: Context): void {
  const site = c.req.header("sec-fetch-site");
  if (site === "cross-site" || site === "same-site")
    throw new ApiError(
      "forbidden",
      "this link was opened from another web site; connect from the Sightline extension's options page instead",
    );
}
