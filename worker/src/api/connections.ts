import { createRoute, z } from "@hono/zod-openapi";
import {
  ConfigureGongAccountRequestSchema,
  ConfigureZoomAccountRequestSchema,
  ConnectionSchema,
  GongSettingsSchema,
  IdSchema,
  SetGongSettingsRequestSchema,
} from "@sightline/shared";
import { and, desc, eq } from "drizzle-orm";
import type { ZodType } from "zod";
import { requireAdmin, requireUser } from "../auth/middleware.ts";
import { connections } from "../db/schema/index.ts";
import { ApiError } from "../platform/api-error.ts";
import { checkGongConnection } from "../providers/gong/connections/gong-connection.ts";
import { readGongSettings, writeGongSettings } from "../providers/gong/connections/gong-settings.ts";
import type { ProviderName } from "../providers/provider.ts";
import { PROVIDERS, providerNamed } from "../providers/registry.ts";
import { bearerSecurity, createResourceApp, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers.ts";
import { connectionView } from "./views.ts";

/** Zoom, Zoom Contact Center and Gong connections of the organization. */
export const connectionsApp = createResourceApp();
connectionsApp.use("*", requireUser);
const tags = ["connections"];

connectionsApp.openapi(
  createRoute({
    method: "get",
    path: "/",
    summary: "The organization's connections and the caller's own (status only, never credentials)",
    tags,
    security: bearerSecurity,
    responses: {
      200: jsonResponse(z.object({ connections: z.array(ConnectionSchema) }), "Connections"),
      ...errorResponses,
    },
  }),
  async (c) => {
    const { organizationId } = c.var.principal;
    const rows = await c.var.services.db.query.connections.findMany({
      where: eq(connections.organizationId, organizationId),
      orderBy: desc(connections.updatedAt),
    });
    // Providers that pull (Gong) add their progress per connection.
    const progress = await Promise.all(
      PROVIDERS.map((p) => p.syncProgress?.(c.var.services, organizationId) ?? Promise.resolve(undefined)),
    );
    const syncOf = (id: string) => progress.find((m) => m?.has(id))?.get(id);
    return c.json(
      {
        connections: rows.map((row) => {
          const sync = syncOf(row.id);
          return sync ? { ...connectionView(row), sync } : connectionView(row);
        }),
      },
      200,
    );
  },
);

/**
 * `PUT /{path}`: an admin connects the organization with credentials the provider checks with its
 * service first (Provider.connect validates them again with its own schema: a bad field is a 400
 * naming it). One helper for every provider's form, so they cannot drift apart.
 */
function openAccountConnectRoute(provider: ProviderName, path: string, summary: string, schema: ZodType) {
  connectionsApp.openapi(
    createRoute({
      method: "put",
      path,
      summary,
      tags,
      security: bearerSecurity,
      middleware: [requireAdmin] as const,
      request: jsonBody(schema),
      responses: { 200: jsonResponse(ConnectionSchema, "The active connection"), ...errorResponses },
    }),
    async (c) => {
      const connector = providerNamed(provider);
      if (!connector) throw new ApiError("unavailable", `the ${provider} provider is not available`);
      const row = await connector.connect(c.var.services, c.var.principal.organizationId, c.req.valid("json"));
      return c.json(connectionView(row), 200);
    },
  );
}

openAccountConnectRoute(
  "zoom",
  "/zoom/account",
  "Connect the organization's Zoom account with Server-to-Server OAuth credentials (checked with Zoom first)",
  ConfigureZoomAccountRequestSchema,
);
openAccountConnectRoute(
  "zoom_contact_center",
  "/zoom-contact-center/account",
  "Connect the organization's Zoom Contact Center with Server-to-Server OAuth credentials (checked with Zoom first; the app needs contact_center scopes)",
  ConfigureZoomAccountRequestSchema,
);
openAccountConnectRoute(
  "gong",
  "/gong/account",
  "Connect the organization's Gong company with an API access key and secret (checked with Gong first); starts the backfill",
  ConfigureGongAccountRequestSchema,
);

connectionsApp.openapi(
  createRoute({
    method: "post",
    path: "/gong/check",
    summary: "Check the Gong connection with one request to Gong (refreshing an OAuth token when due)",
    tags,
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    responses: { 200: jsonResponse(ConnectionSchema, "The connection, after the check"), ...errorResponses },
  }),
  async (c) => c.json(connectionView(await checkGongConnection(c.var.services, c.var.principal.organizationId)), 200),
);

connectionsApp.openapi(
  createRoute({
    method: "get",
    path: "/gong/settings",
    summary:
      "Gong settings: backfill depth, whether a webhook key is set, and the webhook URL for Gong's automation rule",
    tags,
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    responses: { 200: jsonResponse(GongSettingsSchema, "Gong settings"), ...errorResponses },
  }),
  async (c) =>
    c.json(await readGongSettings(c.var.services, c.var.principal.organizationId, new URL(c.req.url).origin), 200),
);

connectionsApp.openapi(
  createRoute({
    method: "put",
    path: "/gong/settings",
    summary: "Set the Gong backfill depth (days) and the automation-rule webhook's public key (PEM; null removes it)",
    tags,
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: jsonBody(SetGongSettingsRequestSchema),
    responses: { 200: jsonResponse(GongSettingsSchema, "Gong settings"), ...errorResponses },
  }),
  async (c) => {
    const { organizationId } = c.var.principal;
    await writeGongSettings(c.var.services, organizationId, c.req.valid("json"));
    return c.json(await readGongSettings(c.var.services, organizationId, new URL(c.req.url).origin), 200);
  },
);

connectionsApp.openapi(
  createRoute({
    method: "delete",
    path: "/{id}",
    summary: "Disconnect: revoke at the provider, delete the credentials, keep the history",
    tags,
    security: bearerSecurity,
    request: { params: z.object({ id: IdSchema }) },
    responses: { 200: jsonResponse(ConnectionSchema, "The disconnected connection"), ...errorResponses },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { organizationId, role, userId } = c.var.principal;
    const { db } = c.var.services;
    const row = await db.query.connections.findFirst({
      where: and(eq(connections.organizationId, organizationId), eq(connections.id, id)),
    });
    if (!row) throw ApiError.notFound("connection");
    // Members may disconnect their own per-user connections; everything else is an admin's call.
    if (role !== "admin" && !(row.scope === "user" && row.userId === userId)) {
      throw new ApiError("forbidden", "only admins may disconnect this connection");
    }
    const provider = providerNamed(row.provider);
    if (!provider) throw new ApiError("unavailable", `the ${row.provider} provider is not available`);
    await provider.disconnect(c.var.services, row);
    const after = await db.query.connections.findFirst({
      where: and(eq(connections.organizationId, organizationId), eq(connections.id, id)),
    });
    return c.json(connectionView(after ?? row), 200);
  },
);
