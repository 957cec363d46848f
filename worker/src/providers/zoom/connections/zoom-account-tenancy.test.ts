import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createTestOrg } from "../../../../test/api-client.ts";
import { ApiError } from "../../../platform/api-error.ts";
import { createServices } from "../../../platform/services.ts";
import { purgeDeauthorizedZoomTokens } from "../webhook/purge-deauthorized.ts";
import { disconnectConnection } from "./zoom-account-connection.ts";
import { upsertZoomUserConnection } from "./zoom-user-connection.ts";

/**
 * A Zoom account belongs to at most one organization, whichever way it is connected (account-level
 * Server-to-Server or per-user OAuth) and however the connects interleave; D1 enforces it.
 */
const services = () => createServices(env, { test: "tenancy" });
const credentials = {
  clientId: "test-zoom-client-id",
  accessToken: "at",
  refreshToken: "rt",
  accessTokenExpiresAt: Date.now() + 3_600_000,
};
const newAccountId = () => `zacc-${crypto.randomUUID()}`;

/** A member of `org` connects their Zoom user, who belongs to `zoomAccountId` (what the OAuth callback stores). */
const connectUser = (organizationId: string, userId: string, zoomAccountId: string) =>
  upsertZoomUserConnection(
    services(),
    { organizationId, userId },
    { id: `zu-${userId}`, account_id: zoomAccountId },
    credentials,
  );

/** An admin's Server-to-Server connection as configureZoomAccountConnection writes it (after Zoom accepted it). */
const insertAccountConnection = (organizationId: string, zoomAccountId: string) =>
  env.DB.prepare(
    "INSERT INTO connections (id, organization_id, provider, scope, external_account_id, status, created_at, updated_at) VALUES (?, ?, 'zoom', 'account', ?, 'active', 1, 1)",
  )
    .bind(`conn_${crypto.randomUUID()}`, organizationId, zoomAccountId)
    .run();

const putAccount = (token: string, accountId: string) =>
  call("PUT", "/api/v1/connections/zoom/account", {
    token,
    body: { accountId, clientId: "s2s-client", clientSecret: "s2s-secret" },
  });

const owner = async (zoomAccountId: string) =>
  (
    await env.DB.prepare(
      "SELECT organization_id FROM provider_account_claims WHERE provider = 'zoom' AND external_account_id = ?",
    )
      .bind(zoomAccountId)
      .first<{ organization_id: string }>()
  )?.organization_id ?? null;

const connectionRow = async (id: string) => {
  const row = await services().db.query.connections.findFirst({ where: (c, { eq }) => eq(c.id, id) });
  if (!row) throw new Error(`no connection ${id}`);
  return row;
};

