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
