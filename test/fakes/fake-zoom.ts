import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createFakeContactCenter, type FakeContactCenter } from "./fake-zoom-contact-center.ts";

/**
 * A fake Zoom on 127.0.0.1 speaking Zoom's documented wire formats, for ZOOM_OAUTH_BASE and
 * ZOOM_API_BASE (= `${url}/v2`). It grows with the features that need it; today: OAuth token
 * (account_credentials; authorization_code with PKCE S256 for codes from `issueCode`; refresh_token
 * with rotation: each refresh answers a new refresh token and the old one is refused from then on),
 * revoke (revoking a user access token ends its grant), the authorize page (`GET /oauth/authorize`:
 * the browser's Zoom session, a cookie from `sessionCookie`, consents at once and is redirected to
 * `redirect_uri` with a code bound to the PKCE challenge, and `state`), `GET /v2/users/me`, authenticated recording
 * file download (`/rec/download/{fileId}`,
 * accepting the file's webhook download_token or an issued access token) and past-meeting
 * participants with next_page_token pagination, and the account's cloud recordings list
 * (`GET /v2/accounts/{me|accountId}/recordings`, `from`/`to` days, optionally by recording end time,
 * next_page_token pagination) of meetings added with `addRecording`, and a per-user connection's own
 * list (`GET /v2/users/me/recordings` with that user's access token: the meetings whose `host_id` is
 * the user, `from`/`to` by meeting start day). Files may be binary (audio, with their content type),
 * sent with a Content-Length or, with `chunked`, without one. Faults can be queued per endpoint
 * (path as sent, e.g. `/rec/download/f1`): `failNext(path, 500)` twice makes the first two attempts fail.
 * A file can also carry its own download faults (`faults`, one per attempt, in order: a 5xx, a 429
 * with Retry-After, a request held unanswered until the client gives up, a body cut off before its
 * Content-Length), each logged in `injectedFaults`: the chaos run (test/chaos/) configures them.
 */
export interface FakeZoomApp {
  clientId: string;
  clientSecret: string;
  accountId: string;
  /** The scopes its account_credentials tokens carry (default: meetings' recording scopes). */
  scope?: string;
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
  /** Text (a VTT) or bytes (an M4A). */
  content: string | Uint8Array;
  /** Default "text/vtt". */
  contentType?: string;
  /** Send the body without a Content-Length (chunked), as a proxy might. */
  chunked?: boolean;
  /** The webhook download_token for this file; when `downloadTokenExpired`, Zoom answers it with 401. */
  downloadToken: string;
  downloadTokenExpired?: boolean;
  /** Answer an authorized download with a 302 to this URL instead of the file (Zoom sends files from its CDN). */
  redirectTo?: string;
  /** What the next download attempts meet, one fault per attempt in order; later attempts get the file. */
  faults?: FakeDownloadFault[];
}

/**
 * A failed download as Zoom's edge produces them: a server error, rate limiting with Retry-After
 * (seconds), a request that is never answered (the client's timeout ends it), or a body that stops
 * halfway through its declared Content-Length (the connection is dropped).
 */
export type FakeDownloadFault =
  | { kind: "server_error"; status: 500 | 502 | 503 }
  | { kind: "rate_limited"; retryAfterSeconds: number }
  | { kind: "timeout" }
  | { kind: "truncated" };

/** A meeting in `GET /accounts/{accountId}/recordings`, as Zoom documents it. */
export interface FakeZoomRecording {
  uuid: string;
  id: number;
  host_id: string;
  host_email: string;
  topic: string;
  start_time: string;
  duration: number;
  recording_files: Array<{
    id: string;
    file_type: string;
    file_extension: string;
    download_url: string;
    recording_type: string;
    status: string;
    recording_start: string;
    recording_end: string;
    file_size?: number;
  }>;
}

/** The Zoom user behind a per-user authorization. */
export interface FakeZoomUser {
  userId: string;
  accountId: string;
  email?: string;
  firstName?: string;
  lastName?: string;
}

