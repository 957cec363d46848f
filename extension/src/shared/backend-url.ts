export const DEFAULT_BACKEND_URL = "http://127.0.0.1:8787";

/**
 * Turns what the user typed into the origin every API path is appended to, or null when it is not
 * an http(s) URL. Only the origin is kept: the API always lives at `/api/v1` on the backend's host.
 */
export function normalizeBackendUrl(input: string): string | null {
  const trimmed = input.trim();
  if (trimmed === "") return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  return url.origin;
}

/** 127.0.0.1 and localhost: the only hosts a token may travel to over plain http (it never leaves the machine). */
export function isLoopbackOrigin(origin: string): boolean {
  const { hostname } = new URL(origin);
  return hostname === "127.0.0.1" || hostname === "localhost";
}

/** Why a normalized backend origin may not be used, or null: plain http is refused except on loopback. */
export function backendUrlProblem(origin: string): string | null {
  if (origin.startsWith("https:") || isLoopbackOrigin(origin)) return null;
  return "Use an https:// backend URL (plain http only works for 127.0.0.1 and localhost)";
}
