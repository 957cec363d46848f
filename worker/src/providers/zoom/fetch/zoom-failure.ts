import { PermanentJobError, RetryLaterError } from "../../../queue/jobs.ts";

/** Retry-After is seconds or an HTTP date; anything unreadable means "use the normal backoff". */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/**
 * The error a failed Zoom answer becomes in a queue job: 429 waits as long as Zoom asked, other
 * rate or server trouble (408, 5xx) retries with backoff, and the rest (401 after every token was
 * tried, 403, 404, 410...) will not get better by retrying and becomes a failed job at once.
 */
export function zoomFailure(what: string, status: number, retryAfter: string | null, now: Date): Error {
  const message = `${what}: Zoom answered ${status}`;
  if (status === 429) {
    const seconds = parseRetryAfter(retryAfter, now);
    return seconds === null ? new Error(message) : new RetryLaterError(message, seconds);
  }
  if (status === 408 || status >= 500) return new Error(message);
  return new PermanentJobError(message);
}

/** A request that never got an answer (DNS, reset, timeout) is transient: the queue retries it. */
export function networkFailure(what: string, err: unknown): Error {
  return new Error(`${what}: ${err instanceof Error ? err.message : String(err)}`);
}
