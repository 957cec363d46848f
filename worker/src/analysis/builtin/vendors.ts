/**
 * Vendor names: the conversation-intelligence and sales-tool vendors every customer of ours meets,
 * plus the names an organization lists as its competitors. A name alone is no competitor objection
 * ("We use Zendesk for our tickets"); `objections.ts` needs an evaluation or switching cue beside it.
 */
const KNOWN_VENDORS = [
  "Gong",
  "Chorus",
  "Clari",
  "Salesloft",
  "Outreach",
  "Observe.AI",
  "Avoma",
  "Fathom",
  "Fireflies",
  "Otter",
  "Jiminny",
  "Wingman",
  "People.ai",
  "ExecVision",
];

const escapeRegExp = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Finds a vendor name in a sentence's verbatim text, or null. */
export type VendorMatcher = (text: string) => string | null;

/**
 * Matches whole words, case-insensitively, but the first letter must be a capital in the sentence:
 * a vendor is a proper noun, and "our wavelength planning" or "the otter at the zoo" are not one.
 * Names shorter than three characters are ignored (too many false matches).
 */
export function vendorMatcher(competitors: readonly string[] = []): VendorMatcher {
  const names = [...new Set([...KNOWN_VENDORS, ...competitors].map((n) => n.trim()).filter((n) => n.length >= 3))];
  // Longest first, so "Observe.AI" wins over a listed "Observe".
  names.sort((a, b) => b.length - a.length);
  const pattern = new RegExp(`(?<![\\w.])(?:${names.map(escapeRegExp).join("|")})(?![\\w])`, "gi");
  return (text) => {
    for (const m of text.matchAll(pattern)) if (/^[A-Z0-9]/.test(m[0])) return m[0];
    return null;
  };
}
