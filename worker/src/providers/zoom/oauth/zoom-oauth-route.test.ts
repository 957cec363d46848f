import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createTestOrg } from "../../../../test/api-client.ts";
import { pkceChallenge } from "../../../oauth/pkce.ts";

/**
 * The browser-bound flow: start (bearer) -> begin (the tab: cookie + redirect to Zoom) -> callback
 * (state + that cookie). Zoom is port 9 here (refused at once): a callback that gets past the state
 * and the browser check answers 503, one refused before it 400 or 403.
 */
const COOKIE = "sightline_oauth_zoom";

async function start(token: string): Promise<URL> {
  const started = await call("GET", "/oauth/zoom/start", { token });
  expect(started.status).toBe(200);
  expect(started.headers.get("cache-control")).toBe("no-store");
  return new URL(started.json.beginUrl);
}

/** What the tab does with the begin URL: returns Zoom's authorize URL and the binding cookie. */
async function begin(beginUrl: URL, headers: Record<string, string> = { "sec-fetch-site": "none" }) {
  const res = await call("GET", beginUrl.toString(), { headers });
  expect(res.status).toBe(302);
  const setCookie = res.headers.get("set-cookie") ?? "";
  const cookie = new RegExp(`^${COOKIE}=([^;]+)`).exec(setCookie)?.[1] ?? "";
  expect(cookie).toMatch(/^[A-Za-z0-9_-]{43}$/);
  return { authorize: new URL(res.headers.get("location") ?? ""), cookie, setCookie };
}

const callback = (state: string, cookie?: string, extra: Record<string, string> = {}) =>
  call("GET", `/oauth/zoom/callback?${new URLSearchParams({ code: "c", state, ...extra })}`, {
    headers: cookie === undefined ? {} : { cookie: `${COOKIE}=${cookie}` },
  });

const connectionsOf = async (userId: string) =>
  (await env.DB.prepare("SELECT count(*) AS n FROM connections WHERE user_id = ?").bind(userId).first<{ n: number }>())
    ?.n;

describe("/oauth/zoom/start and /begin", () => {
  it("start needs the bearer token and answers a one-time begin URL on the Worker's own origin", async () => {
    expect((await call("GET", "/oauth/zoom/start")).status).toBe(401);
    expect((await call("GET", "/oauth/zoom/start?token=whatever")).status).toBe(401);
    const { memberToken, memberId } = await createTestOrg();
    const beginUrl = await start(memberToken);
    expect(`${beginUrl.origin}${beginUrl.pathname}`).toBe("http://sightline.test/oauth/zoom/begin");
    expect([...beginUrl.searchParams.keys()]).toEqual(["ticket"]);
    const row = await env.DB.prepare("SELECT state, begin_ticket_hash FROM oauth_states WHERE user_id = ?")
      .bind(memberId)
      .first<{ state: string; begin_ticket_hash: string }>();
    expect(row?.begin_ticket_hash).toBeTruthy();
    expect(beginUrl.toString()).not.toContain(row?.state);
  });

  it("begin sets the HttpOnly, SameSite=Lax callback cookie and redirects to Zoom with state and PKCE, once", async () => {
    const { memberToken, memberId } = await createTestOrg();
    const beginUrl = await start(memberToken);
    const { authorize, cookie, setCookie } = await begin(beginUrl);
    expect(setCookie).toContain("Path=/oauth/zoom/callback");
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Lax");
    // As long as the state lives (10 minutes from start).
    expect(Number(/Max-Age=(\d+)/.exec(setCookie)?.[1])).toBeGreaterThan(540);
    expect(Number(/Max-Age=(\d+)/.exec(setCookie)?.[1])).toBeLessThanOrEqual(600);
    expect(setCookie).not.toContain("Secure"); // plain http (local development) only
    expect(`${authorize.origin}${authorize.pathname}`).toBe("http://127.0.0.1:9/oauth/authorize");
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: "code",
      client_id: "test-zoom-client-id",
      redirect_uri: "http://sightline.test/oauth/zoom/callback",
      code_challenge_method: "S256",
    });
    const row = await env.DB.prepare("SELECT state, code_verifier FROM oauth_states WHERE user_id = ?")
      .bind(memberId)
      .first<{ state: string; code_verifier: string }>();
    expect(authorize.searchParams.get("state")).toBe(row?.state);
    expect(authorize.searchParams.get("code_challenge")).toBe(await pkceChallenge(row?.code_verifier ?? ""));
    // Neither the binding nor the verifier ever travels to Zoom.
    expect(authorize.toString()).not.toContain(cookie);
    expect(authorize.toString()).not.toContain(row?.code_verifier);

    const again = await call("GET", beginUrl.toString(), { headers: { "sec-fetch-site": "none" } });
    expect(again.status).toBe(400);
    expect(again.headers.get("set-cookie")).toBeNull();
    expect(again.json.error.message).toContain("already used or has expired");
  });

  it("begin over https marks the cookie Secure", async () => {
    const { memberToken } = await createTestOrg();
    const beginUrl = await start(memberToken);
    beginUrl.protocol = "https:";
    const { setCookie, authorize } = await begin(beginUrl);
    expect(setCookie).toContain("Secure");
    expect(authorize.searchParams.get("redirect_uri")).toBe("https://sightline.test/oauth/zoom/callback");
  });

  it("begin refuses a navigation another web site started, without spending the ticket", async () => {
    const { memberToken } = await createTestOrg();
    const beginUrl = await start(memberToken);
    for (const site of ["cross-site", "same-site"]) {
      const lured = await call("GET", beginUrl.toString(), { headers: { "sec-fetch-site": site } });
      expect(lured.status).toBe(403);
      expect(lured.headers.get("set-cookie")).toBeNull();
      expect(lured.json.error.message).toContain("opened from another web site");
    }
    await begin(beginUrl, { "sec-fetch-site": "same-origin" });
  });
});

