import { browser } from "wxt/browser";
import { fail, ok, type Result, type ZoomConnectAnswer } from "../../shared/messages.ts";
import { getOutsideApiOrMissing } from "../api-client.ts";
import { loadSession } from "../session-store.ts";
import { forgetOnUnauthorized } from "./forget-on-unauthorized.ts";

const StartBodySchema = {
  safeParse(value: unknown): { success: true; data: { beginUrl: string } } | { success: false } {
    const beginUrl = (value as { beginUrl?: unknown } | null)?.beginUrl;
    return typeof beginUrl === "string" ? { success: true, data: { beginUrl } } : { success: false };
  },
};

const NOT_BEGIN = "The backend sent a connect link that is not its own";

/**
 * Asks the backend to start a per-user Zoom authorization (GET /oauth/zoom/start, bearer auth) and
 * opens the one-time begin link it answers in a new tab. That tab is what ties the authorization to
 * this browser: the backend's begin page sets a cookie there (first-party: a top-level navigation on
 * the backend's own origin) and sends it on to Zoom; Zoom's redirect back only completes with that
 * cookie. So the link must be the backend's own /oauth/zoom/begin, never another site or scheme.
 * A 404 means this backend has no per-user Zoom OAuth: Zoom is then the admin's to configure.
 */
export function startZoomConnect(): Promise<Result<ZoomConnectAnswer>> {
  return startOAuthConnect("zoom");
}

/**
 * The same for Gong (admins connect the organization's Gong company): GET /oauth/gong/start, then
 * only the backend's own /oauth/gong/begin link is opened.
 */
export function startGongConnect(): Promise<Result<ZoomConnectAnswer>> {
  return startOAuthConnect("gong");
}

async function startOAuthConnect(provider: "zoom" | "gong"): Promise<Result<ZoomConnectAnswer>> {
  const { backendUrl, token } = await loadSession();
  if (!token) return fail("unauthorized", "Sign in first", backendUrl);
  const result = await forgetOnUnauthorized(
    await getOutsideApiOrMissing({ backendUrl, token }, `/oauth/${provider}/start`, StartBodySchema),
  );
  if (!result.ok) return result;
  if (result.value === null) return ok({ status: "unavailable" });

  let url: URL;
  try {
    url = new URL(result.value.beginUrl);
  } catch {
    return fail("server", NOT_BEGIN, backendUrl);
  }
  if (url.origin !== new URL(backendUrl).origin || url.pathname !== `/oauth/${provider}/begin`) {
    return fail("server", NOT_BEGIN, backendUrl);
  }
  await browser.tabs.create({ url: url.href });
  return ok({ status: "opened" });
}
