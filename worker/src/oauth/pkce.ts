/**
 * PKCE (RFC 7636) with the S256 method, and the random `state` of an authorization request.
 * Verifiers and states are 32 random bytes in base64url (43 characters, inside RFC 7636's 43..128).
 */
export function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** 32 random bytes, base64url: unguessable, URL-safe, a valid code_verifier. */
export function randomToken(): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/** BASE64URL(SHA-256(text)), no padding: how one-time secrets are kept at rest. */
export async function sha256Base64Url(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return base64Url(new Uint8Array(digest));
}

/** `code_challenge` = BASE64URL(SHA-256(ASCII(code_verifier))), no padding. */
export function pkceChallenge(codeVerifier: string): Promise<string> {
  return sha256Base64Url(codeVerifier);
}
