import type { ApiErrorBody } from "@sightline/shared";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { ApiError } from "./api-error.ts";
import type { AppEnv } from "./app-env.ts";

/** The single `onError`: every failure leaves as `{ error: { code, message, requestId } }`. */
export function handleError(err: Error, c: Context<AppEnv>): Response {
  const requestId = c.get("requestId") ?? "unknown";
  let apiError: ApiError;
  if (err instanceof ApiError) {
    apiError = err;
  } else if (err instanceof HTTPException && err.status < 500) {
    // Hono's own 4xx (e.g. a body that is not JSON) keeps its status and reason.
    apiError = new ApiError(err.status === 413 ? "payload_too_large" : "bad_request", err.message || "bad request");
  } else {
    c.get("services")?.log.error("unhandled error", { err });
    apiError = new ApiError("internal", "internal error");
  }
  const body: ApiErrorBody = { error: { code: apiError.code, message: apiError.message, requestId } };
  return c.json(body, apiError.status, { "x-request-id": requestId });
}
