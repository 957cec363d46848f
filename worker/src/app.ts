import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { timing } from "hono/timing";
import { apiV1 } from "./api/router.ts";
import { exportDownloadApp } from "./exports/export-download-route.ts";
import { mediaApp } from "./media/media-route.ts";
import { ApiError } from "./platform/api-error.ts";
import type { AppEnv } from "./platform/app-env.ts";
import { handleError } from "./platform/error-handler.ts";
import { requestContext } from "./platform/request-context.ts";
import { gongOAuthApp } from "./providers/gong/oauth/gong-oauth-route.ts";
import { gongWebhookApp } from "./providers/gong/webhook/gong-webhook-route.ts";
import { oauthApp } from "./providers/zoom/oauth/zoom-oauth-route.ts";
import { zoomWebhookApp } from "./providers/zoom/webhook/zoom-webhook-route.ts";
import { zccFlowApp } from "./providers/zoom-contact-center/flow/flow-route.ts";

/** The HTTP surface: /api/v1 (JSON API), /webhooks (providers), /oauth (per-user OAuth). */
export const app = new Hono<AppEnv>();

app.use("*", requestContext);
app.get("/healthz", (c) => c.json({ ok: true }));
// Server-Timing on API answers: the Worker's own time, apart from the network and any proxy in front
// (browser dev tools show it; `pnpm bench` reports it beside the time a client measures).
app.use("/api/*", timing({ totalDescription: "Worker" }));
// API bodies are small JSON documents; anything bigger is refused before it is read.
app.use(
  "/api/*",
  bodyLimit({
    maxSize: 256 * 1024,
    onError: () => {
      throw new ApiError("payload_too_large", "request body over 256 KB");
    },
  }),
);
// JSON is UTF-8 (RFC 8259): a body that is not (e.g. Latin-1) is refused, rather than decoded with
// U+FFFD in place of its bytes and stored that way. Routes read the body again from Hono's cache.
app.use("/api/*", async (c, next) => {
  if (c.req.raw.body) {
    try {
      new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(await c.req.arrayBuffer());
    } catch {
      throw new ApiError("bad_request", "request body is not valid UTF-8");
    }
  }
  await next();
});
app.route("/api/v1", apiV1);
// Zoom's largest events (recording.completed with many files) are tens of KB; 1 MB leaves room.
app.use(
  "/webhooks/*",
  bodyLimit({
    maxSize: 1024 * 1024,
    onError: () => {
      throw new ApiError("payload_too_large", "webhook body over 1 MB");
    },
  }),
);
app.route("/webhooks/zoom-contact-center/flow", zccFlowApp);
app.route("/webhooks/zoom", zoomWebhookApp);
app.route("/webhooks/gong", gongWebhookApp);
app.route("/oauth/gong", gongOAuthApp);
app.route("/oauth", oauthApp);
app.route("/media", mediaApp);
app.route("/exports", exportDownloadApp);
app.notFound((c) => {
  throw new ApiError("not_found", `no route for ${c.req.method} ${c.req.path}`);
});
app.onError(handleError);
