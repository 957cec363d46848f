import type { Connection, CreateUserResponse } from "@sightline/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runWrangler } from "../../scripts/lib/local-stack.ts";
import { type FakeZoom, type FakeZoomUser, startFakeZoom } from "../fakes/fake-zoom.ts";
import { apiFetch, createOrg } from "../support/api.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { TestBrowser } from "../support/test-browser.ts";

/**
 * Per-user Zoom OAuth against a fake Zoom, with browsers that keep their own cookies: a member
 * starts with their API token (as the extension does), opens the begin URL in their browser, which
 * gets the binding cookie, consents at "Zoom" and comes back to the callback, which links the Zoom
 * user; states are single use; a refresh rotates the refresh token; disconnecting revokes at Zoom.
 * Then what the binding and the e-mail check refuse: a callback (or an authorize URL, or a begin
 * link) carried into another person's browser, and a Zoom user under another e-mail until an admin
 * allows it.
 */
const USER_APP = { clientId: "user-oauth-client", clientSecret: "user-oauth-secret", accountId: "unused" };
const ZOOM_USER = { userId: "zoom-user-1", accountId: "zoom-acc-users", email: "Max@ZoomUsers.test" };
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

/** What the extension's background does: GET /oauth/zoom/start with the bearer token. */
async function start(token: string): Promise<string> {
  const res = await fetch(`${worker.baseUrl}/oauth/zoom/start`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const { beginUrl } = (await res.json()) as { beginUrl: string };
  expect(beginUrl.startsWith(`${worker.baseUrl}/oauth/zoom/begin?ticket=`)).toBe(true);
  return beginUrl;
}

/** A browser signed in to (fake) Zoom as `user`. */
function browserOf(user: FakeZoomUser): TestBrowser {
  const browser = new TestBrowser();
  browser.addCookie(zoom.url, zoom.sessionCookie(user));
  return browser;
}

const isCallback = (url: URL) => url.pathname === "/oauth/zoom/callback";

/** The whole flow in one browser, as the extension's tab runs it; the final page. */
async function connectIn(browser: TestBrowser, token: string) {
  const { response } = await browser.navigate(await start(token));
  if (!response) throw new Error("no answer");
  return { status: response.status, type: response.headers.get("content-type") ?? "", text: await response.text() };
}

/** Runs the flow in `browser` up to Zoom's redirect back, and returns that callback URL unvisited. */
async function callbackUrlFrom(browser: TestBrowser, token: string): Promise<URL> {
  const walked = await browser.navigate(await start(token), { stopBefore: isCallback });
  expect(walked.response).toBeNull();
  return walked.url;
}

/** The per-user connections of the token's own user (the list shows the whole organization's). */
async function connectionsOf(token: string): Promise<Connection[]> {
  const me = await apiFetch<{ user: { id: string } }>(worker.baseUrl, token, "/api/v1/me");
  const { connections } = await apiFetch<{ connections: Connection[] }>(worker.baseUrl, token, "/api/v1/connections");
  return connections.filter((c) => c.userId === me.user.id);
}

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
      // Zoom says "Max@ZoomUsers.test": e-mails compare case-insensitively.
      body: { email: "max@zoomusers.test", name: "Max Member" },
      expectStatus: 201,
    });
    const token = member.apiToken.token;
    // Short-lived access tokens (inside the 60 s refresh margin): the next use refreshes first.
    zoom.setUserTokenTtl(30);

    expect((await fetch(`${worker.baseUrl}/oauth/zoom/start`)).status).toBe(401);
    const maxBrowser = browserOf(ZOOM_USER);
    const beginUrl = await start(token);
    expect(beginUrl).not.toContain(token);
    const walked = await maxBrowser.navigate(beginUrl, { stopBefore: isCallback });
    // begin -> Zoom's authorize page (with state and PKCE, never the binding) -> back to the callback.
    const authorize = walked.visited[1] as URL;
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${zoom.url}/oauth/authorize`);
    expect(authorize.searchParams.get("client_id")).toBe(USER_APP.clientId);
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("redirect_uri")).toBe(`${worker.baseUrl}/oauth/zoom/callback`);
    const binding = maxBrowser.cookie(worker.baseUrl, "sightline_oauth_zoom") ?? "";
    expect(binding).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.toString()).not.toContain(binding);
    expect(authorize.toString()).not.toContain(token);
    const callbackUrl = walked.url;
    const state = callbackUrl.searchParams.get("state") ?? "";
    expect(state).toBe(authorize.searchParams.get("state"));

    const tampered = new URL(callbackUrl);
    tampered.searchParams.set("state", `${state.slice(0, -1)}${state.endsWith("A") ? "B" : "A"}`);
    const tamperedAnswer = (await maxBrowser.navigate(tampered.toString(), { accept: "application/json" })).response;
    expect(tamperedAnswer?.status).toBe(400);
    expect(tamperedAnswer?.headers.get("content-type")).toContain("application/json");
    expect(((await tamperedAnswer?.json()) as { error: { message: string } } | undefined)?.error.message).toContain(
      "state",
    );
    // The refused callback cleared the binding: begin again in the same browser.
    expect(maxBrowser.cookie(worker.baseUrl, "sightline_oauth_zoom")).toBeUndefined();

    const second = await callbackUrlFrom(maxBrowser, token);
    const done = (await maxBrowser.navigate(second.toString())).response;
    expect(done?.status).toBe(200);
    expect(done?.headers.get("content-type")).toContain("text/plain");
    expect(await done?.text()).toBe("Zoom is connected to Sightline. You can close this tab.\n");
    expect(zoom.grants).toEqual(["authorization_code"]);
    expect(maxBrowser.cookie(worker.baseUrl, "sightline_oauth_zoom")).toBeUndefined();
    expect((await maxBrowser.navigate(second.toString())).response?.status).toBe(400);

    // A code issued for another PKCE challenge is refused by Zoom at the token exchange.
    const again = await callbackUrlFrom(maxBrowser, token);
    again.searchParams.set(
      "code",
      zoom.issueCode({ ...ZOOM_USER, codeChallenge: "not-the-challenge-of-this-verifier" }),
    );
    const refused = (await maxBrowser.navigate(again.toString())).response;
    expect(refused?.status).toBe(400);
    expect(await refused?.text()).toContain("Zoom refused");

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

describe("what the browser binding and the e-mail check refuse", () => {
  async function orgWithPeople(tag: string) {
    const org = await createOrg(worker.baseUrl, worker.operatorToken, {
      name: `Deputy ${tag}`,
      domains: [`${tag}.test`],
      admin: { email: `admin@${tag}.test`, name: "Admin" },
    });
    const person = async (local: string) =>
      (
        await apiFetch<CreateUserResponse>(worker.baseUrl, org.apiToken.token, "/api/v1/users", {
          body: { email: `${local}@${tag}.test`, name: local },
          expectStatus: 201,
        })
      ).apiToken.token;
    return { adminToken: org.apiToken.token, mallory: await person("mallory"), victor: await person("victor") };
  }

  it("a callback, authorize URL or begin link carried into another browser links nothing", async () => {
    const { mallory, victor } = await orgWithPeople("deputy");
    const malloryZoom = { userId: "zoom-mallory", accountId: "zoom-acc-deputy", email: "mallory@deputy.test" };
    const victorZoom = { userId: "zoom-victor", accountId: "zoom-acc-deputy", email: "victor@deputy.test" };
    const malloryBrowser = browserOf(malloryZoom);
    const victorBrowser = browserOf(victorZoom);
    const tokensBefore = zoom.issuedTokens.length;

    // 1. Mallory runs her own flow up to Zoom's redirect and sends the callback URL (her code, her
    //    state) to Victor: his browser, without her binding cookie, or with his own flow's, is refused.
    for (const ownFlowFirst of [false, true]) {
      if (ownFlowFirst) await victorBrowser.navigate(await start(victor), { stopBefore: isCallback });
      const lure = await callbackUrlFrom(malloryBrowser, mallory);
      const answer = (await victorBrowser.navigate(lure.toString())).response;
      expect(answer?.status).toBe(403);
      expect(answer?.headers.get("content-type")).toContain("text/plain");
      expect(await answer?.text()).toContain("started in another browser");
      // Spent: Mallory cannot finish it herself afterwards either.
      expect((await malloryBrowser.navigate(lure.toString())).response?.status).toBe(400);
    }

    // 2. Mallory begins in her browser and sends Zoom's authorize URL to Victor: Victor's Zoom
    //    consents, but the callback comes back to his browser, which holds no binding for her state.
    const authorizeUrl = (
      await malloryBrowser.navigate(await start(mallory), { stopBefore: (u) => u.origin === zoom.url })
    ).url;
    const victorAnswer = await victorBrowser.navigate(authorizeUrl.toString());
    expect(victorAnswer.visited.map((u) => u.pathname)).toEqual(["/oauth/authorize", "/oauth/zoom/callback"]);
    expect(victorAnswer.response?.status).toBe(403);

    // 3. Mallory sends Victor a fresh begin link: opened from a page on another site, it is refused
    //    before any cookie is set; Victor's browser never reaches Zoom.
    const beginLure = await start(mallory);
    const lured = await victorBrowser.navigate(beginLure, { from: "other-site" });
    expect(lured.response?.status).toBe(403);
    expect(await lured.response?.text()).toContain("opened from another web site");
    expect(lured.visited).toHaveLength(1);

    // Not one token was even requested from Zoom for these, and nobody is linked.
    expect(zoom.issuedTokens.length).toBe(tokensBefore);
    expect(await connectionsOf(mallory)).toEqual([]);
    expect(await connectionsOf(victor)).toEqual([]);

    // Each in their own browser connects their own Zoom user.
    expect((await connectIn(victorBrowser, victor)).status).toBe(200);
    expect((await connectIn(malloryBrowser, mallory)).status).toBe(200);
    expect((await connectionsOf(victor)).map((c) => c.externalUserId)).toEqual(["zoom-victor"]);
    expect((await connectionsOf(mallory)).map((c) => c.externalUserId)).toEqual(["zoom-mallory"]);
  });

  it("a Zoom user under another e-mail is refused and revoked, until an admin allows it", async () => {
    const { adminToken, victor } = await orgWithPeople("mismatch");
    // Victor's browser is signed in to a Zoom account that is not his work address.
    const personalZoom = { userId: "zoom-personal", accountId: "zoom-acc-personal", email: "vic@personal.test" };
    const browser = browserOf(personalZoom);

    const refused = await connectIn(browser, victor);
    expect(refused.status).toBe(403);
    expect(refused.type).toContain("text/plain");
    expect(refused.text).toContain(
      "the Zoom account you authorized (vic@personal.test) is not the one of your Sightline user (victor@mismatch.test)",
    );
    expect(refused.text).toContain("ask a Sightline admin");
    expect(await connectionsOf(victor)).toEqual([]);
    // The tokens Zoom issued for it were revoked at once (the whole grant ended).
    const issued = zoom.issuedTokens.at(-1) ?? "";
    expect(zoom.revokedTokens).toContain(issued);

    await apiFetch(worker.baseUrl, adminToken, "/api/v1/org/zoom-oauth", {
      method: "PUT",
      body: { allowZoomEmailMismatch: true },
    });
    expect((await connectIn(browser, victor)).status).toBe(200);
    expect(await connectionsOf(victor)).toMatchObject([
      { provider: "zoom", scope: "user", externalUserId: "zoom-personal", status: "active" },
    ]);
  });
});
