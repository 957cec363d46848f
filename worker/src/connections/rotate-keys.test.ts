import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createTestOrg } from "../../test/api-client.ts";
import { connections } from "../db/schema/index.ts";
import { loadSlackWebhook, setSlackWebhook } from "../notifications/slack/webhook-settings.ts";
import { newId } from "../platform/ids.ts";
import { createServices, type Services } from "../platform/services.ts";
import { openGongCredentials } from "../providers/gong/connections/gong-credentials.ts";
import { getZoomAccessToken } from "../providers/zoom/fetch/zoom-access-token.ts";
import { zccAccessToken } from "../providers/zoom-contact-center/connections/zcc-connection.ts";
import { keyVersionCounts, ROWS_PER_STEP, rotateKeysStep } from "./rotate-keys.ts";
import {
  connectionCredentialsBinding,
  createVault,
  importEncryptionKey,
  type KeyRing,
  sealCredentials,
} from "./token-crypto.ts";

/**
 * Key rotation (issue 13) against real D1: secrets written under key 1 (legacy organization|provider
 * format, and row-bound) are all rewritten under key 2, bound to their rows, by steps that resume
 * after an interruption; every connection still opens through the code that uses it; a ciphertext
 * copied to another row does not open.
 */
const raw = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
const KEY_1 = env.TOKEN_ENCRYPTION_KEY;
const KEY_2 = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
const FAR = Date.now() + 365 * 86_400_000;

function servicesWith(versions: Record<number, string>): Services {
  const keys = new Map(Object.entries(versions).map(([v, k]) => [Number(v), raw(k)]));
  const ring: KeyRing = { current: Math.max(...keys.keys()), keys };
  const base = createServices(env, {});
  return {
    ...base,
    config: { ...base.config, encryptionKeys: ring, encryptionKey: keys.get(ring.current) ?? null },
    vault: createVault(ring),
  };
}

/** A connection row as an older release wrote it: legacy additional data, key version 1. */
async function legacyConnection(
  organizationId: string,
  provider: "zoom" | "gong" | "zoom_contact_center",
  secret: object,
) {
  const id = newId("conn");
  const sealed = await sealCredentials(await importEncryptionKey(KEY_1), organizationId, provider, secret);
  await env.DB.prepare(
    "INSERT INTO connections (id, organization_id, provider, scope, external_account_id, status, credentials_ciphertext, credentials_iv, key_version, created_at, updated_at) VALUES (?, ?, ?, 'account', ?, 'active', ?, ?, ?, 1, 1)",
  )
    .bind(id, organizationId, provider, `ext-${id}`, sealed.ciphertext, sealed.iv, sealed.keyVersion)
    .run();
  return id;
}

const rowOf = async (services: Services, id: string) => {
  const row = await services.db.query.connections.findFirst({ where: (c, { eq }) => eq(c.id, id) });
  if (!row) throw new Error(`no connection ${id}`);
  return row;
};

async function rotateToEnd(services: Services) {
  let after: string | null = null;
  let steps = 0;
  do {
    const step = await rotateKeysStep(services, after);
    expect(step.failed).toEqual([]);
    after = step.next;
    steps++;
  } while (after);
  return steps;
}

