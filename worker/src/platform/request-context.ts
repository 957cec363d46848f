import { createMiddleware } from "hono/factory";
import { ApiError } from "./api-error.ts";
import type { AppEnv } from "./app-env.ts";
import { ConfigError } from "./config.ts";
import { d1CountsHeader, isolateD1Counts } from "./d1-row-counter.ts";
import { newId } from "./ids.ts";
import { createServices, type Services } from "./services.ts";

const INCOMING_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * First middleware of every request: a request id (the caller's, when it sent a sane one, so
 * traces join up), services built once, and one structured access-log line when the answer leaves.
 */
export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  const incoming = c.req.header("x-request-id");
  const requestId = incoming && INCOMING_ID.test(incoming) ? incoming : newId("req", 16);
  c.set("requestId", requestId);
  let services: Services;
  try {
    services = createServices(c.env, { requestId });
  } catch (err) {
    // A deployment whose vars cannot be read answers every request with the var to fix.
    if (err instanceof ConfigError) throw new ApiError("unavailable", err.message);
    throw err;
  }
  c.set("services", services);
  const started = Date.now();
  await next();
  c.header("x-request-id", requestId);
  if (services.d1Counts) {
    // Benchmarks only (BENCH_COUNT_D1_ROWS): this answer's D1 rows, and the isolate's so far (which
    // include the queue batches it ran).
    c.header("x-d1-rows", d1CountsHeader(services.d1Counts));
    c.header("x-d1-rows-isolate", d1CountsHeader(isolateD1Counts));
  }
  services.log.info("request", {
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    ms: Date.now() - started,
  });
});