export interface FakeZoom {
  url: string;
  /**
   * What Zoom's authorize page would do once the user consents: a one-time authorization code bound
   * to the user, the PKCE challenge (S256) and, when given, the redirect_uri the token request must repeat.
   */
  issueCode(user: FakeZoomUser & { codeChallenge: string; redirectUri?: string }): string;
  /**
   * A `Cookie` header value that signs a browser in to this Zoom as `user`: with it, the authorize
   * page consents at once (a browser without it gets Zoom's sign-in answer, 401).
   */
  sessionCookie(user: FakeZoomUser): string;
  /** Query strings of the authorize page's requests, in order. */
  authorizeRequests: Array<Record<string, string>>;
  /** `expires_in` of access tokens issued to users (authorization_code and refresh_token grants). */
  setUserTokenTtl(seconds: number): void;
  /** Refresh tokens issued to users, in order; only the newest of each grant is accepted. */
  issuedRefreshTokens: string[];
  /** Grant types of successful token requests, in order. */
  grants: string[];
  /** Serves `content` at `${url}/rec/download/${fileId}`; returns that download_url. */
  addFile(fileId: string, file: FakeZoomFile): string;
  /** The participant report of a past meeting (by its UUID, as Zoom stores it). */
  setParticipants(meetingUuid: string, participants: FakeZoomParticipant[], options?: { maxPageSize?: number }): void;
  /** Lists the meeting in the recordings of the app's account (`accountId`, or every app's when omitted). */
  addRecording(meeting: FakeZoomRecording, options?: { accountId?: string }): void;
  /** The meetings the recordings lists answer with (every app's), as added. */
  listedRecordings(): FakeZoomRecording[];
  /** Largest page the recordings list answers (default 300). */
  setRecordingsPageSize(size: number): void;
  /** Query strings of the recordings list requests, in order. */
  recordingListQueries: Array<Record<string, string>>;
  /** Query strings of `GET /v2/users/me/recordings` requests, with the Zoom user whose token asked. */
  userRecordingListQueries: Array<Record<string, string> & { zoomUserId: string }>;
  /** Which credential each successful download used. */
  downloads: Array<{ fileId: string; auth: "download_token" | "access_token" }>;
  /** Every download fault a file's `faults` injected, in order. */
  injectedFaults: Array<{ fileId: string; kind: FakeDownloadFault["kind"] }>;
  apps: FakeZoomApp[];
  issuedTokens: string[];
  revokedTokens: string[];
  /** Answer the next request to `path` with this status (and a Zoom-style error body). */
  failNext(path: string, status: number): void;
  requests: Array<{ method: string; path: string }>;
  /** Zoom Contact Center on the same API base (`/v2/contact_center/*`: fake-zoom-contact-center.ts). */
  contactCenter: FakeContactCenter;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/** Answers a download with an injected fault (see FakeDownloadFault). */
function sendFault(res: ServerResponse, file: FakeZoomFile, fault: FakeDownloadFault) {
  switch (fault.kind) {
    case "server_error":
      return send(res, fault.status, { code: fault.status, message: "injected server error" });
    case "rate_limited":
      res.writeHead(429, { "content-type": "application/json", "retry-after": String(fault.retryAfterSeconds) });
      return res.end(JSON.stringify({ code: 429, message: "You have reached the maximum per-second rate limit." }));
    case "timeout":
      // Never answered: the client's own timeout ends the request (the socket closes with it).
      return;
    case "truncated": {
      const body = typeof file.content === "string" ? Buffer.from(file.content, "utf8") : Buffer.from(file.content);
      res.writeHead(200, { "content-type": file.contentType ?? "text/vtt", "content-length": String(body.length) });
      res.write(body.subarray(0, Math.floor(body.length / 2)));
      // Half the declared length, then the connection drops.
      setTimeout(() => res.destroy(), 20);
      return;
    }
  }
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
  const injectedFaults: FakeZoom["injectedFaults"] = [];
  const recordings: Array<{ meeting: FakeZoomRecording; accountId?: string }> = [];
  const recordingListQueries: FakeZoom["recordingListQueries"] = [];
  const userRecordingListQueries: FakeZoom["userRecordingListQueries"] = [];
  let recordingsPageSize = 300;
  const state: Pick<
    FakeZoom,
    "apps" | "issuedTokens" | "revokedTokens" | "requests" | "issuedRefreshTokens" | "grants"
  > = {
    apps,
    issuedTokens: [],
    revokedTokens: [],
    requests: [],
    issuedRefreshTokens: [],
    grants: [],
  };
  let userTokenTtl = 3599;
  interface Grant {
    user: FakeZoomUser;
    clientId: string;
    refreshToken: string;
    accessTokens: string[];
    ended: boolean;
  }
  const codes = new Map<string, FakeZoomUser & { codeChallenge: string; redirectUri?: string }>();
  const sessions = new Map<string, FakeZoomUser>();
  const authorizeRequests: FakeZoom["authorizeRequests"] = [];
  const issueCode = (user: FakeZoomUser & { codeChallenge: string; redirectUri?: string }) => {
    const code = `zcode_${randomBytes(12).toString("hex")}`;
    codes.set(code, { ...user });
    return code;
  };
  const appOfToken = new Map<string, FakeZoomApp>();
  let baseUrl = "";
  const contactCenter = createFakeContactCenter({
    tokenAllowed: (bearer) =>
      state.issuedTokens.includes(bearer) &&
      !state.revokedTokens.includes(bearer) &&
      (appOfToken.get(bearer)?.scope ?? "").split(/\s+/).some((s) => s.startsWith("contact_center")),
    tokenAccount: (bearer) => appOfToken.get(bearer)?.accountId,
    baseUrl: () => baseUrl,
  });
  const grantsByRefresh = new Map<string, Grant>();
  const grantsByAccess = new Map<string, Grant>();

  const issueUserTokens = (grant: Grant) => {
    const access = `zat_${randomBytes(12).toString("hex")}`;
    const refresh = `zrt_${randomBytes(12).toString("hex")}`;
    grantsByRefresh.delete(grant.refreshToken);
    grant.refreshToken = refresh;
    grant.accessTokens.push(access);
    grantsByRefresh.set(refresh, grant);
    grantsByAccess.set(access, grant);
    state.issuedTokens.push(access);
    state.issuedRefreshTokens.push(refresh);
    return {
      access_token: access,
      token_type: "bearer",
      refresh_token: refresh,
      expires_in: userTokenTtl,
      scope: "user:read recording:read meeting:read",
    };
  };

  const server = createServer((req, res) => {
    if (req.method === "POST" && (req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => handle(req, res, new URLSearchParams(Buffer.concat(chunks).toString("utf8"))));
      return;
    }
    handle(req, res, new URLSearchParams());
  });

  function handle(req: IncomingMessage, res: ServerResponse, form: URLSearchParams) {
    const url = new URL(req.url ?? "/", "http://fake.zoom");
    state.requests.push({ method: req.method ?? "GET", path: url.pathname });
    const fault = faults.get(url.pathname)?.shift();
    if (fault) return send(res, fault, { code: fault, message: "injected fault" });
    if (contactCenter.handle(req, res, url)) return;
    const bearer = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    const validAccessToken = state.issuedTokens.includes(bearer) && !state.revokedTokens.includes(bearer);

    if (req.method === "GET" && url.pathname === "/v2/users/me") {
      const grant = grantsByAccess.get(bearer);
      if (!validAccessToken || !grant || grant.ended)
        return send(res, 401, { code: 124, message: "Invalid access token." });
      return send(res, 200, {
        id: grant.user.userId,
        account_id: grant.user.accountId,
        email: grant.user.email ?? `${grant.user.userId}@example.test`,
        first_name: grant.user.firstName ?? "Zoe",
        last_name: grant.user.lastName ?? "User",
        type: 2,
      });
    }

    const download = /^\/rec\/download\/([^/]+)$/.exec(url.pathname);
    if (req.method === "GET" && download) {
      const fileId = decodeURIComponent(download[1] ?? "");
      const file = files.get(fileId);
      const injected = file?.faults?.shift();
      if (file && injected) {
        injectedFaults.push({ fileId, kind: injected.kind });
        return sendFault(res, file, injected);
      }
      const byDownloadToken = !!file && bearer === file.downloadToken && !file.downloadTokenExpired;
      if (!byDownloadToken && !validAccessToken) return send(res, 401, { code: 124, message: "Invalid access token." });
      if (!file) return send(res, 404, { code: 3301, message: "This recording does not exist." });
      if (file.redirectTo) {
        res.writeHead(302, { location: file.redirectTo });
        return res.end();
      }
      downloads.push({ fileId, auth: byDownloadToken ? "download_token" : "access_token" });
      const body = typeof file.content === "string" ? Buffer.from(file.content, "utf8") : Buffer.from(file.content);
      res.writeHead(200, {
        "content-type": file.contentType ?? "text/vtt",
        ...(file.chunked ? {} : { "content-length": String(body.length) }),
      });
      if (!file.chunked) return res.end(body);
      // Several writes without a length: Node sends Transfer-Encoding: chunked.
      const step = 1 << 20;
      for (let i = 0; i < body.length; i += step) res.write(body.subarray(i, i + step));
      return res.end();
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

    if (req.method === "GET" && url.pathname === "/v2/users/me/recordings") {
      const grant = grantsByAccess.get(bearer);
      if (!validAccessToken || !grant || grant.ended)
        return send(res, 401, { code: 124, message: "Invalid access token." });
      userRecordingListQueries.push({ ...Object.fromEntries(url.searchParams), zoomUserId: grant.user.userId });
      const day = /^\d{4}-\d{2}-\d{2}$/;
      const today = new Date().toISOString().slice(0, 10);
      const from = url.searchParams.get("from") ?? today;
      const to = url.searchParams.get("to") ?? today;
      if (!day.test(from) || !day.test(to) || from > to)
        return send(res, 400, { code: 300, message: "Invalid from/to." });
      const all = recordings
        .map((r) => r.meeting)
        .filter((m) => m.host_id === grant.user.userId)
        .filter((m) => m.start_time.slice(0, 10) >= from && m.start_time.slice(0, 10) <= to);
      const pageSize = Math.min(Number(url.searchParams.get("page_size") ?? 30) || 30, recordingsPageSize);
      const offset = Number(Buffer.from(url.searchParams.get("next_page_token") ?? "", "base64url").toString() || 0);
      const next = offset + pageSize;
      return send(res, 200, {
        from,
        to,
        page_count: Math.ceil(all.length / pageSize),
        page_size: pageSize,
        total_records: all.length,
        next_page_token: next < all.length ? Buffer.from(String(next)).toString("base64url") : "",
        meetings: all.slice(offset, next),
      });
    }

    const recordingsList = /^\/v2\/accounts\/([^/]+)\/recordings$/.exec(url.pathname);
    if (req.method === "GET" && recordingsList) {
      if (!validAccessToken) return send(res, 401, { code: 124, message: "Invalid access token." });
      const account = decodeURIComponent(recordingsList[1] ?? "");
      if (account !== "me" && !apps.some((a) => a.accountId === account))
        return send(res, 404, { code: 2001, message: "Account does not exist." });
      recordingListQueries.push(Object.fromEntries(url.searchParams));
      const day = /^\d{4}-\d{2}-\d{2}$/;
      const today = new Date().toISOString().slice(0, 10);
      const from = url.searchParams.get("from") ?? today;
      const to = url.searchParams.get("to") ?? today;
      if (!day.test(from) || !day.test(to) || from > to)
        return send(res, 400, { code: 300, message: "Invalid from/to." });
      const byEnd = url.searchParams.get("query_date_type") === "recording_end_time";
      const dayOf = (m: FakeZoomRecording) =>
        (byEnd
          ? (m.recording_files
              .map((f) => f.recording_end)
              .sort()
              .at(-1) ?? m.start_time)
          : m.start_time
        ).slice(0, 10);
      const all = recordings
        .filter((r) => account === "me" || !r.accountId || r.accountId === account)
        .map((r) => r.meeting)
        .filter((m) => dayOf(m) >= from && dayOf(m) <= to);
      const pageSize = Math.min(Number(url.searchParams.get("page_size") ?? 30) || 30, recordingsPageSize);
      const offset = Number(Buffer.from(url.searchParams.get("next_page_token") ?? "", "base64url").toString() || 0);
      const next = offset + pageSize;
      return send(res, 200, {
        from,
        to,
        page_size: pageSize,
        total_records: all.length,
        next_page_token: next < all.length ? Buffer.from(String(next)).toString("base64url") : "",
        meetings: all.slice(offset, next),
      });
    }

    if (req.method === "GET" && url.pathname === "/oauth/authorize") {
      const query = Object.fromEntries(url.searchParams);
      authorizeRequests.push(query);
      const text = (status: number, body: string) => {
        res.writeHead(status, { "content-type": "text/plain" });
        res.end(body);
      };
      if (!apps.some((a) => a.clientId === query.client_id)) return text(400, "Invalid client_id");
      if (query.response_type !== "code" || !query.redirect_uri) return text(400, "Invalid request");
      if (query.code_challenge_method !== "S256" || !query.code_challenge) return text(400, "PKCE S256 required");
      const sessionId = /(?:^|;\s*)zoom_session=([^;]+)/.exec(req.headers.cookie ?? "")?.[1] ?? "";
      const user = sessions.get(sessionId);
      if (!user) return text(401, "Sign in to Zoom");
      const back = new URL(query.redirect_uri);
      back.searchParams.set(
        "code",
        issueCode({ ...user, codeChallenge: query.code_challenge, redirectUri: query.redirect_uri }),
      );
      if (query.state !== undefined) back.searchParams.set("state", query.state);
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }

    const client = basicCredentials(req);
    const app = client && apps.find((a) => a.clientId === client.id && a.clientSecret === client.secret);

    if (req.method === "POST" && url.pathname === "/oauth/token") {
      if (!app) return send(res, 401, { reason: "Invalid client_id or client_secret", error: "invalid_client" });
      const param = (name: string) => form.get(name) ?? url.searchParams.get(name);
      const grantType = param("grant_type");
      if (grantType === "authorization_code") {
        const code = param("code") ?? "";
        const issued = codes.get(code);
        codes.delete(code); // one use, whatever happens next
        if (!issued) return send(res, 400, { reason: "Invalid authorization code", error: "invalid_grant" });
        if (issued.redirectUri && param("redirect_uri") !== issued.redirectUri)
          return send(res, 400, { reason: "Redirect URI mismatch.", error: "invalid_request" });
        const verifier = param("code_verifier") ?? "";
        if (createHash("sha256").update(verifier).digest("base64url") !== issued.codeChallenge)
          return send(res, 400, { reason: "Invalid code_verifier", error: "invalid_grant" });
        const grant: Grant = {
          user: issued,
          clientId: app.clientId,
          refreshToken: "",
          accessTokens: [],
          ended: false,
        };
        state.grants.push("authorization_code");
        return send(res, 200, issueUserTokens(grant));
      }
      if (grantType === "refresh_token") {
        const grant = grantsByRefresh.get(param("refresh_token") ?? "");
        if (!grant || grant.ended || grant.clientId !== app.clientId)
          return send(res, 400, { reason: "Invalid Token!", error: "invalid_grant" });
        state.grants.push("refresh_token");
        return send(res, 200, issueUserTokens(grant));
      }
      if (grantType !== "account_credentials") {
        return send(res, 400, { reason: "Unsupported grant type", error: "unsupported_grant_type" });
      }
      if (url.searchParams.get("account_id") !== app.accountId) {
        return send(res, 400, { reason: "Invalid account_id", error: "invalid_request" });
      }
      const token = `zat_${randomBytes(12).toString("hex")}`;
      state.issuedTokens.push(token);
      appOfToken.set(token, app);
      state.grants.push("account_credentials");
      return send(res, 200, {
        access_token: token,
        token_type: "bearer",
        expires_in: 3599,
        scope: app.scope ?? "user:read:admin recording:read:admin",
      });
    }
    if (req.method === "POST" && url.pathname === "/oauth/revoke") {
      if (!app) return send(res, 401, { reason: "Invalid client", error: "invalid_client" });
      const token = url.searchParams.get("token") ?? "";
      if (!state.issuedTokens.includes(token))
        return send(res, 400, { reason: "Invalid token", error: "invalid_request" });
      state.revokedTokens.push(token);
      // Revoking a user's token ends the whole authorization: its refresh token stops working too.
      const grant = grantsByAccess.get(token);
      if (grant) grant.ended = true;
      return send(res, 200, { status: "success" });
    }
    send(res, 404, { code: 404, message: `fake Zoom has no ${req.method} ${url.pathname}` });
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  baseUrl = `http://127.0.0.1:${port}`;
  return {
    ...state,
    contactCenter: contactCenter.state,
    url: `http://127.0.0.1:${port}`,
    downloads,
    injectedFaults,
    recordingListQueries,
    userRecordingListQueries,
    addRecording(meeting, options = {}) {
      recordings.push({ meeting, accountId: options.accountId });
    },
    listedRecordings: () => recordings.map((r) => r.meeting),
    setRecordingsPageSize(size) {
      recordingsPageSize = size;
    },
    addFile(fileId, file) {
      files.set(fileId, file);
      return `http://127.0.0.1:${port}/rec/download/${encodeURIComponent(fileId)}`;
    },
    setParticipants(meetingUuid, participants, options = {}) {
      meetings.set(meetingUuid, { participants, maxPageSize: options.maxPageSize ?? 300 });
    },
    issueCode,
    sessionCookie(user) {
      const id = randomBytes(12).toString("hex");
      sessions.set(id, { ...user });
      return `zoom_session=${id}`;
    },
    authorizeRequests,
    setUserTokenTtl(seconds) {
      userTokenTtl = seconds;
    },
    failNext(path, status) {
      faults.set(path, [...(faults.get(path) ?? []), status]);
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Requests held by a "timeout" fault would keep the server open.
        server.closeAllConnections();
      }),
  } as FakeZoom;
}
