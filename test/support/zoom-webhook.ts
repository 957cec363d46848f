import { createHmac } from "node:crypto";

/** Posts `event` to the worker's `POST /webhooks/zoom`, signed as Zoom signs (x-zm-signature over the raw body). */
export async function deliverZoomEvent(baseUrl: string, secret: string, event: unknown) {
  const body = JSON.stringify(event);
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac("sha256", secret).update(`v0:${ts}:${body}`).digest("hex")}`;
  const res = await fetch(`${baseUrl}/webhooks/zoom`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-zm-request-timestamp": ts, "x-zm-signature": signature },
    body,
  });
  return { status: res.status, json: (await res.json()) as { status?: string; error?: { message: string } } };
}
