import { type Connection, ConnectionSchema } from "@sightline/shared";
import { fail, ok, type Result } from "../../shared/messages.ts";
import { callApi } from "../api-client.ts";
import { loadSession } from "../session-store.ts";
import { forgetOnUnauthorized } from "./forget-on-unauthorized.ts";

/** `{ connections: Connection[] }`, each connection checked with the shared schema. */
const ConnectionsBodySchema = {
  safeParse(value: unknown): { success: true; data: { connections: Connection[] } } | { success: false } {
    if (typeof value !== "object" || value === null || !Array.isArray((value as { connections?: unknown }).connections))
      return { success: false };
    const data: Connection[] = [];
    for (const item of (value as { connections: unknown[] }).connections) {
      const parsed = ConnectionSchema.safeParse(item);
      if (!parsed.success) return { success: false };
      data.push(parsed.data);
    }
    return { success: true, data: { connections: data } };
  },
};

/** GET /api/v1/connections: the organization's Zoom, Zoom Contact Center and Gong connections (status only). */
export async function getConnections(): Promise<Result<Connection[]>> {
  const { backendUrl, token } = await loadSession();
  if (!token) return fail("unauthorized", "Sign in first", backendUrl);
  const result = await forgetOnUnauthorized(
    await callApi({ backendUrl, token }, (api, init) => api.GET("/connections", init), ConnectionsBodySchema),
  );
  return result.ok ? ok(result.value.connections) : result;
}

/** DELETE /api/v1/connections/{id}; the backend decides who may (admins any, members their own). */
export async function disconnect(input: { id: string }): Promise<Result<Connection>> {
  const { backendUrl, token } = await loadSession();
  if (!token) return fail("unauthorized", "Sign in first", backendUrl);
  const path = { id: input.id };
  return forgetOnUnauthorized(
    await callApi(
      { backendUrl, token },
      (api, init) => api.DELETE("/connections/{id}", { params: { path }, ...init }),
      ConnectionSchema,
    ),
  );
}

/** PUT /api/v1/connections/gong/account: an admin's Gong access key and secret (checked by the backend with Gong). */
export async function connectGongKey(input: {
  accessKey: string;
  accessKeySecret: string;
}): Promise<Result<Connection>> {
  const { backendUrl, token } = await loadSession();
  if (!token) return fail("unauthorized", "Sign in first", backendUrl);
  const body = { accessKey: input.accessKey, accessKeySecret: input.accessKeySecret };
  return forgetOnUnauthorized(
    await callApi(
      { backendUrl, token },
      (api, init) => api.PUT("/connections/gong/account", { body, ...init }),
      ConnectionSchema,
    ),
  );
}

/**
 * PUT /api/v1/connections/zoom/account or /zoom-contact-center/account: an admin's Server-to-Server
 * OAuth app (account id, client id and secret); the backend checks them with Zoom before storing them sealed.
 */
export async function connectZoomAccount(input: {
  provider: "zoom" | "zoom_contact_center";
  accountId: string;
  clientId: string;
  clientSecret: string;
}): Promise<Result<Connection>> {
  const { backendUrl, token } = await loadSession();
  if (!token) return fail("unauthorized", "Sign in first", backendUrl);
  const body = { accountId: input.accountId, clientId: input.clientId, clientSecret: input.clientSecret };
  return forgetOnUnauthorized(
    await callApi(
      { backendUrl, token },
      (api, init) =>
        input.provider === "zoom"
          ? api.PUT("/connections/zoom/account", { body, ...init })
          : api.PUT("/connections/zoom-contact-center/account", { body, ...init }),
      ConnectionSchema,
    ),
  );
}
