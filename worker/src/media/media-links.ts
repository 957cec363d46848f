import type { Services } from "../platform/services.ts";

/**
 * Short-lived links to kept media: `/media/{token}`, the token being the organization, the media
 * file's id and an expiry, signed with HMAC-SHA256 under a key derived from TOKEN_ENCRYPTION_KEY.
 * Anyone holding a link may fetch it until it expires (a browser opens it without a bearer token),
 * so links live minutes (MEDIA_LINK_SECONDS), and the Worker checks the file still belongs to the
 * token's organization before serving it.
 */
export interface MediaClaim {
  organizationId: string;
  mediaId: string;
  expiresAt: number;
}

const encoder = new TextEncoder();
const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
const fromB64url = (text: string) =>
  Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));

async function signingKey(services: Services): Promise<CryptoKey> {
  const raw = services.config.encryptionKey;
  if (!raw) throw new Error("TOKEN_ENCRYPTION_KEY is not set");
  // A key of its own for links (never the encryption key itself): SHA-256 of a label and the key.
  const label = encoder.encode("sightline media links v1:");
  const material = new Uint8Array(label.length + raw.length);
  material.set(label);
  material.set(raw, label.length);
  const derived = await crypto.subtle.digest("SHA-256", material);
  return crypto.subtle.importKey("raw", derived, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
}

export async function signMediaLink(services: Services, organizationId: string, mediaId: string) {
  const expiresAt = services.clock.now().getTime() + services.config.mediaLinkSeconds * 1000;
  const payload = b64url(encoder.encode(JSON.stringify({ o: organizationId, m: mediaId, e: expiresAt })));
  const signature = new Uint8Array(
    await crypto.subtle.sign("HMAC", await signingKey(services), encoder.encode(payload)),
  );
  return { token: `${payload}.${b64url(signature)}`, expiresAt: new Date(expiresAt) };
}

/** The claim of a genuine, unexpired token; null for anything else (forged, altered, expired, garbage). */
export async function verifyMediaLink(services: Services, token: string): Promise<MediaClaim | "expired" | null> {
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined) return null;
  let ok = false;
  try {
    ok = await crypto.subtle.verify("HMAC", await signingKey(services), fromB64url(signature), encoder.encode(payload));
  } catch {
    return null;
  }
  if (!ok) return null;
  try {
    const claim = JSON.parse(new TextDecoder().decode(fromB64url(payload))) as {
      o?: unknown;
      m?: unknown;
      e?: unknown;
    };
    if (typeof claim.o !== "string" || typeof claim.m !== "string" || typeof claim.e !== "number") return null;
    if (claim.e <= services.clock.now().getTime()) return "expired";
    return { organizationId: claim.o, mediaId: claim.m, expiresAt: claim.e };
  } catch {
    return null;
  }
}
