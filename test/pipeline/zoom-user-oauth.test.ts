import type { Connection, CreateUserResponse } from "@sightline/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runWrangler } from "../../scripts/lib/local-stack.ts";
import { type FakeZoom, startFakeZoom } from "../fakes/fake-zoom.ts";
import { apiFetch, createOrg } from "../support/api.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";

/**
 * Per-user Zoom OAuth against a fake Zoom: a member starts with their API token, "Zoom" issues a
 * code for the PKCE challenge of the authorize URL, the callback links the Zoom user; states are
 * single use; a refresh rotates the refresh token; disconnecting revokes at Zoom.
 */
const USER_APP = { clientId: "user-oauth-client", clientSecret: "user-oauth-secret", accountId: "unused" };
const ZOOM_USER = { userId: "zoom-user-1", accountId: "zoom-acc-users", email: "max@zoomusers.test" };
let zoom: FakeZoom;
let worker: LocalWorker;

beforeAll(async () => {
  zoom = await startFakeZoom([USER_APP]);
  worker = await startLocalWorker({
    vars: {
      ZOOM_OAUTH_BASE: zoom.url,
      ZOOM_API_BASE: `${zoom.url}/v2`,
      ZOOM_CLIENT_ID: USER_APP.clientId,
      ZOOM_CLIENT_SECRET: USER_APP.clientSecret,
    },
  });
});
afterAll(async () => {
  await worker?.stop();
  await zoom?.close();
});

async function start(token: string): Promise<URL> {
  const res = await fetch(`${worker.baseUrl}/oauth/zoom/start`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const { authorizeUrl } = (await res.json()) as { authorizeUrl: string };
  return new URL(authorizeUrl);
}

const callback = (query: Record<string, string>) =>
  fetch(`${worker.baseUrl}/oauth/zoom/callback?${new URLSearchParams(query)}`);

async function zoomToken(params: Record<string, string>) {
  const res = await fetch(`${zoom.url}/oauth/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${USER_APP.clientId}:${USER_APP.clientSecret}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, json: (await res.json()) as { error?: string } };
}

describe("per-user Zoom OAuth", () => {
  it("connects a member's Zoom user, refuses reused or tampered states, refreshes with rotation, revokes", async () => {
    const org = await createOrg(worker.baseUrl, worker.operatorToken, {
      name: "Users Co",
      domains: ["zoomusers.test"],
      admin: { email: "admin@zoomusers.test", name: "Admin" },
    });
    const member = await apiFetch<CreateUserResponse>(worker.baseUrl, org.apiToken.token, "/api/v1/users", {
      body: { email: ZOOM_USER.email, name: "Max Member" },
      expectStatus: 201,
    });
    const token = member.apiToken.token;
    // Short-lived access tokens (inside the 60 s refresh margin): the next use refreshes first.
    zoom.setUserTokenTtl(30);

    expect((await fetch(`${worker.baseUrl}/oauth/zoom/start`)).status).toBe(401);
    const authorize = await start(token);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${zoom.url}/oauth/authorize`);
    expect(authorize.searchParams.get("client_id")).toBe(USER_APP.clientId);
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.toString()).not.toContain(token);
    const state = authorize.searchParams.get("state") ?? "";
    const redirectUri = authorize.searchParams.get("redirect_uri") ?? "";
    expect(redirectUri).toBe(`${worker.baseUrl}/oauth/zoom/callback`);

    // What Zoom's consent page does: a code bound to this PKCE challenge and redirect URI.
    const code = zoom.issueCode({
      ...ZOOM_USER,
      codeChallenge: authorize.searchParams.get("code_challenge") ?? "",
      redirectUri,
    });

    const tampered = await callback({ code, state: `${state.slice(0, -1)}${state.endsWith("A") ? "B" : "A"}` });
    expect(tampered.status).toBe(400);
    expect(tampered.headers.get("content-type")).toContain("application/json");
    expect(((await tampered.json()) as { error: { message: string } }).error.message).toContain("state");

    const done = await callback({ code, state });
    expect(done.status).toBe(200);
    expect(done.headers.get("content-type")).toContain("text/plain");
    expect(await done.text()).toContain("Zoom is connected");
    expect(zoom.grants).toEqual(["authorization_code"]);

    const reused = await callback({ code, state });
    expect(reused.status).toBe(400);

    // A code issued for another PKCE challenge is refused by Zoom at the token exchange.
    const again = await start(token);
    const stolen = zoom.issueCode({ ...ZOOM_USER, codeChallenge: "not-the-challenge-of-this-verifier" });
    const refused = await callback({ code: stolen, state: again.searchParams.get("state") ?? "" });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain("Zoom refused");

    const listed = await apiFetch<{ connections: Connection[] }>(worker.baseUrl, token, "/api/v1/connections");
    expect(listed.connections).toHaveLength(1);
    const connection = listed.connections[0] as Connection;
    expect(connection).toMatchObject({
      provider: "zoom",
      scope: "user",
      userId: member.user.id,
      externalUserId: ZOOM_USER.userId,
      externalAccountId: ZOOM_USER.accountId,
      status: "active",
    });
    expect(JSON.stringify(listed)).not.toContain(zoom.issuedTokens[0]);

    // At rest the tokens are encrypted.
    const stored = await runWrangler(
      [
        "d1",
        "execute",
        "DB",
        "--local",
        "--persist-to",
        worker.persistDir,
        "--command",
        "SELECT credentials_ciphertext FROM connections",
        "--json",
      ],
      `${worker.persistDir}/..`,
      { quiet: true },
    );
    expect(stored).toContain("credentials_ciphertext");
    expect(stored).not.toContain(zoom.issuedTokens[0]);
    expect(stored).not.toContain(zoom.issuedRefreshTokens[0]);

    // Disconnecting: the expired access token is refreshed (rotating the refresh token), then revoked.
    const disconnected = await apiFetch<Connection>(worker.baseUrl, token, `/api/v1/connections/${connection.id}`, {
      method: "DELETE",
    });
    expect(disconnected.status).toBe("disconnected");
    expect(zoom.grants).toEqual(["authorization_code", "refresh_token"]);
    expect(zoom.issuedRefreshTokens).toHaveLength(2);
    expect(zoom.revokedTokens).toEqual([zoom.issuedTokens[1]]);
    const [oldRefresh, newRefresh] = zoom.issuedRefreshTokens;
    expect(await zoomToken({ grant_type: "refresh_token", refresh_token: oldRefresh ?? "" })).toMatchObject({
      status: 400,
      json: { error: "invalid_grant" },
    });
    // The revoke ended the whole grant.
    expect((await zoomToken({ grant_type: "refresh_token", refresh_token: newRefresh ?? "" })).status).toBe(400);

    const after = await apiFetch<{ connections: Connection[] }>(worker.baseUrl, token, "/api/v1/connections");
    expect(after.connections.map((c) => c.status)).toEqual(["disconnected"]);
  });
});
