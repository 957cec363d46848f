import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The Zoom Contact Center REST API as ../shared/notes/providers.md documents it, served by the fake
 * Zoom (test/fakes/fake-zoom.ts delegates `/v2/contact_center/*` here: same API base, same S2S
 * token endpoint). Only tokens issued to an app with a `contact_center` scope are accepted.
 *
 * - `GET /v2/contact_center/engagements?from&to&page_size&next_page_token` (engagements whose
 *   start_time is in [from, to]; ISO date-times or days; page tokens are opaque, live 15 minutes,
 *   and `expirePageTokens()` ages them at once: then 400 code 300 as Zoom answers an invalid token)
 * - `GET /v2/contact_center/engagements/{id}` (the engagement plus `events: []`; 404 code 1001 when unknown)
 * - `GET /v2/contact_center/engagements/{id}/notes`
 * - `GET /v2/contact_center/recordings?query_date_type=recording_start_time|recording_end_time&from&to&...`
 * - transcript and recording files at `/v2/contact_center/files/{id}` with the bearer token (a file
 *   may answer 404 "not ready" its first N times, and JSON or VTT)
 */
export interface FakeZccEngagement {
  engagement_id: string;
  start_time: string;
  end_time?: string;
  duration?: number;
  direction?: "inbound" | "outbound";
  channels: Array<{ channel: string; channel_source?: string }>;
  consumers: Array<{
    consumer_id?: string;
    consumer_display_name?: string;
    consumer_number?: string;
    consumer_email?: string;
  }>;
  queues?: Array<{ queue_id: string; cc_queue_id?: string; queue_name: string }>;
  agents: Array<{ user_id: string; display_name: string; user_email?: string }>;
  dispositions?: Array<{ disposition_id: string; disposition_name: string }>;
  notes?: Array<{ note_id: string; user_id: string; note: string; last_modified_time: string }>;
  transcript_url?: string;
  callback_voice_messages?: Array<{
    callback_voice_message_url?: string;
    callback_voice_message_transcript_url?: string;
  }>;
}

export interface FakeZccRecording {
  recording_id: string;
  engagement_id: string;
  download_url?: string;
  transcript_url?: string;
  recording_start_time: string;
  recording_end_time: string;
  recording_duration?: number;
  channel: "voice" | "video";
  direction?: string;
  user_id?: string;
  display_name?: string;
  consumer_number?: string;
}

export interface FakeZccFile {
  content: string | Uint8Array;
  contentType: string;
  /** Answer 404 ("not ready") this many times before serving the file. */
  notReadyTimes?: number;
}

export interface FakeContactCenter {
  /** Lists the engagement (visible to every app's account, or only `accountId`'s). */
  addEngagement(engagement: FakeZccEngagement, options?: { accountId?: string }): void;
  /** Changes a listed engagement (e.g. its transcript becomes available). */
  updateEngagement(engagementId: string, patch: Partial<FakeZccEngagement>): void;
  addRecording(recording: FakeZccRecording): void;
  /** Serves a file at `${url}/v2/contact_center/files/${fileId}`; returns that URL. */
  addFile(fileId: string, file: FakeZccFile): string;
  /** Every page token issued so far stops working (as after 15 minutes). */
  expirePageTokens(): void;
  /** Largest page the lists answer (default 300, Zoom's maximum). */
  setPageSize(size: number): void;
  /** Page tokens the fake refused (expired or unknown). */
  refusedPageTokens: string[];
  engagementListQueries: Array<Record<string, string>>;
  recordingListQueries: Array<Record<string, string>>;
  /** Engagement ids read one by one, in order. */
  engagementReads: string[];
  /** File downloads and what the fake answered. */
  fileRequests: Array<{ fileId: string; status: number }>;
}

