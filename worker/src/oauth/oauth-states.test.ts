import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createTestOrg } from "../../test/api-client.ts";
import { createServices } from "../platform/services.ts";
import {
  beginOAuthState,
  consumeOAuthState,
  createOAuthState,
  OAUTH_BEGIN_TTL_MS,
  OAUTH_STATE_TTL_MS,
} from "./oauth-states.ts";
import { pkceChallenge, randomToken, sha256Base64Url } from "./pkce.ts";

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

async function ownerOfNewOrg() {
  const { org, memberId } = await createTestOrg();
  return { organizationId: org.id, userId: memberId, provider: "zoom" as const };
}

/** A state begun in a browser whose binding cookie is `binding`. */
async function begunState(t0: number, owner: Awaited<ReturnType<typeof ownerOfNewOrg>>, binding = randomToken()) {
  const created = await createOAuthState(servicesAt(t0), owner);
  const row = await beginOAuthState(servicesAt(t0), {
    beginTicket: created.beginTicket,
    provider: "zoom",
    browserBinding: binding,
  });
  expect(row?.state).toBe(created.state);
  return { ...created, binding };
}

describe("OAuth states", () => {
  it("are single use, and keep only hashes of the begin ticket and the browser binding", async () => {
    const owner = await ownerOfNewOrg();
    const t0 = Date.now();
    const created = await begunState(t0, owner);
    expect(created.expiresAt.getTime()).toBe(t0 + OAUTH_STATE_TTL_MS);
    const stored = await env.DB.prepare("SELECT * FROM oauth_states WHERE state = ?")
      .bind(created.state)
      .first<Record<string, unknown>>();
    expect(stored?.browser_binding_hash).toBe(await sha256Base64Url(created.binding));
    expect(stored?.begin_ticket_hash).toBeNull();
    expect(JSON.stringify(stored)).not.toContain(created.binding);
    expect(JSON.stringify(stored)).not.toContain(created.beginTicket);

    const first = await consumeOAuthState(servicesAt(t0 + 1000), {
      state: created.state,
      provider: "zoom",
      browserBinding: created.binding,
    });
    expect(first).toMatchObject({ ok: true, row: { userId: owner.userId, organizationId: owner.organizationId } });
    if (first.ok) expect(first.row.codeVerifier).toBe(created.codeVerifier);
    expect(
      await consumeOAuthState(servicesAt(t0 + 2000), {
        state: created.state,
        provider: "zoom",
        browserBinding: created.binding,
      }),
    ).toEqual({ ok: false, reason: "unknown" });
  });

  it("complete only with the binding of the browser that began them, and are spent by any other", async () => {
    const owner = await ownerOfNewOrg();
    const t0 = Date.now();
    const mine = await begunState(t0, owner);
    const other = await begunState(t0, owner);
    for (const browserBinding of [undefined, "", other.binding, `${mine.binding}x`]) {
      const flow = await begunState(t0, owner, mine.binding);
      expect(await consumeOAuthState(servicesAt(t0), { state: flow.state, provider: "zoom", browserBinding })).toEqual({
        ok: false,
        reason: "other_browser",
      });
      // Spent: the right browser cannot complete it afterwards either.
      expect(
        await consumeOAuthState(servicesAt(t0), { state: flow.state, provider: "zoom", browserBinding: mine.binding }),
      ).toEqual({ ok: false, reason: "unknown" });
    }
    // Never begun in a browser: no cookie can complete it.
    const notBegun = await createOAuthState(servicesAt(t0), owner);
    expect(
      await consumeOAuthState(servicesAt(t0), {
        state: notBegun.state,
        provider: "zoom",
        browserBinding: mine.binding,
      }),
    ).toEqual({ ok: false, reason: "other_browser" });
  });

  it("begin once, within 2 minutes, for their own provider", async () => {
    const owner = await ownerOfNewOrg();
    const t0 = Date.now();
    const begin = (at: number, beginTicket: string, provider: "zoom" | "gong" = "zoom") =>
      beginOAuthState(servicesAt(at), { beginTicket, provider, browserBinding: randomToken() });

    const once = await createOAuthState(servicesAt(t0), owner);
    expect(await begin(t0 + 1000, once.beginTicket)).not.toBeNull();
    expect(await begin(t0 + 2000, once.beginTicket)).toBeNull();

    const late = await createOAuthState(servicesAt(t0), owner);
    expect(await begin(t0 + OAUTH_BEGIN_TTL_MS, late.beginTicket)).toBeNull();
    const justInTime = await createOAuthState(servicesAt(t0), owner);
    expect(await begin(t0 + OAUTH_BEGIN_TTL_MS - 1, justInTime.beginTicket)).not.toBeNull();

    const zoomFlow = await createOAuthState(servicesAt(t0), owner);
    expect(await begin(t0, zoomFlow.beginTicket, "gong")).toBeNull();
    expect(await begin(t0, "", "zoom")).toBeNull();
    expect(await begin(t0, zoomFlow.state, "zoom")).toBeNull();
  });

  it("expire after 10 minutes, and are gone after the failed attempt", async () => {
    const owner = await ownerOfNewOrg();
    const t0 = Date.now();
    const late = await begunState(t0, owner);
    const lateInput = { state: late.state, provider: "zoom" as const, browserBinding: late.binding };
    expect(await consumeOAuthState(servicesAt(t0 + OAUTH_STATE_TTL_MS), lateInput)).toEqual({
      ok: false,
      reason: "expired",
    });
    expect(await consumeOAuthState(servicesAt(t0), lateInput)).toEqual({ ok: false, reason: "unknown" });

    const justInTime = await begunState(t0, owner);
    const justInTimeInput = { state: justInTime.state, provider: "zoom" as const, browserBinding: justInTime.binding };
    expect((await consumeOAuthState(servicesAt(t0 + OAUTH_STATE_TTL_MS - 1), justInTimeInput)).ok).toBe(true);

    const gong = await createOAuthState(servicesAt(t0), { ...owner, provider: "gong" });
    expect(
      await consumeOAuthState(servicesAt(t0), { state: gong.state, provider: "zoom", browserBinding: "x" }),
    ).toEqual({
      ok: false,
      reason: "wrong_provider",
    });
  });

  it("sweeps expired states when a new one is created", async () => {
    const owner = await ownerOfNewOrg();
    const t0 = Date.now();
    const old = await createOAuthState(servicesAt(t0 - OAUTH_STATE_TTL_MS - 1), owner);
    await createOAuthState(servicesAt(t0), owner);
    const left = await env.DB.prepare("SELECT count(*) AS n FROM oauth_states WHERE state = ?")
      .bind(old.state)
      .first<{ n: number }>();
    expect(left?.n).toBe(0);
  });
});
