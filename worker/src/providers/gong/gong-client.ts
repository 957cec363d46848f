import type { z } from "zod";
import { MAX_QUEUE_DELAY_SECONDS } from "../../platform/config.ts";
import type { Services } from "../../platform/services.ts";
import { PermanentJobError, RetryLaterError } from "../../queue/jobs.ts";
import { holdGongSlotsUntil, reserveGongSlot } from "./gong-rate-limit.ts";
import {
  type GongCallMeta,
  GongCallsPageSchema,
  type GongExtensiveCall,
  GongExtensivePageSchema,
  type GongMonologue,
  GongTranscriptPageSchema,
  GongWorkspacesSchema,
} from "./gong-schemas.ts";

/**
 * The one way Sightline talks to Gong's API: every request takes a slot of its company's shared
 * budget first (gong-rate-limit.ts), goes only to Gong's hosts (or the configured GONG_API_BASE, a
 * local fake), never follows a redirect, and maps failures to the queue's contract: 429 waits as
 * long as Gong said (briefly in place, longer through the queue), 408/5xx and network trouble retry
 * with backoff, everything else is permanent. An empty window (404 "No calls found") is no error.
 * A request unanswered after GONG_TIMEOUT_SECONDS (30 by default) is abandoned and retried.
 */
/** Gong caps callIds per request (size unverified): batches stay at 100. */
export const GONG_CALL_IDS_PER_REQUEST = 100;
/** A 429 or a slot this close is waited for inside the job; a longer wait goes back to the queue. */
const MAX_IN_PLACE_WAIT_MS = 20_000;
const MAX_429_IN_PLACE = 3;

export type GongAuth =
  | { kind: "basic"; accessKey: string; accessKeySecret: string }
  | { kind: "bearer"; token: (refresh: boolean) => Promise<string> };

export interface GongTarget {
  /** Whose budget the request spends: the Gong company (connections.external_account_id). */
  companyKey: string;
  /** API base without a trailing slash (GONG_API_BASE, or the token's api_base_url_for_customer). */
  apiBase: string;
  auth: GongAuth;
}

/** https on gong.io and its subdomains, or the configured GONG_API_BASE's own origin: nothing else sees a credential. */
export function isGongHost(url: URL, configuredApiBase: string): boolean {
  if (url.username || url.password) return false;
  if (url.protocol === "https:" && (url.hostname === "gong.io" || url.hostname.endsWith(".gong.io"))) return true;
  const base = new URL(configuredApiBase);
  return url.protocol === base.protocol && url.host === base.host;
}

/** Retry-After is seconds or an HTTP date. */
function retryAfterSeconds(value: string | null, nowMs: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - nowMs) / 1000));
}