export interface ContactCenterContext {
  /** Whether the bearer token was issued by the fake's OAuth endpoint to an app with contact_center scopes. */
  tokenAllowed(bearer: string): boolean;
  /** The Zoom account the token was issued for. */
  tokenAccount(bearer: string): string | undefined;
  baseUrl: () => string;
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

const PAGE_TOKEN_TTL_MS = 15 * 60 * 1000;

export function createFakeContactCenter(ctx: ContactCenterContext) {
  const engagements: Array<{ engagement: FakeZccEngagement; accountId?: string }> = [];
  const recordings: FakeZccRecording[] = [];
  const files = new Map<string, FakeZccFile & { served: number }>();
  let maxPageSize = 300;
  const pageTokens = new Map<string, { offset: number; issuedAt: number; query: string }>();
  const state: FakeContactCenter = {
    engagementListQueries: [],
    recordingListQueries: [],
    engagementReads: [],
    fileRequests: [],
    refusedPageTokens: [],
    setPageSize(size) {
      maxPageSize = size;
    },
    addEngagement(engagement, options = {}) {
      engagements.push({ engagement: structuredClone(engagement), accountId: options.accountId });
    },
    updateEngagement(engagementId, patch) {
      const found = engagements.find((e) => e.engagement.engagement_id === engagementId);
      if (!found) throw new Error(`fake contact center: no engagement ${engagementId}`);
      Object.assign(found.engagement, structuredClone(patch));
    },
    addRecording(recording) {
      recordings.push(structuredClone(recording));
    },
    addFile(fileId, file) {
      files.set(fileId, { ...file, served: 0 });
      return `${ctx.baseUrl()}/v2/contact_center/files/${encodeURIComponent(fileId)}`;
    },
    expirePageTokens() {
      for (const t of pageTokens.values()) t.issuedAt = 0;
    },
  };

  /** from/to as Zoom takes them: ISO date-times, or days (a `to` day includes the whole day). */
  const bound = (value: string | null, end: boolean): number | null => {
    if (!value) return null;
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return Date.parse(`${value}T${end ? "23:59:59.999" : "00:00:00.000"}Z`);
    const at = Date.parse(value);
    return Number.isNaN(at) ? Number.NaN : at;
  };

  function page<T>(res: ServerResponse, url: URL, all: T[], key: string, listKey: string) {
    const query = `${url.pathname}|${url.searchParams.get("from")}|${url.searchParams.get("to")}`;
    const pageSize = Math.min(Math.max(Number(url.searchParams.get("page_size") ?? 30) || 30, 1), maxPageSize);
    const token = url.searchParams.get("next_page_token");
    let offset = 0;
    if (token) {
      const stored = pageTokens.get(token);
      if (!stored || stored.query !== query || Date.now() - stored.issuedAt > PAGE_TOKEN_TTL_MS) {
        state.refusedPageTokens.push(token);
        return send(res, 400, { code: 300, message: "The next page token is invalid or expired." });
      }
      offset = stored.offset;
    }
    const next = offset + pageSize;
    let nextToken = "";
    if (next < all.length) {
      nextToken = randomBytes(16).toString("hex");
      pageTokens.set(nextToken, { offset: next, issuedAt: Date.now(), query });
    }
    void key;
    return send(res, 200, {
      next_page_token: nextToken,
      page_size: pageSize,
      total_records: all.length,
      from: url.searchParams.get("from"),
      to: url.searchParams.get("to"),
      [listKey]: all.slice(offset, next),
    });
  }

  /** Answers a `/v2/contact_center/*` request; false when the path is not one of its routes. */
  function handle(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
    const bearer = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    const path = url.pathname;
    if (!path.startsWith("/v2/contact_center/")) return false;
    if (req.method !== "GET") return false;
    if (!ctx.tokenAllowed(bearer)) {
      send(res, 401, { code: 124, message: "Invalid access token." });
      return true;
    }
    const account = ctx.tokenAccount(bearer);
    const visible = engagements
      .filter((e) => !e.accountId || e.accountId === account)
      .map((e) => e.engagement)
      .sort((a, b) => a.start_time.localeCompare(b.start_time));

    const file = /^\/v2\/contact_center\/files\/([^/]+)$/.exec(path);
    if (file) {
      const fileId = decodeURIComponent(file[1] ?? "");
      const found = files.get(fileId);
      if (!found || found.served < (found.notReadyTimes ?? 0)) {
        if (found) found.served++;
        state.fileRequests.push({ fileId, status: 404 });
        send(res, 404, { code: 1001, message: "File does not exist or is not ready." });
        return true;
      }
      found.served++;
      state.fileRequests.push({ fileId, status: 200 });
      const body = typeof found.content === "string" ? Buffer.from(found.content, "utf8") : Buffer.from(found.content);
      res.writeHead(200, { "content-type": found.contentType, "content-length": String(body.length) });
      res.end(body);
      return true;
    }

    if (path === "/v2/contact_center/engagements") {
      state.engagementListQueries.push(Object.fromEntries(url.searchParams));
      const from = bound(url.searchParams.get("from"), false);
      const to = bound(url.searchParams.get("to"), true);
      if (Number.isNaN(from) || Number.isNaN(to) || (from !== null && to !== null && from > to)) {
        send(res, 400, { code: 300, message: "Invalid from/to." });
        return true;
      }
      if (from !== null && to !== null && to - from > 31 * 86_400_000) {
        send(res, 400, { code: 300, message: "The date range must be within a month." });
        return true;
      }
      const inWindow = visible.filter((e) => {
        const at = Date.parse(e.start_time);
        return (from === null || at >= from) && (to === null || at <= to);
      });
      page(res, url, inWindow, "engagement_id", "engagements");
      return true;
    }

    const one = /^\/v2\/contact_center\/engagements\/([^/]+)(\/notes)?$/.exec(path);
    if (one) {
      const id = decodeURIComponent(one[1] ?? "");
      state.engagementReads.push(id);
      const engagement = visible.find((e) => e.engagement_id === id);
      if (!engagement) {
        send(res, 404, { code: 1001, message: "Engagement does not exist." });
        return true;
      }
      if (one[2]) {
        const notes = (engagement.notes ?? []).map((n) => ({
          ...n,
          engagement_id: id,
          channel: engagement.channels[0]?.channel,
        }));
        send(res, 200, { next_page_token: "", page_size: notes.length, total_records: notes.length, notes });
        return true;
      }
      send(res, 200, { ...engagement, events: [] });
      return true;
    }

    if (path === "/v2/contact_center/recordings") {
      state.recordingListQueries.push(Object.fromEntries(url.searchParams));
      const byEnd = url.searchParams.get("query_date_type") === "recording_end_time";
      const from = bound(url.searchParams.get("from"), false);
      const to = bound(url.searchParams.get("to"), true);
      if (Number.isNaN(from) || Number.isNaN(to)) {
        send(res, 400, { code: 300, message: "Invalid from/to." });
        return true;
      }
      const inWindow = recordings
        .filter((r) => {
          const at = Date.parse(byEnd ? r.recording_end_time : r.recording_start_time);
          return (from === null || at >= from) && (to === null || at <= to);
        })
        .sort((a, b) => a.recording_end_time.localeCompare(b.recording_end_time));
      page(res, url, inWindow, "recording_id", "recordings");
      return true;
    }
    return false;
  }

  return { state, handle };
}
