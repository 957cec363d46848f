import { Hono } from "hono";
import { apiV1 } from "./api/router.ts";
import { ApiError } from "./platform/api-error.ts";
import type { AppEnv } from "./platform/app-env.ts";
import { handleError } from "./platform/error-handler.ts";
import { requestContext } from "./platform/request-context.ts";

/** The HTTP surface: /api/v1 (JSON API), later /webhooks and /oauth. */
export const app = new Hono<AppEnv>();

app.use("*", requestContext);
app.get("/healthz", (c) => c.json({ ok: true }));
app.route("/api/v1", apiV1);
app.notFound((c) => {
  throw new ApiError("not_found", `no route for ${c.req.method} ${c.req.path}`);
});
app.onError(handleError);
