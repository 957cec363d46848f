import type { Services } from "./services.ts";

/**
 * Short-lived bearer links (`/media/{token}`, `/exports/{token}`): the token is a claim (the
 * organization, what it opens, an expiry) signed with HMAC-SHA256 under a key derived from the
 * deployment's current encryption key and the link's purpose, so a link of one purpose never opens
 * another's. Anyone holding a link may use it until it expires (a browser opens it without a bearer
 * token), so links live minutes, and each route checks the thing still belongs to the claim's organization.
 */
export interface LinkClaim {
  organizationId: string;
  /** The id of what the link opens (a media file, an export). */
  subjectId: string;
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

async function signingKey(services: Services, purpose: string): Promise<CryptoKey> {
  const raw = services.config.encryptionKey;
  if (!raw) throw new Error("TOKEN_ENCRYPTION_KEY is not set");
  // A key of its own per purpose (never the encryption key itself): SHA-256 of a label and the key.
  const label = encoder.encode(`sightline ${purpose} links v1:`);
  const material = new Uint8Array(label.length + raw.length);
  material.set(label);
  material.set(raw, label.length);
  const derived = await crypto.subtle.digest("SHA-256", material);
  return crypto.subtle.importKey("raw", derived, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
}

export async function signLink(
  services: Services,
  purpose: string,
  organizationId: string,
  subjectId: string,
  lifetimeSeconds: number,
) {
  const expiresAt = services.clock.now().getTime() + lifetimeSeconds * 1000;
  const payload = b64url(encoder.encode(JSON.stringify({ o: organizationId, m: subjectId, e: expiresAt })));
  const signature = new Uint8Array(
    await crypto.subtle.sign("HMAC", await signingKey(services, purpose), encoder.encode(payload)),
  );
  return { token: `${payload}.${b64url(signature)}`, expiresAt: new Date(expiresAt) };
}

/** The claim of a genuine, unexpired token of this purpose; null for anything else (forged, altered, garbage). */
export async function verifyLink(
  services: Services,
  purpose: string,
  token: string,
): Promise<LinkClaim | "expired" | null> {
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined) return null;
  let ok = false;
  try {
    ok = await crypto.subtle.verify(
      "HMAC",
      await signingKey(services, purpose),
      fromB64url(signature),
      encoder.encode(payload),
    );
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
    return { organizationId: claim.o, subjectId: claim.m, expiresAt: claim.e };
  } catch {
    return null;
  }
}
