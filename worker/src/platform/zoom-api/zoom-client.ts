import { PermanentJobError, RetryLaterError } from "../../queue/jobs.ts";
import { MAX_QUEUE_DELAY_SECONDS } from "../config.ts";
import type { Services } from "../services.ts";

/**
 * The one way Sightline talks to Zoom: every request to the REST API, the OAuth endpoints and the
 * recording download hosts goes through here, so base URLs, timeouts, which hosts may see a token,
 * redirects, size caps and the mapping of failures to queue retries live in one place.
 */

/** Downloads take `config.zoom.downloadTimeoutMs` (ZOOM_DOWNLOAD_TIMEOUT_SECONDS, 60 s by default). */
export const ZOOM_TIMEOUT_MS = { api: 20_000, oauth: 10_000 } as const;
/** A transcript VTT of a ten-hour meeting is a few MB; anything far larger is not a transcript. */
export const MAX_TRANSCRIPT_BYTES = 20 * 1024 * 1024;
const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Gets an access token for a request; `refresh` asks for a freshly issued one after a 401. */
export type TokenSource = (refresh: boolean) => Promise<string>;

/** Retry-After is seconds or an HTTP date; anything unreadable means "use the normal backoff". */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/**
 * The error a failed Zoom answer becomes in a queue job: 429 waits as long as Zoom asked (at most
 * the longest delay Queues accept), other rate or server trouble (408, 5xx) retries with backoff,
 * and the rest (401 after every token was tried, 403, 404, 410...) will not get better by retrying
 * and becomes a failed job at once.
 */
export function zoomFailure(what: string, status: number, retryAfter: string | null, now: Date): Error {
  const message = `${what}: Zoom answered ${status}`;
  if (status === 429) {
    const seconds = parseRetryAfter(retryAfter, now);
    return seconds === null
      ? new Error(message)
      : new RetryLaterError(message, Math.min(seconds, MAX_QUEUE_DELAY_SECONDS));
  }
  if (status === 408 || status >= 500) return new Error(message);
  return new PermanentJobError(message);
}

/** A request that never got an answer (DNS, reset, timeout) is transient: the queue retries it. */
export function networkFailure(what: string, err: unknown): Error {
  return new Error(`${what}: ${err instanceof Error ? err.message : String(err)}`);
}

/**
 * Hosts a Zoom token may be sent to: https on zoom.us and its subdomains, and the configured
 * ZOOM_API_BASE's own origin (a local fake in tests). A webhook's `download_url` is attacker-
 * controlled as far as this code knows, so nothing else ever receives a request with a token.
 */
export function isZoomHost(url: URL, apiBase: string): boolean {
  if (url.username || url.password) return false;
  if (url.protocol === "https:" && (url.hostname === "zoom.us" || url.hostname.endsWith(".zoom.us"))) return true;
  const base = new URL(apiBase);
  return url.protocol === base.protocol && url.host === base.host;
}

export class ZoomClient {
  constructor(
    private readonly services: Services,
    private readonly fetcher: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  get apiBase(): string {
    return this.services.config.zoom.apiBase;
  }

  get oauthBase(): string {
    return this.services.config.zoom.oauthBase;
  }

  /**
   * `GET {ZOOM_API_BASE}{path}` with a bearer token, once more with a refreshed token after a 401.
   * Answers the parsed JSON; failures are the job errors of `zoomFailure` / `networkFailure`.
   */
  async getJson(pathAndQuery: string, token: TokenSource, what: string): Promise<unknown> {
    const url = `${this.apiBase}${pathAndQuery}`;
    let refreshed = false;
    let current = await token(false);
    for (;;) {
      let res: Response;
      try {
        res = await this.fetcher(url, {
          headers: { authorization: `Bearer ${current}` },
          redirect: "manual",
          signal: AbortSignal.timeout(ZOOM_TIMEOUT_MS.api),
        });
      } catch (err) {
        throw networkFailure(what, err);
      }
      if (res.status === 401 && !refreshed) {
        await res.body?.cancel();
        current = await token(true);
        refreshed = true;
        continue;
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw zoomFailure(what, res.status, res.headers.get("retry-after"), this.services.clock.now());
      }
      return res.json().catch(() => {
        throw new Error(`${what}: Zoom's answer is not JSON`);
      });
    }
  }

  /**
   * A call to `{ZOOM_OAUTH_BASE}{path}` (token, revoke) with the client in HTTP Basic auth. Answers
   * Zoom's response, or throws when Zoom could not be reached; callers map statuses themselves
   * because a refused grant means different things to an admin's form and to a queue job.
   */
  oauthPost(path: string, client: { clientId: string; clientSecret: string }, form?: Record<string, string>) {
    const headers: Record<string, string> = {
      authorization: `Basic ${btoa(`${client.clientId}:${client.clientSecret}`)}`,
    };
    if (form) headers["content-type"] = "application/x-www-form-urlencoded";
    return this.fetcher(`${this.oauthBase}${path}`, {
      method: "POST",
      headers,
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
      redirect: "manual",
      signal: AbortSignal.timeout(ZOOM_TIMEOUT_MS.oauth),
    });
  }

  /** Refuses a download URL that is not on Zoom's hosts before any token is looked up. */
  checkDownloadUrl(raw: string, what: string): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new PermanentJobError(`${what}: the download URL is not a URL`);
    }
    if (!isZoomHost(url, this.apiBase))
      throw new PermanentJobError(`${what}: the download URL is not on a Zoom host (${url.protocol}//${url.host})`);
    return url;
  }

  /**
   * Downloads a recording file with a bearer token. Redirects are followed by hand, only to Zoom's
   * hosts, and the token goes along only to the same origin (a signed CDN URL needs none). Answers
   * the response, body unread, whatever its status; throws a transient error when Zoom never
   * answered and a permanent one when it points off its own hosts.
   */
  async download(raw: string, token: string, what: string): Promise<Response> {
    let url = this.checkDownloadUrl(raw, what);
    const origin = url.origin;
    for (let hop = 0; ; hop++) {
      let res: Response;
      try {
        res = await this.fetcher(url, {
          headers: url.origin === origin ? { authorization: `Bearer ${token}` } : {},
          redirect: "manual",
          signal: AbortSignal.timeout(this.services.config.zoom.downloadTimeoutMs),
        });
      } catch (err) {
        this.services.log.warn("zoom download did not answer", { what, err });
        throw networkFailure(what, err);
      }
      if (!REDIRECT_STATUSES.has(res.status)) return res;
      await res.body?.cancel();
      const location = res.headers.get("location");
      if (!location || hop >= MAX_REDIRECTS) throw new PermanentJobError(`${what}: Zoom redirected without end`);
      const next = new URL(location, url);
      if (!isZoomHost(next, this.apiBase))
        throw new PermanentJobError(`${what}: Zoom redirected off its hosts (${next.protocol}//${next.host})`);
      url = next;
    }
  }
}

/** Reads a body as text, refusing it as soon as it passes `limit` bytes (a declared length is checked first). */
export async function readTextAtMost(res: Response, limit: number, what: string): Promise<string> {
  const tooLarge = () => new PermanentJobError(`${what}: the file is larger than ${limit} bytes`);
  const declared = Number(res.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await res.body?.cancel();
    throw tooLarge();
  }
  if (!res.body) return "";
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let total = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}
