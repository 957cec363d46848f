const LEGAL_SUFFIXES = new Set([
  "inc",
  "incorporated",
  "llc",
  "ltd",
  "limited",
  "corp",
  "corporation",
  "co",
  "company",
  "gmbh",
  "ag",
  "sa",
  "sas",
  "srl",
  "bv",
  "nv",
  "plc",
  "pty",
  "oy",
  "ab",
  "as",
  "kk",
]);

/** Words of a name, lower-cased, accents folded, punctuation dropped: "Zürich Re, Inc." -> ["zurich", "re", "inc"]. */
export function nameWords(name: string): string[] {
  // Most names are plain ASCII: skip Unicode normalization for them (search calls this per account).
  const folded = /^[ -~]*$/.test(name) ? name : name.normalize("NFKD").replace(/\p{M}/gu, "");
  return folded
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** What name lookups compare: "ACME, Inc." and "Acme" are the same company; "Acme Labs" is not. */
export function normalizeAccountName(name: string): string {
  const words = nameWords(name);
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1] as string)) words.pop();
  return words.join(" ");
}
