import { describe, expect, it } from "vitest";
import { checkGongJwtClaims, gongJwtFrom, gongJwtSignedBy, importWebhookKey } from "./verify-gong-jwt.ts";

const b64url = (bytes: Uint8Array | string) =>
  btoa(typeof bytes === "string" ? bytes : String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
const hex = async (text: string) =>
  [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)))]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");

async function keyPair() {
  const pair = (await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;
  const spki = new Uint8Array((await crypto.subtle.exportKey("spki", pair.publicKey)) as ArrayBuffer);
  const pem = `-----BEGIN PUBLIC KEY-----\n${btoa(String.fromCharCode(...spki)).replace(/(.{64})/g, "$1\n")}\n-----END PUBLIC KEY-----\n`;
  return { pair, pem };
}

async function sign(privateKey: CryptoKey, claims: object, alg = "RS256") {
  const head = b64url(JSON.stringify({ alg, typ: "JWT" }));
  const body = b64url(JSON.stringify(claims));
  const sig = new Uint8Array(
    await crypto.subtle.sign("RSASSA-PKCS1-v1_5", privateKey, new TextEncoder().encode(`${head}.${body}`)),
  );
  return `${head}.${body}.${b64url(sig)}`;
}

const URL_ = "https://sightline.example/webhooks/gong";
const BODY = '{"isTest":false,"callData":{"metaData":{"id":"1"}}}';

describe("Gong webhook JWT", () => {
  it("holds for the pasted key, the request's URL and body; says which claim fails otherwise", async () => {
    const { pair, pem } = await keyPair();
    const other = await keyPair();
    const key = await importWebhookKey(pem);
    const claims = { webhook_url: URL_, body_sha256: await hex(BODY), exp: Math.floor(Date.now() / 1000) + 60 };
    const token = await sign(pair.privateKey, claims);
    expect(gongJwtFrom(`Bearer ${token}`)).toBe(token);
    expect(gongJwtFrom(token)).toBe(token);
    expect(gongJwtFrom("Bearer nope")).toBeNull();
    expect(await gongJwtSignedBy(token, key)).toBe(true);
    expect(await gongJwtSignedBy(await sign(other.pair.privateKey, claims), key)).toBe(false);
    const now = new Date();
    expect((await checkGongJwtClaims(token, { url: URL_, rawBody: BODY, now })).ok).toBe(true);
    expect(await checkGongJwtClaims(token, { url: `${URL_}x`, rawBody: BODY, now })).toEqual({
      ok: false,
      reason: "the webhook_url claim is not this URL",
    });
    expect(await checkGongJwtClaims(token, { url: URL_, rawBody: `${BODY} `, now })).toEqual({
      ok: false,
      reason: "the body_sha256 claim does not match the body",
    });
    expect(
      await checkGongJwtClaims(token, { url: URL_, rawBody: BODY, now: new Date(Date.now() + 3_600_000) }),
    ).toEqual({
      ok: false,
      reason: "the JWT has expired",
    });
  });

  it("requires exp, and refuses a token expired, valid for more than a day, or issued in the future or long ago", async () => {
    const { pair } = await keyPair();
    const now = new Date("2026-12-03T12:00:00Z");
    const t = now.getTime() / 1000;
    const check = async (time: Record<string, unknown>) => {
      const claims = { webhook_url: URL_, body_sha256: await hex(BODY), ...time };
      return checkGongJwtClaims(await sign(pair.privateKey, claims), { url: URL_, rawBody: BODY, now });
    };
    expect(await check({})).toEqual({ ok: false, reason: "the JWT has no exp claim" });
    expect(await check({ exp: "soon" })).toEqual({ ok: false, reason: "the JWT's exp claim is not a number" });
    expect(await check({ exp: t - 120 })).toEqual({ ok: false, reason: "the JWT has expired" });
    expect(await check({ exp: t + 2 * 86_400 })).toEqual({
      ok: false,
      reason: "the JWT's exp claim is more than a day ahead",
    });
    expect(await check({ exp: t + 300, iat: t + 600 })).toEqual({
      ok: false,
      reason: "the JWT's iat claim is in the future",
    });
    expect(await check({ exp: t + 300, iat: t - 2 * 86_400 })).toEqual({
      ok: false,
      reason: "the JWT was issued more than a day ago",
    });
    expect(await check({ exp: t + 300, iat: "x" })).toEqual({
      ok: false,
      reason: "the JWT's iat claim is not a number",
    });
    // Within the minute of clock skew either way, and without iat, it holds.
    expect((await check({ exp: t - 30, iat: t + 30 })).ok).toBe(true);
    expect((await check({ exp: t + 300 })).ok).toBe(true);
  });

  it("accepts RS256 only: alg none and a re-labelled signature do not verify", async () => {
    const { pair, pem } = await keyPair();
    const key = await importWebhookKey(pem);
    const claims = { webhook_url: URL_, body_sha256: await hex(BODY) };
    const good = await sign(pair.privateKey, claims);
    const [, body, sig] = good.split(".");
    expect(await gongJwtSignedBy(`${b64url(JSON.stringify({ alg: "none" }))}.${body}.`, key)).toBe(false);
    expect(await gongJwtSignedBy(`${b64url(JSON.stringify({ alg: "HS256" }))}.${body}.${sig}`, key)).toBe(false);
    await expect(importWebhookKey("not a key")).rejects.toThrow();
  });
});
