import { browser } from "wxt/browser";
import { fail, ok, type Result, type ZoomConnectAnswer } from "../../shared/messages.ts";
import { getOutsideApiOrMissing } from "../api-client.ts";
import { loadSession } from "../session-store.ts";
import { forgetOnUnauthorized } from "./forget-on-unauthorized.ts";

const StartBodySchema = {
  safeParse(value: unknown): { success: true; data: { authorizeUrl: string } } | { success: false } {
    const authorizeUrl = (value as { authorizeUrl?: unknown } | null)?.authorizeUrl;
    return typeof authorizeUrl === "string" ? { success: true, data: { authorizeUrl } } : { success: false };
  },
};

/**
 * Asks the backend for the provider's authorize URL (GET /oauth/zoom/start, bearer auth) and opens it in
 * a new tab. A 404 means this backend has no per-user Zoom OAuth: Zoom is then the admin's to configure.
 */
export async function startZoomConnect(): Promise<Result<ZoomConnectAnswer>> {
  const { backendUrl, token } = await loadSession();
  if (!token) return fail("unauthorized", "Sign in first", backendUrl);
  const result = await forgetOnUnauthorized(
    await getOutsideApiOrMissing({ backendUrl, token }, "/oauth/zoom/start", StartBodySchema),
  );
  if (!result.ok) return result;
  if (result.value === null) return ok({ status: "unavailable" });

  let url: URL;
  try {
    url = new URL(result.value.authorizeUrl);
  } catch {
    return fail("server", "The backend sent an authorize URL that is not a URL", backendUrl);
  }
  // Only web pages: never a javascript:, data: or extension URL chosen by the server.
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return fail("server", "The backend sent an authorize URL that is not a web address", backendUrl);
  }
  await browser.tabs.create({ url: url.href });
  return ok({ status: "opened", authorizeUrl: url.href });
}
