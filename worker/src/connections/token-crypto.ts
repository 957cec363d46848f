import type { KeyRing } from "../platform/config.ts";

/**
 * Credentials and other secrets at rest: AES-256-GCM with a random 96-bit IV per write, under a
 * versioned key (the key version is stored beside each ciphertext, so keys can be rotated).
 *
 * Two formats, told apart by a prefix of the stored ciphertext:
 * - row-bound (`v2:`, every write since key rotation): the additional data names the table, column,
 *   row id and organization the ciphertext was written for, so a ciphertext copied to any other row
 *   (another connection of the same organization and provider included) does not decrypt;
 * - legacy (no prefix): the additional data is `organization|provider`. Still read; the key
 *   rotation (connections/rotate-keys.ts) rewrites every such ciphertext row-bound.
 */
export interface SealedCredentials {
  ciphertext: string;
  iv: string;
  keyVersion: number;
}

/** Which row and column a ciphertext belongs to (its additional data), and the legacy label it had before. */
export interface CipherBinding {
  table: string;
  column: string;
  rowId: string;
  organizationId: string;
  /** The provider (or "slack") of the legacy additional data `organization|label`. */
  legacyLabel: string;
}

export type { KeyRing };

const ROW_BOUND = "v2:";
const toBase64 = (bytes: Uint8Array) => {
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
};
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const encoder = new TextEncoder();

export async function importEncryptionKey(base64Key: string | undefined): Promise<CryptoKey> {
  if (!base64Key) throw new Error("TOKEN_ENCRYPTION_KEY is not set");
  let raw: Uint8Array<ArrayBuffer>;
  try {
    raw = fromBase64(base64Key.trim());
  } catch {
    throw new Error("TOKEN_ENCRYPTION_KEY is not base64");
  }
  if (raw.length !== 32) throw new Error(`TOKEN_ENCRYPTION_KEY must be 32 bytes (base64), got ${raw.length}`);
  return crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
}

const legacyAdditionalData = (organizationId: string, label: string) => encoder.encode(`${organizationId}|${label}`);
const rowAdditionalData = (b: CipherBinding) =>
  encoder.encode(`sightline-v2|${b.table}|${b.column}|${b.rowId}|${b.organizationId}`);

/** Whether a stored ciphertext is row-bound (rotation rewrites the ones that are not). */
export const isRowBound = (sealed: Pick<SealedCredentials, "ciphertext">) => sealed.ciphertext.startsWith(ROW_BOUND);

async function encrypt(key: CryptoKey, additionalData: Uint8Array, value: unknown) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData },
    key,
    encoder.encode(JSON.stringify(value)),
  );
  return { ciphertext: toBase64(new Uint8Array(sealed)), iv: toBase64(iv) };
}

async function decrypt<T>(key: CryptoKey, additionalData: Uint8Array, iv: string, ciphertext: string): Promise<T> {
  const plaintext = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: fromBase64(iv), additionalData },
    key,
    fromBase64(ciphertext),
  );
  return JSON.parse(new TextDecoder().decode(plaintext)) as T;
}

/** The legacy format (organization|provider), key version 1: kept for reading old rows and for tests that write them. */
export async function sealCredentials(
  key: CryptoKey,
  organizationId: string,
  provider: string,
  credentials: unknown,
): Promise<SealedCredentials> {
  return { ...(await encrypt(key, legacyAdditionalData(organizationId, provider), credentials)), keyVersion: 1 };
}

export async function openCredentials<T>(
  key: CryptoKey,
  organizationId: string,
  provider: string,
  sealed: SealedCredentials,
): Promise<T> {
  return decrypt<T>(key, legacyAdditionalData(organizationId, provider), sealed.iv, sealed.ciphertext);
}

/** Seals and opens secrets with the deployment's key ring, each key imported once per isolate. */
export interface Vault {
  /** The version new ciphertexts get (null: no key configured). */
  readonly currentKeyVersion: number | null;
  seal(binding: CipherBinding, value: unknown): Promise<SealedCredentials>;
  open<T>(binding: CipherBinding, sealed: SealedCredentials): Promise<T>;
  /** On the current key and row-bound: nothing for a rotation to do. */
  isCurrent(sealed: SealedCredentials): boolean;
}

// One CryptoKey per key value: importKey is not free, and keys do not change inside an isolate.
const importedKeys = new Map<string, Promise<CryptoKey>>();

function importRaw(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  const id = toBase64(raw);
  let imported = importedKeys.get(id);
  if (!imported) {
    imported = crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
    importedKeys.set(id, imported);
  }
  return imported;
}

export function createVault(ring: KeyRing | null): Vault {
  const key = (version: number): Promise<CryptoKey> => {
    if (!ring) return Promise.reject(new Error("TOKEN_ENCRYPTION_KEY is not set"));
    const raw = ring.keys.get(version);
    if (!raw)
      return Promise.reject(
        new Error(`no key for version ${version} (TOKEN_ENCRYPTION_KEYS has ${[...ring.keys.keys()].join(", ")})`),
      );
    return importRaw(raw);
  };
  return {
    currentKeyVersion: ring?.current ?? null,
    async seal(binding, value) {
      if (!ring) throw new Error("TOKEN_ENCRYPTION_KEY is not set");
      const sealed = await encrypt(await key(ring.current), rowAdditionalData(binding), value);
      return { ciphertext: `${ROW_BOUND}${sealed.ciphertext}`, iv: sealed.iv, keyVersion: ring.current };
    },
    async open<T>(binding: CipherBinding, sealed: SealedCredentials) {
      const k = await key(sealed.keyVersion);
      if (isRowBound(sealed))
        return decrypt<T>(k, rowAdditionalData(binding), sealed.iv, sealed.ciphertext.slice(ROW_BOUND.length));
      return decrypt<T>(
        k,
        legacyAdditionalData(binding.organizationId, binding.legacyLabel),
        sealed.iv,
        sealed.ciphertext,
      );
    },
    isCurrent: (sealed) => ring !== null && sealed.keyVersion === ring.current && isRowBound(sealed),
  };
}

/** The binding of a connection's credentials. */
export const connectionCredentialsBinding = (row: {
  id: string;
  organizationId: string;
  provider: string;
}): CipherBinding => ({
  table: "connections",
  column: "credentials",
  rowId: row.id,
  organizationId: row.organizationId,
  legacyLabel: row.provider,
});

/** The binding of an organization's Slack webhook URL. */
export const slackWebhookBinding = (organizationId: string): CipherBinding => ({
  table: "organizations",
  column: "slack_webhook",
  rowId: organizationId,
  organizationId,
  legacyLabel: "slack",
});
