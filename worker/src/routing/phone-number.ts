/**
 * A phone number in E.164 (`+` and 8 to 15 digits), or null when it cannot be one. Separators,
 * parentheses, dots and an extension are dropped; `00` is the international prefix. A number without
 * a country code is read as North American when it has 10 digits (or 11 starting with 1), which is
 * how Zoom Contact Center shows US numbers without the `+`; any other national number is unknown.
 */
export function normalizePhone(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const withoutExtension = raw.replace(/\s*(?:ext\.?|extension|x|#)\s*\d+\s*$/i, "");
  const plus = /^\s*(\+|00)/.exec(withoutExtension);
  const digits = withoutExtension.replace(/\D/g, "");
  if (plus) {
    const national = plus[1] === "00" ? digits.slice(2) : digits;
    return national.length >= 8 && national.length <= 15 && !national.startsWith("0") ? `+${national}` : null;
  }
  if (digits.length === 10 && /^[2-9]/.test(digits)) return `+1${digits}`;
  if (digits.length === 11 && digits.startsWith("1")) return `+${digits}`;
  return null;
}
