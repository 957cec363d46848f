import { createMiddleware } from "hono/factory";
import { ApiError } from "../platform/api-error.ts";
import type { AppEnv } from "../platform/app-env.ts";
import { timingSafeEqualStrings } from "../platform/crypto.ts";
import { authenticateApiToken, touchApiToken } from "./api-tokens.ts";

function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1] ?? null;
}

/** Any signed-in user of an organization. */
export const requireUser = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearerToken(c.req.header("authorization"));
  if (!token) throw new ApiError("unauthorized", "missing bearer token (Authorization: Bearer <api token>)");
  const { db, clock, log } = c.var.services;
  const found = await authenticateApiToken(db, token);
  if (!found) throw new ApiError("unauthorized", "invalid or revoked API token");
  const { lastUsedAt, ...principal } = found;
  c.set("principal", principal);
  // After the answer, off the request's critical path.
  c.executionCtx.waitUntil(
    touchApiToken(db, principal.tokenId, lastUsedAt, clock.now()).catch((err) =>
      log.warn("token touch failed", { err }),
    ),
  );
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
  const expected = c.var.services.config.operatorToken;
  if (!expected) throw new ApiError("forbidden", "operator API disabled: SIGHTLINE_OPERATOR_TOKEN is not set");
  const token = bearerToken(c.req.header("authorization"));
  if (!token) throw new ApiError("unauthorized", "missing bearer token (Authorization: Bearer <operator token>)");
  if (!(await timingSafeEqualStrings(token, expected))) throw new ApiError("unauthorized", "invalid operator token");
  await next();
});

/** Admins may act on any user of their organization; members only on themselves (e.g. their own tokens). */
export const requireSelfOrAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const { role, userId } = c.var.principal;
  if (role !== "admin" && c.req.param("id") !== userId) {
    throw new ApiError("forbidden", "members may only manage their own tokens");
  }
  await next();
});
