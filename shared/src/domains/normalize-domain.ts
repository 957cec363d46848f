/**
 * Reduces what a CRM page or a mail header shows to a bare host name: "https://www.Acme.com/about"
 * -> "acme.com", "jane@Acme.com" -> "acme.com", "acme.com." -> "acme.com". Returns null when nothing
 * domain-like is left.
 */
export function normalizeDomain(input: string): string | null {
  let value = input.trim().toLowerCase();
  if (value === "") return null;
  const at = value.lastIndexOf("@");
  if (at >= 0) value = value.slice(at + 1);
  value = value.replace(/^[a-z][a-z0-9+.-]*:\/\//, "");
  value = value.split(/[/?#]/, 1)[0] ?? "";
  value = value.replace(/:\d+$/, "").replace(/\.$/, "");
  if (value.startsWith("www.")) value = value.slice(4);
  if (!/^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(value)) return null;
  return value;
}

/** "eu.sales.acme.com" -> ["eu.sales.acme.com", "sales.acme.com", "acme.com"]: most specific first. */
export function parentDomains(domain: string): string[] {
  const labels = domain.split(".");
  const out: string[] = [];
  for (let i = 0; i <= labels.length - 2; i++) out.push(labels.slice(i).join("."));
  return out;
}

/** The domain of an e-mail address, or null. */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf("@");
  return at < 0 ? null : normalizeDomain(email.slice(at + 1));
}
