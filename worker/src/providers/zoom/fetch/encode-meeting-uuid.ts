/**
 * A meeting UUID as a path segment of Zoom's API. UUIDs are base64 and may hold "/", "+" and "=".
 * Zoom's docs: a UUID that starts with "/" or contains "//" must be URL-encoded twice (their router
 * decodes once before matching); any other is encoded once.
 */
export function encodeMeetingUuid(uuid: string): string {
  const once = encodeURIComponent(uuid);
  return uuid.startsWith("/") || uuid.includes("//") ? encodeURIComponent(once) : once;
}