describe("Zoom account tenancy", () => {
  it("per-user, then Server-to-Server: another organization's admin gets a 409", async () => {
    const a = await createTestOrg();
    const b = await createTestOrg();
    const zoomAccountId = newAccountId();
    await connectUser(a.org.id, a.memberId, zoomAccountId);
    expect(await owner(zoomAccountId)).toBe(a.org.id);

    const refused = await putAccount(b.adminToken, zoomAccountId);
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe("conflict");
    expect(refused.json.error.message).toContain("connected to another Sightline organization");
  });

  it("a connection in error still holds the account: another organization's admin gets a 409", async () => {
    const a = await createTestOrg();
    const b = await createTestOrg();
    const zoomAccountId = newAccountId();
    const userConnection = await connectUser(a.org.id, a.memberId, zoomAccountId);
    // A refresh Zoom refused puts the connection in error; the organization still holds the account
    // until it disconnects (reconnecting fixes it), so nobody else may take it meanwhile.
    await env.DB.prepare("UPDATE connections SET status = 'error' WHERE id = ?").bind(userConnection.id).run();
    expect((await putAccount(b.adminToken, zoomAccountId)).status).toBe(409);
    const bRows = await env.DB.prepare("SELECT count(*) AS n FROM connections WHERE organization_id = ?")
      .bind(b.org.id)
      .first<{ n: number }>();
    expect(bRows?.n).toBe(0);
  });

  it("Server-to-Server, then per-user: another organization's member gets a 409 naming the account", async () => {
    const a = await createTestOrg();
    const b = await createTestOrg();
    const zoomAccountId = newAccountId();
    await insertAccountConnection(a.org.id, zoomAccountId);

    const refused = await connectUser(b.org.id, b.memberId, zoomAccountId).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ code: "conflict", status: 409 });
    expect((refused as ApiError).message).toContain(`Zoom account ${zoomAccountId}`);
    expect((refused as ApiError).message).toContain("another Sightline organization");
    expect(await owner(zoomAccountId)).toBe(a.org.id);

    // The owner's own users share the account freely.
    await connectUser(a.org.id, a.memberId, zoomAccountId);
    await connectUser(a.org.id, a.adminId, zoomAccountId);
  });

  it("two organizations claiming one account at once: exactly one wins", async () => {
    const a = await createTestOrg();
    const b = await createTestOrg();
    const zoomAccountId = newAccountId();
    const results = await Promise.allSettled([
      connectUser(a.org.id, a.memberId, zoomAccountId),
      connectUser(b.org.id, b.memberId, zoomAccountId),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({ code: "conflict" });
    const winner = (won[0] as PromiseFulfilledResult<{ organizationId: string }>).value.organizationId;
    expect(await owner(zoomAccountId)).toBe(winner);
    const active = await env.DB.prepare(
      "SELECT DISTINCT organization_id FROM connections WHERE external_account_id = ? AND status = 'active'",
    )
      .bind(zoomAccountId)
      .all<{ organization_id: string }>();
    expect(active.results).toEqual([{ organization_id: winner }]);
  });

  it("is enforced by D1 itself: a direct write of a second organization's active connection is aborted", async () => {
    const a = await createTestOrg();
    const b = await createTestOrg();
    const zoomAccountId = newAccountId();
    await insertAccountConnection(a.org.id, zoomAccountId);
    await expect(insertAccountConnection(b.org.id, zoomAccountId)).rejects.toThrow(/zoom_account_claimed/);
    // Re-activating a disconnected row of the other organization is refused the same way.
    await env.DB.prepare(
      "INSERT INTO connections (id, organization_id, provider, scope, external_account_id, status, created_at, updated_at) VALUES ('conn_old_b', ?, 'zoom', 'account', ?, 'disconnected', 1, 1)",
    )
      .bind(b.org.id, zoomAccountId)
      .run();
    await expect(
      env.DB.prepare("UPDATE connections SET status = 'active' WHERE id = 'conn_old_b'").run(),
    ).rejects.toThrow(/zoom_account_claimed/);
  });

  it("is released when the owner's last connection to the account is disconnected or purged, then another may claim it", async () => {
    const a = await createTestOrg();
    const b = await createTestOrg();
    const zoomAccountId = newAccountId();
    const first = await connectUser(a.org.id, a.memberId, zoomAccountId);
    const second = await connectUser(a.org.id, a.adminId, zoomAccountId);

    await disconnectConnection(services(), await connectionRow(first.id));
    expect(await owner(zoomAccountId)).toBe(a.org.id);
    await expect(connectUser(b.org.id, b.memberId, zoomAccountId)).rejects.toMatchObject({ code: "conflict" });

    // app_deauthorized of the last user purges it: the account is free.
    await purgeDeauthorizedZoomTokens(services().db, zoomAccountId, `zu-${a.adminId}`, new Date());
    expect((await connectionRow(second.id)).status).toBe("disconnected");
    expect(await owner(zoomAccountId)).toBeNull();

    await connectUser(b.org.id, b.memberId, zoomAccountId);
    expect(await owner(zoomAccountId)).toBe(b.org.id);
    // ...and now the first organization is the one refused.
    await expect(connectUser(a.org.id, a.memberId, zoomAccountId)).rejects.toMatchObject({ code: "conflict" });
  });
});
