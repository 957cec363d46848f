import type { Hook } from "@hono/zod-openapi";
import type { ZodError } from "zod";
import { ApiError } from "./api-error.ts";
import type { AppEnv } from "./app-env.ts";

/** "domains.1: must be a domain name like acme.com; name: Too small" - names the field that failed. */
export function describeZodError(error: ZodError, where: string): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path.map(String).join(".");
      return path ? `${path}: ${issue.message}` : `${where}: ${issue.message}`;
    })
    .join("; ");
}

/** Every route's validator answers a 400 naming the field, through the one error type. */
// biome-ignore lint/suspicious/noExplicitAny: the hook is shared by routes with different schemas
export const validationHook: Hook<any, AppEnv, any, any> = (result) => {
  if (!result.success) {
    throw new ApiError("bad_request", describeZodError(result.error, result.target));
  }
};
