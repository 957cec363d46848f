import { createMiddleware } from "hono/factory";
import { ApiError } from "../platform/api-error.ts";
import type { AppEnv } from "../platform/app-env.ts";
import { timingSafeEqualStrings } from "../platform/crypto.ts";
import { authenticateApiToken } from "./api-tokens.ts";

function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1] ?? null;
}

/** Any signed-in user of an organization. */
export const requireUser = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearerToken(c.req.header("authorization"));
  if (!token) throw new ApiError("unauthorized", "missing bearer token (Authorization: Bearer <api token>)");
  const principal = await authenticateApiToken(c.var.services.db, token);
  if (!principal) throw new ApiError("unauthorized", "invalid or revoked API token");
  c.set("principal", principal);
  c.set("services", { ...c.var.services, log: c.var.services.log.child({ org: principal.organizationId }) });
  await next();
});

/** Runs after requireUser on routes that change the organization's setup. */
export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  if (c.var.principal.role !== "admin") throw new ApiError("forbidden", "this action needs the admin role");
  await next();
});

/** The deployment's operator: creates organizations. Disabled when no operator token is configured. */
export const requireOperator = createMiddleware<AppEnv>(async (c, next) => {
  const expected = c.env.SIGHTLINE_OPERATOR_TOKEN;
  if (!expected) throw new ApiError("forbidden", "operator API disabled: SIGHTLINE_OPERATOR_TOKEN is not set");
  const token = bearerToken(c.req.header("authorization"));
  if (!token) throw new ApiError("unauthorized", "missing bearer token (Authorization: Bearer <operator token>)");
  if (!(await timingSafeEqualStrings(token, expected))) throw new ApiError("unauthorized", "invalid operator token");
  await next();
});
