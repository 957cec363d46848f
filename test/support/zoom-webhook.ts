import { createHmac } from "node:crypto";

/**
 * Zoom's webhook signature (x-zm-signature: `v0=` + HMAC-SHA256 of `v0:{timestamp}:{body}` with the
 * app's secret token), as Zoom computes it; tests sign with the secret they gave the Worker.
 */
export function signZoomBody(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)) {
  const ts = String(timestamp);
  return {
    "x-zm-request-timestamp": ts,
    "x-zm-signature": `v0=${createHmac("sha256", secret).update(`v0:${ts}:${body}`).digest("hex")}`,
  };
}

/** Delivers one event to the Worker's `POST /webhooks/zoom`, signed as Zoom does, and reads the answer. */
export async function deliverZoomEvent(
  baseUrl: string,
  secret: string,
  event: unknown,
): Promise<{ status: number; json: { status?: string; error?: { message: string } }; headers: Headers }> {
  const body = JSON.stringify(event);
  const res = await fetch(`${baseUrl}/webhooks/zoom`, {
    method: "POST",
    headers: { "content-type": "application/json", ...signZoomBody(secret, body) },
    body,
  });
  return {
    status: res.status,
    json: (await res.json()) as { status?: string; error?: { message: string } },
    headers: res.headers,
  };
}