describe("/oauth/zoom/callback", () => {
  it("refuses unknown states with a JSON 400", async () => {
    const bogus = await callback("not-a-state", "whatever");
    expect(bogus.status).toBe(400);
    expect(bogus.headers.get("content-type")).toContain("application/json");
    expect(bogus.json.error.message).toContain("state");
  });

  it("goes on to Zoom only in the browser that began the flow; any other browser spends the state and links nothing", async () => {
    const { memberToken, memberId } = await createTestOrg();
    const other = await begin(await start(memberToken));

    // The confused deputy: the callback URL (state and a code) completed by a browser without the
    // binding cookie, or with the cookie of another flow (even the same user's).
    for (const cookie of [undefined, other.cookie]) {
      const { authorize } = await begin(await start(memberToken));
      const state = authorize.searchParams.get("state") ?? "";
      const refused = await callback(state, cookie);
      expect(refused.status).toBe(403);
      expect(refused.json.error).toMatchObject({ code: "forbidden" });
      expect(refused.json.error.message).toContain("started in another browser");
      expect(await connectionsOf(memberId)).toBe(0);
      expect((await callback(state, cookie)).status).toBe(400);
    }

    // The browser that began it gets through to the code exchange (Zoom unreachable here: 503), and
    // the cookie is cleared on the way out, whatever the outcome.
    const mine = await begin(await start(memberToken));
    const reached = await callback(mine.authorize.searchParams.get("state") ?? "", mine.cookie);
    expect(reached.status).toBe(503);
    expect(reached.headers.get("set-cookie")).toMatch(new RegExp(`^${COOKIE}=;.*Max-Age=0.*Path=/oauth/zoom/callback`));
    // Spent: a second try with the same cookie is an unknown state.
    expect((await callback(mine.authorize.searchParams.get("state") ?? "", mine.cookie)).status).toBe(400);
  });

  it("answers a browser with a plain-text page that renders nothing from the URL", async () => {
    const { memberToken } = await createTestOrg();
    const { authorize } = await begin(await start(memberToken));
    const page = await call("GET", `/oauth/zoom/callback?code=<script>&state=${authorize.searchParams.get("state")}`, {
      headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" },
    });
    expect(page.status).toBe(403);
    expect(page.headers.get("content-type")).toContain("text/plain");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(page.text).toContain("Sightline could not connect Zoom.");
    expect(page.text).toContain("started in another browser");
    expect(page.text).not.toContain("<script>");
  });

  it("with Zoom's error (user denied) spends the state and says so", async () => {
    const { memberToken } = await createTestOrg();
    const { authorize, cookie } = await begin(await start(memberToken));
    const state = authorize.searchParams.get("state") ?? "";
    const denied = await call("GET", `/oauth/zoom/callback?error=access_denied<b>&state=${state}`, {
      headers: { cookie: `${COOKIE}=${cookie}` },
    });
    expect(denied.status).toBe(400);
    expect(denied.json.error.message).toContain("(access_deniedb)");
    expect((await callback(state, cookie)).status).toBe(400);
  });
});

describe("/api/v1/org/zoom-oauth", () => {
  it("is off by default; an admin turns the e-mail mismatch allowance on and off", async () => {
    const { adminToken, memberToken } = await createTestOrg();
    const other = await createTestOrg();
    expect((await call("GET", "/api/v1/org/zoom-oauth", { token: adminToken })).json).toEqual({
      allowZoomEmailMismatch: false,
    });
    const member = await call("PUT", "/api/v1/org/zoom-oauth", {
      token: memberToken,
      body: { allowZoomEmailMismatch: true },
    });
    expect(member.status).toBe(403);
    const on = await call("PUT", "/api/v1/org/zoom-oauth", {
      token: adminToken,
      body: { allowZoomEmailMismatch: true },
    });
    expect(on.json).toEqual({ allowZoomEmailMismatch: true });
    expect((await call("GET", "/api/v1/org/zoom-oauth", { token: adminToken })).json).toEqual({
      allowZoomEmailMismatch: true,
    });
    // Another organization's setting is its own.
    expect((await call("GET", "/api/v1/org/zoom-oauth", { token: other.adminToken })).json).toEqual({
      allowZoomEmailMismatch: false,
    });
    const off = await call("PUT", "/api/v1/org/zoom-oauth", {
      token: adminToken,
      body: { allowZoomEmailMismatch: false },
    });
    expect(off.json).toEqual({ allowZoomEmailMismatch: false });
  });
});
