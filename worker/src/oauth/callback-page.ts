import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ApiError } from "../platform/api-error.ts";

/**
 * The OAuth browser steps (`begin`, `callback`) answer a person in a browser tab: plain text (never
 * HTML, so nothing from Zoom or the URL can become markup), not cached, no referrer, no sniffing.
 * A caller that does not ask for HTML (scripts, tests) gets the API's JSON error body instead.
 */
export function oauthPage(c: Context, status: ContentfulStatusCode, text: string): Response {
  c.header("cache-control", "no-store");
  c.header("x-content-type-options", "nosniff");
  c.header("referrer-policy", "no-referrer");
  return c.text(`${text}\n`, status);
}

const wantsPage = (c: Context) => (c.req.header("accept") ?? "").toLowerCase().includes("text/html");

/** Runs a browser step; its ApiError becomes a plain-text page for browsers (JSON otherwise). */
export async function answerBrowserStep(c: Context, title: string, step: () => Promise<Response>): Promise<Response> {
  try {
    return await step();
  } catch (err) {
    if (!(err instanceof ApiError) || !wantsPage(c)) throw err;
    return oauthPage(c, err.status, `${title}\n\n${err.message}`);
  }
}
