import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createTestOrg } from "../../../../test/api-client.ts";
import { connectionCredentialsBinding } from "../../../connections/token-crypto.ts";
import { connections, gongSyncState } from "../../../db/schema/index.ts";
import { newId } from "../../../platform/ids.ts";
import { createServices, type Services } from "../../../platform/services.ts";
import type { ConnectionRow } from "../../provider.ts";
import type { GongCredentials } from "./gong-credentials.ts";
import { refreshGongAccessToken } from "./gong-token.ts";

/**
 * The refresh single-flight across isolates, without Gong: these tests never let a request leave
 * (fetch is watched; the Worker has no Gong OAuth app here, so a refresh that did ask Gong would fail).
 */
const oauth = (accessToken: string): GongCredentials => ({
  mode: "oauth",
  accessToken,
  refreshToken: `rt-${accessToken}`,
  accessTokenExpiresAt: Date.now() - 1000,
  apiBase: "https://company-17.api.gong.io",
});

async function seed(services: Services): Promise<ConnectionRow> {
  const { org } = await createTestOrg("Gong refresh");
  const id = newId("conn");
  const sealed = await services.vault.seal(
    connectionCredentialsBinding({ id, organizationId: org.id, provider: "gong" }),
    oauth("at-0"),
  );
  const now = new Date();
  const row: ConnectionRow = {
    id,
    organizationId: org.id,
    provider: "gong",
    scope: "account",
    userId: null,
    externalAccountId: `host:company-${org.id}.api.gong.io`,
    externalUserId: null,
    status: "active",
    credentialsCiphertext: sealed.ciphertext,
    credentialsIv: sealed.iv,
    keyVersion: sealed.keyVersion,
    syncCursor: null,
    reconcilePending: false,
    reconcileWindowFrom: null,
    reconcileWindowTo: null,
    reconcilePageToken: null,
    lastSyncAt: null,
    lastError: null,
    createdAt: now,
    updatedAt: now,
  };
  await services.db.insert(connections).values(row);
  return row;
}

async function storeAsOtherIsolate(services: Services, row: ConnectionRow, accessToken: string) {
  const sealed = await services.vault.seal(connectionCredentialsBinding(row), oauth(accessToken));
  await services.db
    .update(connections)
    .set({ credentialsCiphertext: sealed.ciphertext, credentialsIv: sealed.iv, keyVersion: sealed.keyVersion })
    .where(eq(connections.id, row.id));
}

afterEach(() => vi.restoreAllMocks());

describe("Gong token refresh across isolates", () => {
  it("waits for the isolate holding the refresh lease and uses the tokens it stores", async () => {
    const services = createServices(env, { test: "gong-token" });
    const row = await seed(services);
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    await services.db.insert(gongSyncState).values({
      connectionId: row.id,
      organizationId: row.organizationId,
      refreshLeaseUntil: new Date(Date.now() + 30_000),
      updatedAt: new Date(),
    });
    const waiting = refreshGongAccessToken(services, row);
    await new Promise((r) => setTimeout(r, 600));
    await storeAsOtherIsolate(services, row, "at-winner");
    expect(await waiting).toBe("at-winner");
    expect(fetchSpy).not.toHaveBeenCalled();
    const after = await services.db.query.connections.findFirst({ where: (c, { eq }) => eq(c.id, row.id) });
    expect(after?.status).toBe("active");
  });

  it("uses tokens another isolate stored since this one read the row, without asking Gong", async () => {
    const services = createServices(env, { test: "gong-token" });
    const row = await seed(services);
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    await storeAsOtherIsolate(services, row, "at-newer");
    expect(await refreshGongAccessToken(services, row)).toBe("at-newer");
    expect(fetchSpy).not.toHaveBeenCalled();
    const lease = await services.db.query.gongSyncState.findFirst({ where: (s, { eq }) => eq(s.connectionId, row.id) });
    expect(lease?.refreshLeaseUntil).toBeNull();
  });
});
