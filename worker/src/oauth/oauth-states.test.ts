import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createTestOrg } from "../../test/api-client.ts";
import { createServices } from "../platform/services.ts";
import { consumeOAuthState, createOAuthState, OAUTH_STATE_TTL_MS } from "./oauth-states.ts";
import { pkceChallenge, randomToken } from "./pkce.ts";

const servicesAt = (ms: number) => createServices(env, { test: "oauth" }, { now: () => new Date(ms) });

describe("PKCE", () => {
  it("computes the S256 challenge of RFC 7636 appendix B", async () => {
    expect(await pkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe(
      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
  });

  it("makes URL-safe random verifiers of 43 characters", () => {
    const a = randomToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(a);
  });
});

describe("OAuth states", () => {
  it("are single use", async () => {
    const { org, memberId } = await createTestOrg();
    const t0 = Date.now();
    const created = await createOAuthState(servicesAt(t0), {
      organizationId: org.id,
      userId: memberId,
      provider: "zoom",
    });
    expect(created.expiresAt.getTime()).toBe(t0 + OAUTH_STATE_TTL_MS);
    const first = await consumeOAuthState(servicesAt(t0 + 1000), created.state, "zoom");
    expect(first).toMatchObject({ ok: true, row: { userId: memberId, organizationId: org.id } });
    if (first.ok) expect(first.row.codeVerifier).toBe(created.codeVerifier);
    expect(await consumeOAuthState(servicesAt(t0 + 2000), created.state, "zoom")).toEqual({
      ok: false,
      reason: "unknown",
    });
  });

  it("expire after 10 minutes, and are gone after the failed attempt", async () => {
    const { org, memberId } = await createTestOrg();
    const t0 = Date.now();
    const owner = { organizationId: org.id, userId: memberId, provider: "zoom" as const };
    const late = await createOAuthState(servicesAt(t0), owner);
    expect(await consumeOAuthState(servicesAt(t0 + OAUTH_STATE_TTL_MS), late.state, "zoom")).toEqual({
      ok: false,
      reason: "expired",
    });
    expect(await consumeOAuthState(servicesAt(t0), late.state, "zoom")).toEqual({ ok: false, reason: "unknown" });

    const justInTime = await createOAuthState(servicesAt(t0), owner);
    expect((await consumeOAuthState(servicesAt(t0 + OAUTH_STATE_TTL_MS - 1), justInTime.state, "zoom")).ok).toBe(true);

    const gong = await createOAuthState(servicesAt(t0), { ...owner, provider: "gong" });
    expect(await consumeOAuthState(servicesAt(t0), gong.state, "zoom")).toEqual({
      ok: false,
      reason: "wrong_provider",
    });
  });

  it("sweeps expired states when a new one is created", async () => {
    const { org, memberId } = await createTestOrg();
    const t0 = Date.now();
    const owner = { organizationId: org.id, userId: memberId, provider: "zoom" as const };
    const old = await createOAuthState(servicesAt(t0 - OAUTH_STATE_TTL_MS - 1), owner);
    await createOAuthState(servicesAt(t0), owner);
    const left = await env.DB.prepare("SELECT count(*) AS n FROM oauth_states WHERE state = ?")
      .bind(old.state)
      .first<{ n: number }>();
    expect(left?.n).toBe(0);
  });
});

describe("/oauth/zoom routes", () => {
  it("start needs the user's bearer token and answers an authorize URL with state and PKCE", async () => {
    expect((await call("GET", "/oauth/zoom/start")).status).toBe(401);
    expect((await call("GET", "/oauth/zoom/start?token=whatever")).status).toBe(401);
    const { memberToken, memberId } = await createTestOrg();
    const started = await call("GET", "/oauth/zoom/start", { token: memberToken });
    expect(started.status).toBe(200);
    const url = new URL(started.json.authorizeUrl);
    expect(`${url.origin}${url.pathname}`).toBe("http://127.0.0.1:9/oauth/authorize");
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: "code",
      client_id: "test-zoom-client-id",
      redirect_uri: "http://sightline.test/oauth/zoom/callback",
      code_challenge_method: "S256",
    });
    const state = url.searchParams.get("state") ?? "";
    const row = await env.DB.prepare("SELECT user_id, code_verifier FROM oauth_states WHERE state = ?")
      .bind(state)
      .first<{ user_id: string; code_verifier: string }>();
    expect(row?.user_id).toBe(memberId);
    expect(url.searchParams.get("code_challenge")).toBe(await pkceChallenge(row?.code_verifier ?? ""));
    expect(started.json.authorizeUrl).not.toContain(row?.code_verifier);
  });

  it("callback refuses unknown states with a JSON 400, and a state fails once Zoom was tried", async () => {
    const bogus = await call("GET", "/oauth/zoom/callback?code=c&state=not-a-state");
    expect(bogus.status).toBe(400);
    expect(bogus.headers.get("content-type")).toContain("application/json");
    expect(bogus.json.error.message).toContain("state");

    const { memberToken } = await createTestOrg();
    const started = await call("GET", "/oauth/zoom/start", { token: memberToken });
    const state = new URL(started.json.authorizeUrl).searchParams.get("state") ?? "";
    // Zoom (port 9 here) is unreachable: the attempt fails, and the state is spent anyway.
    expect((await call("GET", `/oauth/zoom/callback?code=c&state=${state}`)).status).toBe(503);
    expect((await call("GET", `/oauth/zoom/callback?code=c&state=${state}`)).status).toBe(400);
  });

  it("callback with Zoom's error (user denied) spends the state and says so", async () => {
    const { memberToken } = await createTestOrg();
    const started = await call("GET", "/oauth/zoom/start", { token: memberToken });
    const state = new URL(started.json.authorizeUrl).searchParams.get("state") ?? "";
    const denied = await call("GET", `/oauth/zoom/callback?error=access_denied<b>&state=${state}`);
    expect(denied.status).toBe(400);
    expect(denied.json.error.message).toContain("(access_deniedb)");
  });
});
