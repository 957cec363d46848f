const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/** Random, prefixed ids ("acct_3k9x..."): the prefix tells what an id names in logs and support tickets. */
export function newId(prefix: string, length = 20): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = `${prefix}_`;
  for (const byte of bytes) out += ALPHABET[byte & 31];
  return out;
}
