import type { CreateOrgRequest, CreateOrgResponse } from "@sightline/shared";

/** JSON over HTTP to a running worker; throws with the server's error body on an unexpected status. */
export async function apiFetch<T = unknown>(
  baseUrl: string,
  token: string | null,
  path: string,
  init: { method?: string; body?: unknown; expectStatus?: number } = {},
): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  const expected = init.expectStatus ?? (res.ok ? res.status : 200);
  if (res.status !== expected) throw new Error(`${init.method ?? "GET"} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

export function createOrg(baseUrl: string, operatorToken: string, body: CreateOrgRequest): Promise<CreateOrgResponse> {
  return apiFetch<CreateOrgResponse>(baseUrl, operatorToken, "/api/v1/operator/orgs", { body, expectStatus: 201 });
}
