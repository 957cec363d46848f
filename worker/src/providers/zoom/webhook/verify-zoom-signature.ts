/**
 * Zoom signs every webhook: `x-zm-signature: v0=<hex HMAC-SHA256(secret, "v0:" + timestamp + ":" + rawBody)>`
 * with `x-zm-request-timestamp` in seconds. We accept a timestamp at most five minutes from our clock
 * (Zoom states no replay window, so we set one) and compare MACs in constant time (WebCrypto verify).
 */
export const MAX_SKEW_SECONDS = 300;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

const encoder = new TextEncoder();

/**
 * The secret's HMAC key, imported once per isolate rather than once per webhook: the secret is the
 * same for every request an isolate serves (one entry: a rotated secret replaces it).
 */
let imported: { secret: string; key: Promise<CryptoKey> } | null = null;

export function hmacKey(secret: string): Promise<CryptoKey> {
  if (imported?.secret === secret) return imported.key;
  const key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify",
  ]);
  const entry = { secret, key };
  imported = entry;
  // A failed import is not kept: the next request tries again.
  key.catch(() => {
    if (imported === entry) imported = null;
  });
  return key;
}

function hexToBytes(hex: string): Uint8Array | null {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function bytesToHex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export async function verifyZoomSignature(input: {
  secret: string;
  signature: string | undefined;
  timestamp: string | undefined;
  rawBody: string;
  now: Date;
}): Promise<SignatureCheck> {
  if (!input.signature) return { ok: false, reason: "missing x-zm-signature header" };
  if (!input.timestamp) return { ok: false, reason: "missing x-zm-request-timestamp header" };
  if (!/^\d{1,12}$/.test(input.timestamp))
    return { ok: false, reason: "x-zm-request-timestamp is not a number of seconds" };
  const skew = Math.abs(Math.floor(input.now.getTime() / 1000) - Number(input.timestamp));
  if (skew > MAX_SKEW_SECONDS)
    return { ok: false, reason: `timestamp is ${skew} s from now (limit ${MAX_SKEW_SECONDS} s)` };
  if (!input.signature.startsWith("v0=")) return { ok: false, reason: "x-zm-signature is not a v0= signature" };
  const mac = hexToBytes(input.signature.slice(3));
  if (mac?.length !== 32) return { ok: false, reason: "x-zm-signature is not a hex SHA-256 MAC" };
  const key = await hmacKey(input.secret);
  const signed = encoder.encode(`v0:${input.timestamp}:${input.rawBody}`);
  const valid = await crypto.subtle.verify("HMAC", key, mac, signed);
  return valid ? { ok: true } : { ok: false, reason: "signature does not match the body" };
}

/** `endpoint.url_validation`: Zoom checks we hold the secret by asking for HMAC(secret, plainToken). */
export async function answerUrlValidation(secret: string, plainToken: string) {
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(plainToken));
  return { plainToken, encryptedToken: bytesToHex(mac) };
}
