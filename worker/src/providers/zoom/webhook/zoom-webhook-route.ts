import { Hono } from "hono";
import { ApiError } from "../../../platform/api-error.ts";
import type { AppEnv } from "../../../platform/app-env.ts";
import { describeZodError } from "../../../platform/validation.ts";
import { PROVIDERS, providerForZoomEvent } from "../../registry.ts";
import { acceptZoomEvent } from "./accept-zoom-event.ts";
import { MALFORMED_ARCHIVE_PREFIX } from "./sweep-ignored-archives.ts";
import { answerUrlValidation, verifyZoomSignature } from "./verify-zoom-signature.ts";
import { ZoomEnvelopeSchema } from "./zoom-event-schema.ts";

/** `POST /webhooks/zoom`: every Zoom event. Verified, archived, enqueued and acknowledged in milliseconds. */
export const zoomWebhookApp = new Hono<AppEnv>();

zoomWebhookApp.post("/", async (c) => {
  const { log, clock, blobs } = c.var.services;
  const secret = c.var.services.config.zoom.webhookSecret;
  if (!secret) throw new ApiError("unavailable", "Zoom webhooks are not configured: set ZOOM_WEBHOOK_SECRET_TOKEN");
  const rawBody = await c.req.text();
  const check = await verifyZoomSignature({
    secret,
    signature: c.req.header("x-zm-signature"),
    timestamp: c.req.header("x-zm-request-timestamp"),
    rawBody,
    now: clock.now(),
  });
  if (!check.ok) {
    log.warn("zoom webhook rejected", { reason: check.reason });
    throw new ApiError("unauthorized", `invalid Zoom signature: ${check.reason}`);
  }

  let json: unknown;
  let problem: string | null = null;
  try {
    json = JSON.parse(rawBody);
  } catch {
    problem = "body is not JSON";
  }
  const parsed = problem ? null : ZoomEnvelopeSchema.safeParse(json);
  if (parsed && !parsed.success) problem = describeZodError(parsed.error, "body");
  if (problem || !parsed?.success) {
    // Signed by Zoom yet unreadable: keep it for diagnosis, then say why.
    await blobs.put(`${MALFORMED_ARCHIVE_PREFIX}${clock.now().toISOString()}-${crypto.randomUUID()}.json`, rawBody);
    log.warn("malformed zoom webhook archived", { problem });
    throw new ApiError("bad_request", `malformed Zoom event: ${problem}`);
  }
  const envelope = parsed.data;

  if (envelope.event === "endpoint.url_validation") {
    const plainToken = envelope.payload.plainToken;
    if (!plainToken) throw new ApiError("bad_request", "payload.plainToken: required for endpoint.url_validation");
    return c.json(await answerUrlValidation(secret, plainToken), 200);
  }

  // Removing the Zoom app ends every Zoom product's use of it (Contact Center's too), while the request is handled.
  if (envelope.event === "app_deauthorized")
    for (const provider of PROVIDERS) await provider.zoomWebhookEvents?.appDeauthorized?.(c.var.services, envelope);

  // Other Zoom products on the same webhook (Contact Center) belong to their own provider slice.
  const other = providerForZoomEvent(envelope.event)?.zoomWebhookEvents;
  const status = other
    ? await other.accept(c.var.services, envelope, rawBody)
    : await acceptZoomEvent(c.var.services, envelope, rawBody);
  return c.json({ received: true, status }, 200);
});
