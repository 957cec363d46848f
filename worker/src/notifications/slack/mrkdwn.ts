/**
 * Slack mrkdwn text safety. Slack asks for exactly three characters to be escaped (`&`, `<`, `>`);
 * once they are, `<!channel>`, `<@U123>` and `<https://...|label>` can no longer form. Bare `@here`
 * style words do not ping in webhook messages, but a zero-width joiner after the `@` keeps them inert
 * in any client that would auto-link them.
 */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/@(channel|here|everyone)\b/gi, "@\u2060$1");
}

/** Cuts to at most `max` characters (code units), ending in "…", never inside an escape like `&amp;`. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  const amp = cut.lastIndexOf("&");
  if (amp >= 0 && !cut.slice(amp).includes(";") && cut.length - amp < 6) cut = cut.slice(0, amp);
  // Do not leave half of a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** Escaped and cut to `max` characters. */
export function safeText(text: string, max: number): string {
  return truncate(escapeMrkdwn(text.replace(/\s+/g, " ").trim()), max);
}
