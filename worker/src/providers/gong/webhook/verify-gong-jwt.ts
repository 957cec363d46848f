/**
 * Verifies the JWT Gong signs an automation-rule webhook with (RS256, in `Authorization`, with or
 * without `Bearer `), using the public key an admin pasted from Gong's UI. The signature must hold,
 * `webhook_url` must be the URL the request came to, and `body_sha256` the hex SHA-256 of the raw
 * body (so a captured token cannot carry another body). Only RS256 is accepted: `none` or HS256
 * with the public key as secret are the classic forgeries.
 *
 * Time claims: Gong's documentation does not say what it puts there, but a signed token without an
 * expiry could be replayed forever by whoever captured one (the body hash only pins the body, and a
 * redelivered body is deduplicated, but not after its archive is deleted). So `exp` is required and
 * must not be past (with a minute of clock skew), it may not lie more than a day ahead (a "never
 * expires" token in disguise), and `iat`, when present, must not lie in the future (beyond the skew)
 * nor be older than a day.
 */
export const JWT_CLOCK_SKEW_SECONDS = 60;
export const JWT_MAX_AGE_SECONDS = 24 * 60 * 60;

export type JwtCheck = { ok: true; claims: Record<string, unknown> } | { ok: false; reason: string };

const b64urlToBytes = (s: string) =>
  Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

export async function importWebhookKey(pem: string): Promise<CryptoKey> {
  const body = pem
    .replace(/-----BEGIN PUBLIC KEY-----/, "")
    .replace(/-----END PUBLIC KEY-----/, "")
    .replace(/\s+/g, "");
  if (!body || /[^A-Za-z0-9+/=]/.test(body)) throw new Error("not PEM");
  return crypto.subtle.importKey(
    "spki",
    Uint8Array.from(atob(body), (c) => c.charCodeAt(0)),
    { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
    false,
    ["verify"],
  );
}

/** The token of an Authorization header, or null. */
export function gongJwtFrom(header: string | undefined): string | null {
  const value = header?.trim().replace(/^Bearer\s+/i, "");
  return value && value.split(".").length === 3 ? value : null;
}

/** Whether the token's signature holds under this key (header checked to be RS256). */
export async function gongJwtSignedBy(token: string, key: CryptoKey): Promise<boolean> {
  const [h, p, s] = token.split(".") as [string, string, string];
  try {
    const header = JSON.parse(new TextDecoder().decode(b64urlToBytes(h))) as { alg?: unknown };
    if (header.alg !== "RS256") return false;
    return await crypto.subtle.verify(
      "RSASSA-PKCS1-v1_5",
      key,
      b64urlToBytes(s),
      new TextEncoder().encode(`${h}.${p}`),
    );
  } catch {
    return false;
  }
}

const sameUrl = (a: string, b: string) => {
  try {
    return new URL(a).toString() === new URL(b).toString();
  } catch {
    return false;
  }
};

/** The claims of a token whose signature already held, checked against the request. */
export async function checkGongJwtClaims(
  token: string,
  request: { url: string; rawBody: string; now: Date },
): Promise<JwtCheck> {
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(new TextDecoder().decode(b64urlToBytes(token.split(".")[1] ?? "")));
  } catch {
    return { ok: false, reason: "the JWT payload is not JSON" };
  }
  if (typeof claims.webhook_url !== "string" || !sameUrl(claims.webhook_url, request.url))
    return { ok: false, reason: "the webhook_url claim is not this URL" };
  const digest = hex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(request.rawBody)));
  if (typeof claims.body_sha256 !== "string" || claims.body_sha256.toLowerCase() !== digest)
    return { ok: false, reason: "the body_sha256 claim does not match the body" };
  const timing = checkTimeClaims(claims, request.now);
  if (timing) return { ok: false, reason: timing };
  return { ok: true, claims };
}

/** Why the token's `exp`/`iat` make it unacceptable now, or null when they hold. */
function checkTimeClaims(claims: Record<string, unknown>, now: Date): string | null {
  const nowSeconds = now.getTime() / 1000;
  const { exp, iat } = claims;
  if (exp === undefined) return "the JWT has no exp claim";
  if (typeof exp !== "number" || !Number.isFinite(exp)) return "the JWT's exp claim is not a number";
  if (exp < nowSeconds - JWT_CLOCK_SKEW_SECONDS) return "the JWT has expired";
  if (exp > nowSeconds + JWT_MAX_AGE_SECONDS + JWT_CLOCK_SKEW_SECONDS)
    return "the JWT's exp claim is more than a day ahead";
  if (iat === undefined) return null;
  if (typeof iat !== "number" || !Number.isFinite(iat)) return "the JWT's iat claim is not a number";
  if (iat > nowSeconds + JWT_CLOCK_SKEW_SECONDS) return "the JWT's iat claim is in the future";
  if (iat < nowSeconds - JWT_MAX_AGE_SECONDS - JWT_CLOCK_SKEW_SECONDS) return "the JWT was issued more than a day ago";
  return null;
}
