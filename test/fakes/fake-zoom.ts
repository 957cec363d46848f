import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

/**
 * A fake Zoom on 127.0.0.1 speaking Zoom's documented wire formats, for ZOOM_OAUTH_BASE and
 * ZOOM_API_BASE (= `${url}/v2`). It grows with the features that need it; today: OAuth token
 * (account_credentials), revoke, authenticated recording file download (`/rec/download/{fileId}`,
 * accepting the file's webhook download_token or an issued access token) and past-meeting
 * participants with next_page_token pagination. Faults can be queued per endpoint (path as sent,
 * e.g. `/rec/download/f1`): `failNext(path, 500)` twice makes the first two attempts fail.
 */
export interface FakeZoomApp {
  clientId: string;
  clientSecret: string;
  accountId: string;
}

/** A participant row as `GET /past_meetings/{uuid}/participants` documents it. */
export interface FakeZoomParticipant {
  id: string;
  user_id: string;
  name: string;
  user_email: string;
  join_time: string;
  leave_time: string;
  duration: number;
}

export interface FakeZoomFile {
  content: string;
  /** The webhook download_token for this file; when `downloadTokenExpired`, Zoom answers it with 401. */
  downloadToken: string;
  downloadTokenExpired?: boolean;
}

export interface FakeZoom {
  url: string;
  /** Serves `content` at `${url}/rec/download/${fileId}`; returns that download_url. */
  addFile(fileId: string, file: FakeZoomFile): string;
  /** The participant report of a past meeting (by its UUID, as Zoom stores it). */
  setParticipants(meetingUuid: string, participants: FakeZoomParticipant[], options?: { maxPageSize?: number }): void;
  /** Which credential each successful download used. */
  downloads: Array<{ fileId: string; auth: "download_token" | "access_token" }>;
  apps: FakeZoomApp[];
  issuedTokens: string[];
  revokedTokens: string[];
  /** Answer the next request to `path` with this status (and a Zoom-style error body). */
  failNext(path: string, status: number): void;
  requests: Array<{ method: string; path: string }>;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function basicCredentials(req: IncomingMessage): { id: string; secret: string } | null {
  const header = req.headers.authorization ?? "";
  if (!header.startsWith("Basic ")) return null;
  const [id, secret] = Buffer.from(header.slice(6), "base64").toString("utf8").split(":");
  return id && secret ? { id, secret } : null;
}

export async function startFakeZoom(apps: FakeZoomApp[]): Promise<FakeZoom> {
  const faults = new Map<string, number[]>();
  const files = new Map<string, FakeZoomFile>();
  const meetings = new Map<string, { participants: FakeZoomParticipant[]; maxPageSize: number }>();
  const downloads: FakeZoom["downloads"] = [];
  const state: Pick<FakeZoom, "apps" | "issuedTokens" | "revokedTokens" | "requests"> = {
    apps,
    issuedTokens: [],
    revokedTokens: [],
    requests: [],
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake.zoom");
    state.requests.push({ method: req.method ?? "GET", path: url.pathname });
    const fault = faults.get(url.pathname)?.shift();
    if (fault) return send(res, fault, { code: fault, message: "injected fault" });
    const bearer = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    const validAccessToken = state.issuedTokens.includes(bearer) && !state.revokedTokens.includes(bearer);

    const download = /^\/rec\/download\/([^/]+)$/.exec(url.pathname);
    if (req.method === "GET" && download) {
      const fileId = decodeURIComponent(download[1] ?? "");
      const file = files.get(fileId);
      const byDownloadToken = !!file && bearer === file.downloadToken && !file.downloadTokenExpired;
      if (!byDownloadToken && !validAccessToken) return send(res, 401, { code: 124, message: "Invalid access token." });
      if (!file) return send(res, 404, { code: 3301, message: "This recording does not exist." });
      downloads.push({ fileId, auth: byDownloadToken ? "download_token" : "access_token" });
      res.writeHead(200, { "content-type": "text/vtt" });
      return res.end(file.content);
    }

    const past = /^\/v2\/past_meetings\/([^/]+)\/participants$/.exec(url.pathname);
    if (req.method === "GET" && past) {
      if (!validAccessToken) return send(res, 401, { code: 124, message: "Invalid access token." });
      // Zoom decodes the path once before routing: a UUID with "/" must arrive encoded twice.
      const once = decodeURIComponent(past[1] ?? "");
      const uuid = once.includes("%") ? decodeURIComponent(once) : once;
      if (uuid !== once && !(uuid.startsWith("/") || uuid.includes("//")))
        return send(res, 404, { code: 3001, message: "Meeting does not exist (needlessly double-encoded)." });
      if (uuid === once && (uuid.startsWith("/") || uuid.includes("//")))
        return send(res, 404, { code: 3001, message: "Meeting does not exist (UUID must be double-encoded)." });
      const meeting = meetings.get(uuid);
      if (!meeting) return send(res, 404, { code: 3001, message: "Meeting does not exist." });
      const all = meeting.participants;
      const pageSize = Math.min(Number(url.searchParams.get("page_size") ?? 30) || 30, meeting.maxPageSize);
      const offset = Number(Buffer.from(url.searchParams.get("next_page_token") ?? "", "base64url").toString() || 0);
      const next = offset + pageSize;
      return send(res, 200, {
        page_count: Math.ceil(all.length / pageSize),
        page_size: pageSize,
        total_records: all.length,
        next_page_token: next < all.length ? Buffer.from(String(next)).toString("base64url") : "",
        participants: all.slice(offset, next),
      });
    }

    const client = basicCredentials(req);
    const app = client && apps.find((a) => a.clientId === client.id && a.clientSecret === client.secret);

    if (req.method === "POST" && url.pathname === "/oauth/token") {
      if (!app) return send(res, 401, { reason: "Invalid client_id or client_secret", error: "invalid_client" });
      if (url.searchParams.get("grant_type") !== "account_credentials") {
        return send(res, 400, { reason: "Unsupported grant type", error: "unsupported_grant_type" });
      }
      if (url.searchParams.get("account_id") !== app.accountId) {
        return send(res, 400, { reason: "Invalid account_id", error: "invalid_request" });
      }
      const token = `zat_${randomBytes(12).toString("hex")}`;
      state.issuedTokens.push(token);
      return send(res, 200, {
        access_token: token,
        token_type: "bearer",
        expires_in: 3599,
        scope: "user:read:admin recording:read:admin",
      });
    }
    if (req.method === "POST" && url.pathname === "/oauth/revoke") {
      if (!app) return send(res, 401, { reason: "Invalid client", error: "invalid_client" });
      const token = url.searchParams.get("token") ?? "";
      if (!state.issuedTokens.includes(token))
        return send(res, 400, { reason: "Invalid token", error: "invalid_request" });
      state.revokedTokens.push(token);
      return send(res, 200, { status: "success" });
    }
    send(res, 404, { code: 404, message: `fake Zoom has no ${req.method} ${url.pathname}` });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    ...state,
    url: `http://127.0.0.1:${port}`,
    downloads,
    addFile(fileId, file) {
      files.set(fileId, file);
      return `http://127.0.0.1:${port}/rec/download/${encodeURIComponent(fileId)}`;
    },
    setParticipants(meetingUuid, participants, options = {}) {
      meetings.set(meetingUuid, { participants, maxPageSize: options.maxPageSize ?? 300 });
    },
    failNext(path, status) {
      faults.set(path, [...(faults.get(path) ?? []), status]);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  } as FakeZoom;
}
