import { createHash, createSign, generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeGong, type FakeGongCall, startFakeGong } from "../fakes/fake-gong.ts";
import { apiFetch, createOrg } from "../support/api.ts";
import { queryLocalD1 } from "../support/local-d1.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { waitFor } from "../support/wait-for.ts";

/**
 * Gong by OAuth and by webhook against a fake Gong: the flow is bound to the browser that began it,
 * a Gong company belongs to one organization (409), concurrent token refreshes (Gong's refresh
 * tokens are single use) leave one working connection, a signed automation-rule webhook gets its
 * call imported within seconds, forged or tampered ones are 401 with a reason, and disconnecting
 * deletes the credentials, keeps the history and frees the company.
 */
let gong: FakeGong;
let worker: LocalWorker;
let tokenA: string;
let tokenB: string;
let orgA: string;
let orgB: string;
const sql = <T>(command: string) => queryLocalD1<T>(worker, command);
const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const otherKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const publicPem = keys.publicKey.export({ type: "spki", format: "pem" }).toString();

const b64url = (v: string | Buffer) => Buffer.from(v).toString("base64url");
function signJwt(claims: Record<string, unknown>, privateKey = keys.privateKey, alg = "RS256") {
  const head = b64url(JSON.stringify({ alg, typ: "JWT" }));
  const body = b64url(JSON.stringify(claims));
  const signature = createSign("RSA-SHA256").update(`${head}.${body}`).sign(privateKey);
  return `${head}.${body}.${b64url(signature)}`;
}

async function deliverWebhook(
  rawBody: string,
  opts: {
    claims?: Record<string, unknown>;
    privateKey?: typeof keys.privateKey;
    bearer?: boolean;
    header?: string | null;
  } = {},
) {
  const url = `${worker.baseUrl}/webhooks/gong`;
  const jwt = signJwt(
    {
      webhook_url: url,
      body_sha256: createHash("sha256").update(rawBody).digest("hex"),
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 300,
      ...opts.claims,
    },
    opts.privateKey,
  );
  const authorization =
    opts.header === null ? undefined : (opts.header ?? (opts.bearer === false ? jwt : `Bearer ${jwt}`));
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
    body: rawBody,
  });
  return { status: res.status, body: (await res.json()) as { status?: string; error?: { message: string } } };
}

