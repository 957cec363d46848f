import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { CreateOrgResponse, CreateUserResponse } from "@sightline/shared";
import worker from "../src/index.ts";

/**
 * Calls the Worker's fetch handler inside workerd with a real Request, as the runtime does. `path` is
 * on http://sightline.test unless it is a whole URL; `json` is the parsed body when it is JSON.
 */
export async function call(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) {
    body = options.rawBody;
    headers["content-type"] = "application/json";
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] = "application/json";
  }
  const url = /^https?:\/\//.test(path) ? path : `http://sightline.test${path}`;
  const request = new Request(url, { method, headers, body, redirect: "manual" });
  const response = await worker.fetch(request, env, createExecutionContext());
  const text = await response.text();
  const isJson = (response.headers.get("content-type") ?? "").includes("json");
  // Tests assert on arbitrary response shapes; `any` keeps them readable.
  // biome-ignore lint/suspicious/noExplicitAny: test-only client
  const json: any = text && isJson ? JSON.parse(text) : null;
  return { status: response.status, headers: response.headers, json, text };
}

let counter = 0;

/** A fresh organization with an admin and a member, each with a token. Every test gets its own. */
export async function createTestOrg(name = "Test Org") {
  counter++;
  const created = await call("POST", "/api/v1/operator/orgs", {
    token: "test-operator-token",
    body: {
      name: `${name} ${counter}`,
      domains: [`ourco${counter}.com`],
      admin: { email: `admin${counter}@ourco.com`, name: "Ada Admin" },
    },
  });
  if (created.status !== 201) throw new Error(`createTestOrg: ${created.status} ${JSON.stringify(created.json)}`);
  const org = created.json as CreateOrgResponse;
  const member = await call("POST", "/api/v1/users", {
    token: org.apiToken.token,
    body: { email: `member${counter}@ourco.com`, name: "Max Member" },
  });
  if (member.status !== 201) throw new Error(`createTestOrg member: ${member.status} ${JSON.stringify(member.json)}`);
  const memberResponse = member.json as CreateUserResponse;
  return {
    org: org.org,
    adminToken: org.apiToken.token,
    adminId: org.admin.id,
    memberToken: memberResponse.apiToken.token,
    memberId: memberResponse.user.id,
  };
}

export async function createAccount(token: string, body: Record<string, unknown>) {
  const res = await call("POST", "/api/v1/accounts", { token, body });
  if (res.status !== 201) throw new Error(`createAccount: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json as { id: string; name: string; domains: string[] };
}