export function gongFailure(what: string, status: number, detail: string): Error {
  const message = `${what}: Gong answered ${status}${detail ? ` (${detail})` : ""}`;
  if (status === 408 || status >= 500) return new Error(message);
  return new PermanentJobError(message);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function errorDetail(res: Response): Promise<string> {
  const text = await res.text().catch(() => "");
  try {
    const body = JSON.parse(text) as { errors?: unknown };
    if (Array.isArray(body.errors))
      return body.errors
        .filter((e) => typeof e === "string")
        .join("; ")
        .slice(0, 200);
  } catch {}
  return "";
}

export class GongClient {
  readonly apiBase: string;
  constructor(
    private readonly services: Services,
    private readonly target: GongTarget,
    private readonly fetcher: typeof fetch = (input, init) => fetch(input, init),
  ) {
    let base: URL;
    try {
      base = new URL(target.apiBase);
    } catch {
      throw new PermanentJobError("the Gong API base is not a URL");
    }
    if (!isGongHost(base, services.config.gong.apiBase))
      throw new PermanentJobError(`the Gong API base is not on Gong's hosts (${base.protocol}//${base.host})`);
    this.apiBase = target.apiBase.replace(/\/+$/, "");
  }

  private now(): number {
    return this.services.clock.now().getTime();
  }

  /** Waits for this company's next slot, or hands the job back to the queue when it is far off. */
  private async takeSlot(what: string): Promise<void> {
    const { config, db } = this.services;
    const answer = await reserveGongSlot(db, this.target.companyKey, this.now(), config.gong);
    if (!answer.granted) {
      const seconds = Math.ceil((answer.retryAt - this.now()) / 1000);
      throw new RetryLaterError(
        `${what}: Gong's daily request limit is spent`,
        Math.min(seconds, MAX_QUEUE_DELAY_SECONDS),
      );
    }
    const wait = answer.slotAt - this.now();
    if (wait > MAX_IN_PLACE_WAIT_MS)
      throw new RetryLaterError(
        `${what}: Gong's request budget is taken for ${Math.ceil(wait / 1000)} s`,
        Math.ceil(wait / 1000),
      );
    if (wait > 0) await sleep(wait);
  }

  /**
   * One request; answers the parsed JSON, or null for Gong's 404 "No calls found" (an empty window
   * or id list). A bearer token is refreshed once after a 401.
   */
  async request(method: "GET" | "POST", pathAndQuery: string, body: unknown, what: string): Promise<unknown | null> {
    let refreshed = false;
    let throttled = 0;
    for (;;) {
      const authorization = await this.authorization(refreshed);
      await this.takeSlot(what);
      let res: Response;
      try {
        res = await this.fetcher(`${this.apiBase}${pathAndQuery}`, {
          method,
          headers: {
            authorization,
            accept: "application/json",
            ...(body === undefined ? {} : { "content-type": "application/json" }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          redirect: "manual",
          signal: AbortSignal.timeout(this.services.config.gong.timeoutMs),
        });
      } catch (err) {
        throw new Error(`${what}: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (res.ok) {
        return res.json().catch(() => {
          throw new Error(`${what}: Gong's answer is not JSON`);
        });
      }
      const detail = await errorDetail(res);
      if (res.status === 404 && /no calls found/i.test(detail)) return null;
      if (res.status === 401 && this.target.auth.kind === "bearer" && !refreshed) {
        refreshed = true;
        continue;
      }
      if (res.status === 429) {
        const seconds = retryAfterSeconds(res.headers.get("retry-after"), this.now()) ?? 60;
        await holdGongSlotsUntil(this.services.db, this.target.companyKey, this.now() + seconds * 1000);
        if (seconds * 1000 <= MAX_IN_PLACE_WAIT_MS && throttled < MAX_429_IN_PLACE) {
          throttled++;
          continue; // takeSlot waits past the hold
        }
        throw new RetryLaterError(
          `${what}: Gong answered 429`,
          Math.min(Math.max(seconds, 1), MAX_QUEUE_DELAY_SECONDS),
        );
      }
      if (res.status >= 300 && res.status < 400)
        throw new PermanentJobError(`${what}: Gong redirected (${res.status}); redirects are not followed`);
      throw gongFailure(what, res.status, detail);
    }
  }

  private async authorization(refresh: boolean): Promise<string> {
    const auth = this.target.auth;
    if (auth.kind === "basic") return `Basic ${btoa(`${auth.accessKey}:${auth.accessKeySecret}`)}`;
    return `Bearer ${await auth.token(refresh)}`;
  }

  private parse<S extends z.ZodTypeAny>(schema: S, value: unknown, what: string): z.output<S> {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new PermanentJobError(`${what}: Gong's answer has an unexpected shape`);
    return parsed.data;
  }

  /** The ids of the company's workspaces (`GET /v2/workspaces`): what names the company (gong-company.ts). */
  async listWorkspaceIds(): Promise<string[]> {
    const answer = await this.request("GET", "/v2/workspaces", undefined, "list Gong workspaces");
    if (answer === null) return [];
    return this.parse(GongWorkspacesSchema, answer, "list Gong workspaces").workspaces.map((w) => w.id);
  }

  /** One page of `GET /v2/calls` for calls started in [from, to); `cursor` null when it is the last. */
  async listCalls(
    from: Date,
    to: Date,
    cursor: string | null,
  ): Promise<{ calls: GongCallMeta[]; cursor: string | null }> {
    const query = new URLSearchParams({ fromDateTime: from.toISOString(), toDateTime: to.toISOString() });
    if (cursor) query.set("cursor", cursor);
    const answer = await this.request("GET", `/v2/calls?${query}`, undefined, "list Gong calls");
    if (answer === null) return { calls: [], cursor: null };
    const page = this.parse(GongCallsPageSchema, answer, "list Gong calls");
    return { calls: page.calls, cursor: page.records?.cursor || null };
  }

  /** `POST /v2/calls/extensive` for these ids (at most 100), every cursor page, with parties and CRM context. */
  async extensive(callIds: readonly string[]): Promise<GongExtensiveCall[]> {
    if (callIds.length === 0) return [];
    if (callIds.length > GONG_CALL_IDS_PER_REQUEST) throw new Error("extensive: too many call ids in one request");
    const out: GongExtensiveCall[] = [];
    let cursor: string | null = null;
    do {
      const answer = await this.request(
        "POST",
        "/v2/calls/extensive",
        {
          ...(cursor ? { cursor } : {}),
          filter: { callIds },
          contentSelector: { context: "Extended", exposedFields: { parties: true } },
        },
        "read Gong calls",
      );
      if (answer === null) break;
      const page = this.parse(GongExtensivePageSchema, answer, "read Gong calls");
      out.push(...page.calls);
      cursor = page.records?.cursor || null;
    } while (cursor);
    return out;
  }

  /** `POST /v2/calls/transcript` for these ids (at most 100), every cursor page: monologues by call id. */
  async transcripts(callIds: readonly string[]): Promise<Map<string, GongMonologue[]>> {
    const out = new Map<string, GongMonologue[]>();
    if (callIds.length === 0) return out;
    if (callIds.length > GONG_CALL_IDS_PER_REQUEST) throw new Error("transcripts: too many call ids in one request");
    let cursor: string | null = null;
    do {
      const answer = await this.request(
        "POST",
        "/v2/calls/transcript",
        { ...(cursor ? { cursor } : {}), filter: { callIds } },
        "read Gong transcripts",
      );
      if (answer === null) break;
      const page = this.parse(GongTranscriptPageSchema, answer, "read Gong transcripts");
      for (const t of page.callTranscripts) out.set(t.callId, [...(out.get(t.callId) ?? []), ...t.transcript]);
      cursor = page.records?.cursor || null;
    } while (cursor);
    return out;
  }
}