/** The extension's part and the browser's: start (bearer), begin (cookie), Gong's consent, callback. */
async function oauthFlow(token: string) {
  const { beginUrl } = await apiFetch<{ beginUrl: string }>(worker.baseUrl, token, "/oauth/gong/start");
  const begin = await fetch(beginUrl, { redirect: "manual" });
  expect(begin.status).toBe(302);
  const cookie = (begin.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  expect(cookie).toMatch(/^sightline_oauth_gong=/);
  const authorize = await fetch(begin.headers.get("location") ?? "", { redirect: "manual" });
  expect(authorize.status).toBe(302);
  const callbackUrl = authorize.headers.get("location") ?? "";
  expect(callbackUrl.startsWith(`${worker.baseUrl}/oauth/gong/callback?`)).toBe(true);
  return { cookie, callbackUrl };
}

const gongConnections = (organizationId: string) =>
  sql<{ id: string; status: string; credentials_ciphertext: string | null; external_account_id: string }>(
    `SELECT id, status, credentials_ciphertext, external_account_id FROM connections WHERE provider = 'gong' AND organization_id = '${organizationId}'`,
  );

beforeAll(async () => {
  gong = await startFakeGong();
  gong.setTokenTtl(2);
  worker = await startLocalWorker({
    vars: {
      GONG_API_BASE: gong.url,
      GONG_OAUTH_BASE: gong.url,
      GONG_CLIENT_ID: gong.clientId,
      GONG_CLIENT_SECRET: gong.clientSecret,
      INGEST_RETRY_BASE_SECONDS: "1",
    },
  });
  const a = await createOrg(worker.baseUrl, worker.operatorToken, {
    name: "Acme Sales",
    domains: ["acme-sales.com"],
    admin: { email: "ada@acme-sales.com", name: "Ada Admin" },
  });
  const b = await createOrg(worker.baseUrl, worker.operatorToken, {
    name: "Beta Corp",
    domains: ["beta.example"],
    admin: { email: "bo@beta.example", name: "Bo Admin" },
  });
  tokenA = a.apiToken.token;
  tokenB = b.apiToken.token;
  orgA = a.org.id;
  orgB = b.org.id;
  await apiFetch(worker.baseUrl, tokenA, "/api/v1/accounts", {
    body: { name: "Globex", domains: ["globex.com"] },
    expectStatus: 201,
  });
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await gong?.close();
});

describe("Gong OAuth", () => {
  it("refuses a callback brought by another browser (no binding cookie) and connects nothing", async () => {
    const { callbackUrl } = await oauthFlow(tokenA);
    const res = await fetch(callbackUrl, { headers: { accept: "application/json" } });
    expect(res.status).toBe(403);
    expect(await gongConnections(orgA)).toEqual([]);
  });

  it("connects the company for the browser that began, and starts the pull", async () => {
    const { cookie, callbackUrl } = await oauthFlow(tokenA);
    const res = await fetch(callbackUrl, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Gong is connected");
    const [row] = await gongConnections(orgA);
    // The company is named by its first workspace (GET /v2/workspaces), however it was connected.
    expect(row).toMatchObject({ status: "active", external_account_id: "ws:623457276584334" });
    expect(row?.credentials_ciphertext).toBeTruthy();
    expect(row?.credentials_ciphertext).not.toContain(gong.issuedRefreshTokens.at(-1));
    // The first pull (empty company) finishes: progress says so.
    await waitFor(
      "the first pull",
      async () =>
        (
          await apiFetch<{ connections: Array<{ provider: string; sync?: { backfilling: boolean } }> }>(
            worker.baseUrl,
            tokenA,
            "/api/v1/connections",
          )
        ).connections.find((c) => c.provider === "gong")?.sync?.backfilling,
      (b) => b === false,
    );
  });

  it("gives a company to one organization only (409 for the second)", async () => {
    const { cookie, callbackUrl } = await oauthFlow(tokenB);
    const res = await fetch(callbackUrl, { headers: { cookie, accept: "application/json" } });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("conflict");
  });

  it("knows the company connected by OAuth when another organization brings its access key (409, nothing stored)", async () => {
    const res = await fetch(`${worker.baseUrl}/api/v1/connections/gong/account`, {
      method: "PUT",
      headers: { authorization: `Bearer ${tokenB}`, "content-type": "application/json" },
      body: JSON.stringify({ accessKey: gong.accessKey, accessKeySecret: gong.accessKeySecret }),
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(
      "this Gong company is connected to another Sightline organization",
    );
    expect(await gongConnections(orgB)).toEqual([]);
  });

  it("leaves one working connection after concurrent refreshes of a single-use refresh token", async () => {
    await new Promise((r) => setTimeout(r, 2500)); // the 2-second access token is spent
    gong.setTokenTtl(3600);
    const issuedBefore = gong.issuedRefreshTokens.length;
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        fetch(`${worker.baseUrl}/api/v1/connections/gong/check`, {
          method: "POST",
          headers: { authorization: `Bearer ${tokenA}` },
        }).then(async (r) => ({ status: r.status, body: await r.text() })),
      ),
    );
    expect(answers.map((a) => (a.status === 200 ? 200 : `${a.status} ${a.body}`))).toEqual([200, 200, 200, 200]);
    expect(gong.issuedRefreshTokens.length).toBe(issuedBefore + 1);
    expect(gong.refusedRefreshes).toBe(0);
    const [row] = await gongConnections(orgA);
    expect(row?.status).toBe("active");
    // And it keeps working afterwards.
    await apiFetch(worker.baseUrl, tokenA, "/api/v1/connections/gong/check", { method: "POST" });
  });
});

describe("Gong webhook (automation rule, signed JWT)", () => {
  const call: FakeGongCall = {
    id: "880011",
    title: "Globex kickoff",
    started: new Date(Date.now() - 60 * 60 * 1000).toISOString(),
    duration: 1500,
    parties: [
      { id: "1", emailAddress: "ada@acme-sales.com", name: "Ada Admin", speakerId: "sa", affiliation: "Internal" },
      { id: "2", emailAddress: "gina@globex.com", name: "Gina Globex", speakerId: "sg", affiliation: "External" },
    ],
    transcript: [
      { speakerId: "sa", sentences: [{ start: 0, end: 3000, text: "Welcome to the kickoff." }] },
      { speakerId: "sg", sentences: [{ start: 3500, end: 8000, text: "We need the integration live before March." }] },
    ],
  };
  const body = JSON.stringify({
    isTest: false,
    callData: { metaData: { id: call.id, title: call.title }, parties: [] },
  });

  it("rejects unsigned, forged and tampered deliveries with a reason, before any key is pasted too", async () => {
    expect((await deliverWebhook(body)).status).toBe(401); // no key configured yet
    await apiFetch(worker.baseUrl, tokenA, "/api/v1/connections/gong/settings", {
      method: "PUT",
      body: { webhookPublicKey: publicPem },
    });
    const none = await deliverWebhook(body, { header: null });
    expect(none.status).toBe(401);
    expect(none.body.error?.message).toContain("no signed JWT");
    const forged = await deliverWebhook(body, { privateKey: otherKeys.privateKey });
    expect(forged.status).toBe(401);
    expect(forged.body.error?.message).toContain("not signed by any configured Gong webhook key");
    const tampered = await deliverWebhook(body, {
      claims: { body_sha256: createHash("sha256").update("{}").digest("hex") },
    });
    expect(tampered.status).toBe(401);
    expect(tampered.body.error?.message).toContain("body_sha256");
    const elsewhere = await deliverWebhook(body, { claims: { webhook_url: "https://evil.example/webhooks/gong" } });
    expect(elsewhere.status).toBe(401);
    expect(elsewhere.body.error?.message).toContain("webhook_url");
    // A token that never expires could be replayed forever: exp is required.
    const forever = await deliverWebhook(body, { claims: { exp: undefined } });
    expect(forever.status).toBe(401);
    expect(forever.body.error?.message).toBe("invalid Gong webhook: the JWT has no exp claim");
    expect(await sql("SELECT id FROM webhook_events WHERE provider = 'gong'")).toEqual([]);
  });

  it("archives a signed call, imports it within seconds, and answers a signed malformed body 400", async () => {
    gong.addCall(call);
    const started = Date.now();
    const res = await deliverWebhook(body, { bearer: false });
    expect(res).toMatchObject({ status: 200, body: { status: "queued" } });
    await waitFor(
      "the webhook's call",
      async () =>
        (
          await sql<{ status: string; account_id: string | null }>(
            `SELECT status, account_id FROM conversations WHERE source = 'gong_call' AND external_id = '${call.id}'`,
          )
        )[0],
      (row) => !!row && row.status !== "pending" && !!row.account_id,
      20_000,
    );
    expect(Date.now() - started).toBeLessThan(15_000);
    const events = await sql<{ status: string; r2_key: string }>(
      "SELECT status, r2_key FROM webhook_events WHERE provider = 'gong' AND event_type = 'gong.call'",
    );
    expect(events).toEqual([{ status: "processed", r2_key: expect.stringContaining(`orgs/${orgA}/webhooks/gong/`) }]);
    // A redelivery of the same body is a duplicate; the call stays one conversation.
    expect((await deliverWebhook(body)).body.status).toBe("duplicate");
    // An admin's replay of the archived event queues the import again; it ends processed, still one call.
    const [event] = await sql<{ id: string }>(
      "SELECT id FROM webhook_events WHERE provider = 'gong' AND event_type = 'gong.call'",
    );
    const replayed = await apiFetch<{ status: string }>(
      worker.baseUrl,
      tokenA,
      `/api/v1/operations/webhook-events/${event?.id}/replay`,
      { method: "POST" },
    );
    expect(replayed.status).toBe("queued");
    await waitFor(
      "the replayed event",
      async () =>
        (await sql<{ status: string }>(`SELECT status FROM webhook_events WHERE id = '${event?.id}'`))[0]?.status,
      (status) => status === "processed",
    );
    const copies = await sql<{ n: number }>(`SELECT count(*) AS n FROM conversations WHERE external_id = '${call.id}'`);
    expect(copies[0]?.n).toBe(1);
    const malformed = await deliverWebhook(JSON.stringify({ callData: { metaData: {} } }));
    expect(malformed.status).toBe(400);
    expect(malformed.body.error?.message).toContain("callData.metaData.id");
    const ignored = await sql<{ status: string; reason: string }>(
      "SELECT status, reason FROM webhook_events WHERE provider = 'gong' AND status = 'ignored'",
    );
    expect(ignored).toEqual([{ status: "ignored", reason: expect.stringContaining("malformed") }]);
  });
});

describe("Gong disconnect", () => {
  it("deletes the credentials, keeps the conversations, and frees the company for another organization", async () => {
    const [row] = await gongConnections(orgA);
    await apiFetch(worker.baseUrl, tokenA, `/api/v1/connections/${row?.id}`, { method: "DELETE" });
    const [after] = await gongConnections(orgA);
    expect(after).toMatchObject({ status: "disconnected", credentials_ciphertext: null });
    const kept = await sql<{ n: number }>(`SELECT count(*) AS n FROM conversations WHERE organization_id = '${orgA}'`);
    expect(kept[0]?.n).toBe(1);
    const { cookie, callbackUrl } = await oauthFlow(tokenB);
    expect((await fetch(callbackUrl, { headers: { cookie } })).status).toBe(200);
  });
});
