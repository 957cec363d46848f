import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createTestOrg } from "../../../../test/api-client.ts";
import { connectionCredentialsBinding } from "../../../connections/token-crypto.ts";
import { createServices, type Services } from "../../../platform/services.ts";
import { getZoomUserAccessToken, refreshZoomUserToken } from "./zoom-token-refresh.ts";
import { upsertZoomUserConnection, ZoomTokenError, type ZoomUserCredentials } from "./zoom-user-connection.ts";

/**
 * A Zoom token endpoint in-process (fetch spied): refresh tokens rotate, the old one is refused.
 * `onRefresh` runs while Zoom is "answering", to let another writer slip in.
 */
function fakeTokenEndpoint(firstRefresh: string, onRefresh?: () => Promise<void>) {
  let live = firstRefresh;
  let n = 0;
  const calls: string[] = [];
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = new Request(input as RequestInfo).url;
    if (!url.endsWith("/oauth/token")) throw new Error(`unexpected fetch ${url}`);
    const form = new URLSearchParams(String(init?.body ?? ""));
    expect(new Headers(init?.headers).get("authorization")).toBe(
      `Basic ${btoa("test-zoom-client-id:test-zoom-client-secret")}`,
    );
    const presented = form.get("refresh_token") ?? "";
    calls.push(presented);
    await onRefresh?.();
    if (form.get("grant_type") !== "refresh_token" || presented !== live)
      return Response.json({ reason: "Invalid Token!", error: "invalid_grant" }, { status: 400 });
    n++;
    live = `rt-${n}`;
    return Response.json({ access_token: `at-${n}`, refresh_token: live, expires_in: 3600, token_type: "bearer" });
  });
  return { calls, spy, live: () => live };
}

async function setup(credentials: Partial<ZoomUserCredentials> = {}) {
  const { org, memberId } = await createTestOrg();
  const services = createServices(env, { test: "refresh" });
  const row = await upsertZoomUserConnection(
    services,
    { organizationId: org.id, userId: memberId },
    // A Zoom account belongs to one organization: each test's organization gets its own.
    { id: `zu-${memberId}`, account_id: `zacc-${memberId}` },
    {
      clientId: "test-zoom-client-id",
      accessToken: "at-0",
      refreshToken: "rt-0",
      accessTokenExpiresAt: Date.now() - 1000,
      ...credentials,
    },
  );
  return { services, row };
}

async function stored(services: Services, id: string) {
  const row = await services.db.query.connections.findFirst({ where: (c, { eq }) => eq(c.id, id) });
  if (!row?.credentialsCiphertext || !row.credentialsIv || !row.keyVersion) return { row, credentials: null };
  const credentials = await services.vault.open<ZoomUserCredentials>(connectionCredentialsBinding(row), {
    ciphertext: row.credentialsCiphertext,
    iv: row.credentialsIv,
    keyVersion: row.keyVersion,
  });
  return { row, credentials };
}

afterEach(() => vi.restoreAllMocks());