describe("key rotation", { timeout: 120_000 }, () => {
  it("the operator routes: status and steps with the operator token only (first: the ring here is the test key alone)", async () => {
    const { adminToken } = await createTestOrg("Operator rotation");
    const status = await call("GET", "/api/v1/operator/key-rotation", { token: "test-operator-token" });
    expect(status.status).toBe(200);
    expect(status.json).toMatchObject({ currentKeyVersion: 1, configuredKeyVersions: [1] });
    const step = await call("POST", "/api/v1/operator/key-rotation", { token: "test-operator-token", body: {} });
    expect(step.status).toBe(200);
    expect(step.json).toMatchObject({ currentKeyVersion: 1, failed: [] });
    for (const token of [adminToken, undefined])
      expect((await call("POST", "/api/v1/operator/key-rotation", { token, body: {} })).status).toBe(401);
  });

  it("rewrites every secret under the new key, bound to its row; every connection still works", async () => {
    const { org } = await createTestOrg("Rotating");
    const zoomCredentials = {
      clientId: "cid",
      clientSecret: "zoom-secret",
      accessToken: "zoom-at",
      accessTokenExpiresAt: FAR,
    };
    const zoom = await legacyConnection(org.id, "zoom", zoomCredentials);
    const zcc = await legacyConnection(org.id, "zoom_contact_center", { ...zoomCredentials, accessToken: "zcc-at" });
    const gong = await legacyConnection(org.id, "gong", {
      kind: "basic",
      accessKey: "ak",
      accessKeySecret: "sk",
      apiBase: "https://api.gong.io",
    });
    const before = servicesWith({ 1: KEY_1 });
    await setSlackWebhook(before, org.id, "https://hooks.slack.com/services/T1/B1/old-key");

    const after = servicesWith({ 1: KEY_1, 2: KEY_2 });
    // Before and during the rotation, version 1 still opens.
    expect(await loadSlackWebhook(after, org.id)).toBe("https://hooks.slack.com/services/T1/B1/old-key");
    await rotateToEnd(after);

    const stored = await keyVersionCounts(after);
    expect(stored.every((s) => s.keyVersion === 2 && s.rowBound)).toBe(true);
    expect((await rotateKeysStep(after, null)).remaining).toBe(0);
    for (const id of [zoom, zcc, gong]) expect((await rowOf(after, id)).credentialsCiphertext).toMatch(/^v2:/);

    // Every connection works through the code that uses it, with key 1 gone from the ring.
    const onlyNew = servicesWith({ 2: KEY_2 });
    const zoomRow = await rowOf(onlyNew, zoom);
    expect(await getZoomAccessToken(onlyNew, org.id, zoomRow.externalAccountId ?? "")).toBe("zoom-at");
    expect(await zccAccessToken(onlyNew, await rowOf(onlyNew, zcc), false)).toBe("zcc-at");
    expect(await openGongCredentials(onlyNew, await rowOf(onlyNew, gong))).toMatchObject({ accessKeySecret: "sk" });
    expect(await loadSlackWebhook(onlyNew, org.id)).toBe("https://hooks.slack.com/services/T1/B1/old-key");
    // And without key 2 nothing opens any more: the rotation really moved them.
    await expect(loadSlackWebhook(before, org.id)).rejects.toThrow(/no key for version 2/);
  });

  it("a ciphertext copied to another row does not open there (same organization and provider included)", async () => {
    const { org } = await createTestOrg("Swapping");
    const services = servicesWith({ 1: KEY_1, 2: KEY_2 });
    const a = await legacyConnection(org.id, "zoom", { accessToken: "a-token" });
    const b = await legacyConnection(org.id, "zoom", { accessToken: "b-token" });
    // In the legacy format a swap within one organization and provider would have opened.
    const legacyA = await rowOf(services, a);
    await expect(
      services.vault.open(connectionCredentialsBinding({ ...legacyA, id: b }), {
        ciphertext: legacyA.credentialsCiphertext ?? "",
        iv: legacyA.credentialsIv ?? "",
        keyVersion: 1,
      }),
    ).resolves.toEqual({ accessToken: "a-token" });
    await rotateToEnd(services);
    const rowA = await rowOf(services, a);
    await services.db
      .update(connections)
      .set({
        credentialsCiphertext: rowA.credentialsCiphertext,
        credentialsIv: rowA.credentialsIv,
        keyVersion: rowA.keyVersion,
      })
      .where((await import("drizzle-orm")).eq(connections.id, b));
    const rowB = await rowOf(services, b);
    const sealedB = {
      ciphertext: rowB.credentialsCiphertext ?? "",
      iv: rowB.credentialsIv ?? "",
      keyVersion: rowB.keyVersion ?? 0,
    };
    await expect(services.vault.open(connectionCredentialsBinding(rowB), sealedB)).rejects.toThrow();
    // Nor in another organization's row with the same id shape.
    const { org: other } = await createTestOrg("Elsewhere");
    await expect(
      services.vault.open(connectionCredentialsBinding({ ...rowA, organizationId: other.id }), sealedB),
    ).rejects.toThrow();
    // The original row still opens.
    await expect(services.vault.open(connectionCredentialsBinding(rowA), { ...sealedB })).resolves.toEqual({
      accessToken: "a-token",
    });
  });

  it("an interrupted rotation resumes: steps are bounded, start again from what is left, and rewrite nothing twice", async () => {
    const { org } = await createTestOrg("Many secrets");
    const services = servicesWith({ 1: KEY_1, 2: KEY_2 });
    // Whatever earlier tests left is rotated first, so the counts below are this test's own.
    await rotateToEnd(services);
    const ids: string[] = [];
    for (let i = 0; i < ROWS_PER_STEP + 12; i++)
      ids.push(await legacyConnection(org.id, "gong", { accessKey: `k${i}` }));
    const first = await rotateKeysStep(services, null);
    expect(first).toMatchObject({ currentKeyVersion: 2, rotated: ROWS_PER_STEP, remaining: 12 });
    expect(first.next).not.toBeNull();
    // Interrupted here (the caller lost `next`): starting over rotates exactly what is left.
    const again = await rotateKeysStep(services, null);
    expect(again).toMatchObject({ rotated: 12, remaining: 0, next: null });
    expect(await rotateKeysStep(services, null)).toMatchObject({ rotated: 0, remaining: 0 });
    for (const id of ids.slice(-3))
      expect(await openGongCredentials(services, await rowOf(services, id))).toEqual({
        accessKey: `k${ids.indexOf(id)}`,
      });
  });
});
