import { createRoute } from "@hono/zod-openapi";
import { ZccFlowKeyCreatedSchema, ZccFlowKeySchema } from "@sightline/shared";
import { eq } from "drizzle-orm";
import { requireAdmin, requireUser } from "../auth/middleware.ts";
import { zccFlowKeys } from "../db/schema/index.ts";
import { ApiError } from "../platform/api-error.ts";
import { base64UrlRandom, sha256Hex } from "../platform/crypto.ts";
import { bearerSecurity, createResourceApp, errorResponses, jsonResponse } from "./openapi-helpers.ts";

/**
 * The ingest key Zoom Contact Center Flow event scripts send to `POST /webhooks/zoom-contact-center/flow`.
 * Created or rotated by an admin and shown once; only its SHA-256 is stored, so rotating replaces
 * the old key at once.
 */
export const orgZccFlowKeyApp = createResourceApp();
orgZccFlowKeyApp.use("*", requireUser, requireAdmin);
const tags = ["organization"];

orgZccFlowKeyApp.openapi(
  createRoute({
    method: "get",
    path: "/zcc-flow-key",
    summary: "The Flow ingest key's prefix and creation time (never the key)",
    tags,
    security: bearerSecurity,
    responses: { 200: jsonResponse(ZccFlowKeySchema, "The current key"), ...errorResponses },
  }),
  async (c) => {
    const row = await c.var.services.db.query.zccFlowKeys.findFirst({
      where: eq(zccFlowKeys.organizationId, c.var.principal.organizationId),
    });
    if (!row) throw ApiError.notFound("Flow ingest key");
    return c.json({ prefix: row.keyPrefix, createdAt: row.createdAt.toISOString() }, 200);
  },
);

orgZccFlowKeyApp.openapi(
  createRoute({
    method: "post",
    path: "/zcc-flow-key",
    summary: "Create or rotate the Flow ingest key (the old one stops working at once); the key is shown once",
    tags,
    security: bearerSecurity,
    responses: { 201: jsonResponse(ZccFlowKeyCreatedSchema, "The new key, shown once"), ...errorResponses },
  }),
  async (c) => {
    const { db, clock } = c.var.services;
    const organizationId = c.var.principal.organizationId;
    const key = `zccf_${base64UrlRandom(32)}`;
    const row = { organizationId, keyHash: await sha256Hex(key), keyPrefix: key.slice(0, 12), createdAt: clock.now() };
    await db
      .insert(zccFlowKeys)
      .values(row)
      .onConflictDoUpdate({
        target: zccFlowKeys.organizationId,
        set: { keyHash: row.keyHash, keyPrefix: row.keyPrefix, createdAt: row.createdAt },
      });
    return c.json({ key, prefix: row.keyPrefix, createdAt: row.createdAt.toISOString() }, 201);
  },
);