describe("refreshZoomUserToken", () => {
  it("uses a fresh stored token without calling Zoom", async () => {
    const { services, row } = await setup({ accessTokenExpiresAt: Date.now() + 3_600_000 });
    const zoom = fakeTokenEndpoint("rt-0");
    expect(await getZoomUserAccessToken(services, row)).toBe("at-0");
    expect(zoom.calls).toEqual([]);
  });

  it("refreshes an expired token once for concurrent callers and stores the rotated refresh token", async () => {
    const { services, row } = await setup();
    const zoom = fakeTokenEndpoint("rt-0");
    const tokens = await Promise.all([
      getZoomUserAccessToken(services, row),
      getZoomUserAccessToken(services, row),
      refreshZoomUserToken(services, row),
    ]);
    expect(tokens).toEqual(["at-1", "at-1", "at-1"]);
    expect(zoom.calls).toEqual(["rt-0"]);
    const after = await stored(services, row.id);
    expect(after.credentials).toMatchObject({ accessToken: "at-1", refreshToken: "rt-1" });
    expect(after.credentials?.accessTokenExpiresAt).toBeGreaterThan(Date.now() + 3_000_000);

    // A caller holding the row read before that refresh gets the stored token, not a second refresh.
    expect(await refreshZoomUserToken(services, row)).toBe("at-1");
    expect(zoom.calls).toEqual(["rt-0"]);
  });

  it("loses a race without overwriting the winner (optimistic lock on the ciphertext)", async () => {
    const { services, row } = await setup();
    // While Zoom answers us, another isolate stores its own refreshed tokens.
    const zoom = fakeTokenEndpoint("rt-0", async () => {
      if (zoom.calls.length !== 1) return;
      await upsertZoomUserConnection(
        services,
        { organizationId: row.organizationId, userId: row.userId ?? "" },
        { id: row.externalUserId ?? "", account_id: row.externalAccountId ?? "" },
        {
          clientId: "test-zoom-client-id",
          accessToken: "at-winner",
          refreshToken: "rt-winner",
          accessTokenExpiresAt: Date.now() + 3_600_000,
        },
      );
    });
    expect(await refreshZoomUserToken(services, row)).toBe("at-winner");
    expect((await stored(services, row.id)).credentials).toMatchObject({ refreshToken: "rt-winner" });
  });

  it("uses the winner's token when Zoom refuses an already-rotated refresh token", async () => {
    const { services, row } = await setup();
    const zoom = fakeTokenEndpoint("rt-elsewhere", async () => {
      await upsertZoomUserConnection(
        services,
        { organizationId: row.organizationId, userId: row.userId ?? "" },
        { id: row.externalUserId ?? "", account_id: row.externalAccountId ?? "" },
        {
          clientId: "test-zoom-client-id",
          accessToken: "at-winner",
          refreshToken: "rt-elsewhere",
          accessTokenExpiresAt: Date.now() + 3_600_000,
        },
      );
    });
    expect(await refreshZoomUserToken(services, row)).toBe("at-winner");
    expect(zoom.calls).toEqual(["rt-0"]);
  });

  it("stays active with the winner's token when a racing refresh is refused before the winner stores", async () => {
    const { services, row } = await setup();
    // Another isolate: its own copy of the module, so no in-flight promise is shared with ours.
    vi.resetModules();
    const otherIsolate = await import("./zoom-token-refresh.ts");
    let live = "rt-0";
    const calls: string[] = [];
    let loser: Promise<unknown> | undefined;
    vi.spyOn(globalThis, "fetch").mockImplementation(async (_input, init) => {
      const presented = new URLSearchParams(String(init?.body ?? "")).get("refresh_token") ?? "";
      calls.push(presented);
      if (presented !== live)
        return Response.json({ reason: "Invalid Token!", error: "invalid_grant" }, { status: 400 });
      live = "rt-1"; // Zoom rotated: rt-0 is spent from now on.
      // Before Zoom's answer reaches the winner, the other isolate presents the spent token, is
      // refused, finds no newer row (nothing stored yet) and concludes the grant is dead.
      loser = otherIsolate.refreshZoomUserToken(services, row).catch((err: unknown) => err);
      await loser;
      return Response.json({ access_token: "at-1", refresh_token: live, expires_in: 3600, token_type: "bearer" });
    });

    expect(await refreshZoomUserToken(services, row)).toBe("at-1");
    expect(calls).toEqual(["rt-0", "rt-0"]);
    expect(await loser).toMatchObject({ name: "ZoomTokenError", kind: "invalid_grant" });
    const after = await stored(services, row.id);
    expect(after.row).toMatchObject({ status: "active", lastError: null });
    expect(after.credentials).toMatchObject({ accessToken: "at-1", refreshToken: "rt-1" });
    // And the next caller simply uses it.
    expect(await getZoomUserAccessToken(services, after.row ?? row)).toBe("at-1");
    expect(calls).toHaveLength(2);
  });

  it("marks the connection in error when the grant is dead", async () => {
    const { services, row } = await setup();
    fakeTokenEndpoint("rt-revoked");
    await expect(refreshZoomUserToken(services, row)).rejects.toBeInstanceOf(ZoomTokenError);
    const after = await services.db.query.connections.findFirst({
      where: (c, { eq }) => eq(c.id, row.id),
      columns: { status: true, lastError: true },
    });
    expect(after).toEqual({ status: "error", lastError: expect.stringContaining("reconnect") });
  });
});
