import { createRoute } from "@hono/zod-openapi";
import { KeyRotationStatusSchema, KeyRotationStepRequestSchema, KeyRotationStepSchema } from "@sightline/shared";
import { requireOperator } from "../auth/middleware.ts";
import { keyVersionCounts, rotateKeysStep } from "../connections/rotate-keys.ts";
import { ApiError } from "../platform/api-error.ts";
import { createResourceApp, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers.ts";

/**
 * Key rotation (issue 13), deployment-wide and so the operator's: after a new key version is added
 * to TOKEN_ENCRYPTION_KEYS, steps re-encrypt every stored secret (provider credentials, Slack
 * webhooks) under it, bound to its row. `pnpm sightline rotate-key` runs the steps to the end.
 */
export const operatorKeyRotationApp = createResourceApp();
const tags = ["operator"];
const security = [{ operatorAuth: [] }];

function currentVersion(version: number | null): number {
  if (version === null) throw new ApiError("unavailable", "no encryption key is configured (TOKEN_ENCRYPTION_KEY)");
  return version;
}

operatorKeyRotationApp.openapi(
  createRoute({
    method: "get",
    path: "/key-rotation",
    summary: "Stored secrets per key version and format, and how many a rotation still has to rewrite (operator token)",
    tags,
    security,
    middleware: [requireOperator] as const,
    responses: { 200: jsonResponse(KeyRotationStatusSchema, "Key versions in use"), ...errorResponses },
  }),
  async (c) => {
    const { services } = c.var;
    const current = currentVersion(services.vault.currentKeyVersion);
    const stored = await keyVersionCounts(services);
    return c.json(
      {
        currentKeyVersion: current,
        configuredKeyVersions: [...(services.config.encryptionKeys?.keys.keys() ?? [])].sort((a, b) => a - b),
        stored,
        remaining: stored.filter((s) => s.keyVersion !== current || !s.rowBound).reduce((n, s) => n + s.count, 0),
      },
      200,
    );
  },
);

operatorKeyRotationApp.openapi(
  createRoute({
    method: "post",
    path: "/key-rotation",
    summary:
      "One step of a key rotation: re-encrypt up to 50 stored secrets under the current key, bound to their rows",
    description:
      "Repeat with `after` set to the answer's `next` until `next` is null; an interrupted rotation resumes by running steps again. When `remaining` is 0, the older keys may be removed from TOKEN_ENCRYPTION_KEYS.",
    tags,
    security,
    middleware: [requireOperator] as const,
    request: jsonBody(KeyRotationStepRequestSchema),
    responses: { 200: jsonResponse(KeyRotationStepSchema, "What this step did"), ...errorResponses },
  }),
  async (c) => {
    currentVersion(c.var.services.vault.currentKeyVersion);
    const { after } = c.req.valid("json");
    return c.json(await rotateKeysStep(c.var.services, after ?? null), 200);
  },
);
