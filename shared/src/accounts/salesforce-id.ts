const SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

/**
 * Salesforce shows record ids in two forms: 15 case-sensitive characters, or 18 with a suffix that
 * encodes the case of the first 15 (so case-insensitive tools can compare them). We store and
 * compare the 18-character form, recomputing the suffix so "...aaa" and "...AAA" typed by hand agree.
 */
export function canonicalSalesforceId(id: string): string | null {
  if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id)) return null;
  const base = id.slice(0, 15);
  let suffix = "";
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const ch = base.charAt(chunk * 5 + i);
      if (ch >= "A" && ch <= "Z") bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET.charAt(bits);
  }
  return base + suffix;
}
