/**
 * Provider credentials at rest: AES-256-GCM with a random 96-bit IV per write, the organization and
 * provider as additional data (a ciphertext copied to another org's row does not decrypt), and the
 * key version stored beside it so TOKEN_ENCRYPTION_KEY can be rotated.
 */
export const CURRENT_KEY_VERSION = 1;

export interface SealedCredentials {
  ciphertext: string;
  iv: string;
  keyVersion: number;
}

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

export async function importEncryptionKey(base64Key: string | undefined): Promise<CryptoKey> {
  if (!base64Key) throw new Error("TOKEN_ENCRYPTION_KEY is not set");
  let raw: Uint8Array;
  try {
    raw = fromBase64(base64Key.trim());
  } catch {
    throw new Error("TOKEN_ENCRYPTION_KEY is not base64");
  }
  if (raw.length !== 32) throw new Error(`TOKEN_ENCRYPTION_KEY must be 32 bytes (base64), got ${raw.length}`);
  return crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
}

const additionalData = (organizationId: string, provider: string) =>
  new TextEncoder().encode(`${organizationId}|${provider}`);

export async function sealCredentials(
  key: CryptoKey,
  organizationId: string,
  provider: string,
  credentials: unknown,
): Promise<SealedCredentials> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const plaintext = new TextEncoder().encode(JSON.stringify(credentials));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: additionalData(organizationId, provider) },
    key,
    plaintext,
  );
  return { ciphertext: toBase64(new Uint8Array(sealed)), iv: toBase64(iv), keyVersion: CURRENT_KEY_VERSION };
}

export async function openCredentials<T>(
  key: CryptoKey,
  organizationId: string,
  provider: string,
  sealed: SealedCredentials,
): Promise<T> {
  if (sealed.keyVersion !== CURRENT_KEY_VERSION) throw new Error(`no key for version ${sealed.keyVersion}`);
  const plaintext = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: fromBase64(sealed.iv), additionalData: additionalData(organizationId, provider) },
    key,
    fromBase64(sealed.ciphertext),
  );
  return JSON.parse(new TextDecoder().decode(plaintext)) as T;
}

/** Seals and opens credentials with the deployment's key, imported once per isolate. */
export interface Vault {
  seal(organizationId: string, provider: string, credentials: unknown): Promise<SealedCredentials>;
  open<T>(organizationId: string, provider: string, sealed: SealedCredentials): Promise<T>;
}

// One CryptoKey per key value: importKey is not free, and the key does not change inside an isolate.
const importedKeys = new Map<string, Promise<CryptoKey>>();

export function createVault(rawKey: Uint8Array<ArrayBuffer> | null): Vault {
  const key = (): Promise<CryptoKey> => {
    if (!rawKey) return Promise.reject(new Error("TOKEN_ENCRYPTION_KEY is not set"));
    const id = toBase64(rawKey);
    let imported = importedKeys.get(id);
    if (!imported) {
      imported = crypto.subtle.importKey("raw", rawKey, "AES-GCM", false, ["encrypt", "decrypt"]);
      importedKeys.set(id, imported);
    }
    return imported;
  };
  return {
    seal: async (organizationId, provider, credentials) =>
      sealCredentials(await key(), organizationId, provider, credentials),
    open: async <T>(organizationId: string, provider: string, sealed: SealedCredentials) =>
      openCredentials<T>(await key(), organizationId, provider, sealed),
  };
}
