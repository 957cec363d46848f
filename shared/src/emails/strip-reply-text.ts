/**
 * The new text of an e-mail message: what its author wrote, without the quoted earlier messages and
 * without the signature. Plain-text rules only (the Gmail reader removes `gmail_quote` and
 * `gmail_signature` blocks from the DOM first; the Worker runs this again on whatever a client sent):
 *  - everything from an attribution line "On <date>, <someone> wrote:" (also split over two lines,
 *    as Gmail wraps it), an Outlook "-----Original Message-----" or a "From: ... Sent: ..." header block;
 *  - lines quoted with ">";
 *  - everything from the signature delimiter "-- " (RFC 3676; "--" alone too, as clients trim it).
 */
export function stripReplyText(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const trimmed = line.trim();
    if (line.trimEnd() === "--") break;
    if (isAttribution(trimmed, lines[i + 1]?.trim())) break;
    if (/^-{2,}\s*Original Message\s*-{2,}$/i.test(trimmed)) break;
    if (/^_{10,}$/.test(trimmed) && /^From:/i.test(lines[i + 1]?.trim() ?? "")) break;
    if (/^From:\s.+/i.test(trimmed) && lines.slice(i + 1, i + 4).some((l) => /^(Sent|Date):\s/i.test(l.trim()))) break;
    if (trimmed.startsWith(">")) continue;
    kept.push(line.trimEnd());
  }
  return kept
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** "On Tue, 3 Dec 2026 at 10:02, Ana <ana@acme.com> wrote:", possibly wrapped onto the next line. */
function isAttribution(line: string, next: string | undefined): boolean {
  if (!/^On\s/.test(line)) return false;
  if (/\swrote:$/.test(line) && line.length <= 400) return true;
  return next !== undefined && /^(.{0,200}\s)?wrote:$/.test(next) && line.length <= 300;
}
