import type { Failure } from "../shared/messages.ts";

/** Each refused field's reason, and what could not be tied to a field (shown under the form). */
export type FieldErrors<F extends string> = { fields: Partial<Record<F, string>>; form: string | null };

const BACKEND_PREFIX = "The backend answered: ";

/**
 * Splits the backend's reason into per-field reasons. The API names the field first in every 400 and
 * 409 ("domains.1: must be a domain name like acme.com; email: Invalid email address", see
 * worker/src/platform/validation.ts): a path is tied to the longest of `fields` it starts with
 * ("leadSource.utmSource" before "leadSource"); `detail` may reword a part (e.g. name the domain at
 * index 1). Anything else, and failures that are not the backend's answer, stays a form error.
 */
export function splitFieldErrors<F extends string>(
  failureText: string,
  fields: readonly F[],
  detail: (path: string, message: string) => string = (_path, message) => message,
): FieldErrors<F> {
  if (!failureText.startsWith(BACKEND_PREFIX)) return { fields: {}, form: failureText };
  const byField: Partial<Record<F, string>> = {};
  const rest: string[] = [];
  const byLength = [...fields].sort((a, b) => b.length - a.length);
  for (const part of failureText.slice(BACKEND_PREFIX.length).split("; ")) {
    const match = /^([A-Za-z][\w.]*): (.+)$/s.exec(part);
    const path = match?.[1];
    const message = match?.[2];
    const field = path ? byLength.find((f) => path === f || path.startsWith(`${f}.`)) : undefined;
    if (!field || !path || !message) {
      rest.push(part);
      continue;
    }
    const text = detail(path, message);
    byField[field] = byField[field] ? `${byField[field]} ${text}` : text;
  }
  return { fields: byField, form: rest.length ? `${BACKEND_PREFIX}${rest.join("; ")}` : null };
}

/** splitFieldErrors for a failed answer; a session that ended is nobody's field (the page signs out). */
export function failureFieldErrors<F extends string>(
  error: Failure,
  text: string,
  fields: readonly F[],
  detail?: (path: string, message: string) => string,
): FieldErrors<F> {
  return error.kind === "server" ? splitFieldErrors(text, fields, detail) : { fields: {}, form: text };
}
