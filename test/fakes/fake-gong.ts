import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

/**
 * A fake Gong (API v2 and OAuth) on 127.0.0.1 speaking the wire formats of
 * ../shared/notes/providers.md, for GONG_OAUTH_BASE and GONG_API_BASE (both `url`; OAuth tokens
 * name `url` as their `api_base_url_for_customer` unless `customerApiBase` says otherwise).
 *
 * - OAuth: `GET /oauth2/authorize` consents at once (302 to redirect_uri with code and state);
 *   `POST /oauth2/generate-customer-token` with the client in Basic auth and the parameters as form
 *   body or query: authorization_code (each code starts a grant), and refresh_token with rotation:
 *   every refresh answers a new pair and the grant's old refresh token is refused from then on
 *   (400 invalid_grant, "Token has been expired or revoked.").
 * - API auth: Basic accessKey:accessKeySecret, or Bearer with a live access token (expired -> 401).
 * - `GET /v2/calls?fromDateTime&toDateTime&cursor` (both dates required; `started` in [from, to));
 *   pages of `callsPageSize` with `records.cursor` only while more remain; an empty window is 404
 *   "No calls found corresponding to the provided filters". A call added with `availableAt` in the
 *   future is not listed (nor answered by id) before then, as Gong processes calls late.
 * - `POST /v2/calls/extensive` by `filter.callIds` (at most 100; `[]` is a 400) or by dates, with
 *   `parties` and `context` when the call has them (a call may have none).
 * - `POST /v2/calls/transcript` by `filter.callIds` or dates, `transcriptPageSize` calls a page.
 * - `GET /v2/workspaces` -> `{requestId, workspaces:[{id, name, description}]}` (the company's
 *   `workspaces`); an OAuth token needs the `api:workspaces:read` scope for it (else 403), and a
 *   token carries the scopes its authorization asked for.
 * - Gong's limit: more than `perSecond` requests (3) in any second is a 429 with `Retry-After: 1`;
 *   `failNext(path, status)` injects a fault (429 with Retry-After, 5xx...), `stallNext(path)` a request
 *   never answered (the client's timeout ends it). Every request is recorded
 *   with its arrival time. Answers carry fields Sightline does not know, as Gong's do.
 */
export interface FakeGongParty {
  id: string;
  emailAddress?: string;
  name?: string;
  title?: string;
  userId?: string;
  speakerId?: string;
  affiliation: "Internal" | "External" | "Unknown";
  methods?: string[];
}

export interface FakeGongCall {
  id: string;
  title: string;
  /** ISO-8601. */
  started: string;
  /** Seconds. */
  duration: number;
  primaryUserId?: string;
  direction?: string;
  scope?: string;
  parties?: FakeGongParty[];
  context?: Array<{
    system: string;
    objects: Array<{ objectType: string; objectId: string; fields?: Array<{ name: string; value: unknown }> }>;
  }>;
  /** Transcript monologues as Gong answers them; omitted = no transcript. */
  transcript?: Array<{
    speakerId: string;
    topic?: string | null;
    sentences: Array<{ start: number; end: number; text: string }>;
  }>;
}

export interface FakeGongRequest {
  method: string;
  path: string;
  /** Arrival time, ms since epoch. */
  at: number;
  auth: "basic" | "bearer" | "none";
  status: number;
  /** The answer was an injected fault (failNext), not Gong's own limit. */
  injected?: boolean;
  body?: unknown;
  query?: Record<string, string>;
}

export interface FakeGong {
  url: string;
  accessKey: string;
  accessKeySecret: string;
  clientId: string;
  clientSecret: string;
  addCall(call: FakeGongCall, options?: { availableAt?: number }): void;
  /**
   * Answer a coming request to `path` (e.g. "/v2/calls") with this status (429 carries Retry-After):
   * the next one, or the one after `skip` more have gone through.
   */
  failNext(path: string, status: number, retryAfterSeconds?: number, skip?: number): void;
  /** Like failNext, but the request is never answered: it hangs until the client gives up (a timeout). */
  stallNext(path: string, skip?: number): void;
  setCallsPageSize(size: number): void;
  /** Every cursor handed out so far stops working (400), as Gong's do after a while. */
  expireCursors(): void;
  setTranscriptPageSize(size: number): void;
  /** Access-token lifetime (expires_in) of OAuth grants. */
  setTokenTtl(seconds: number): void;
  /** Consent as the authorize page would: a one-time code for this redirect_uri. */
  issueCode(redirectUri: string): string;
  /** Refresh tokens issued, in order; only the newest is accepted. */
  issuedRefreshTokens: string[];
  /** Refresh attempts refused as already used. */
  refusedRefreshes: number;
  requests: FakeGongRequest[];
  /** The largest number of API requests that arrived within any 1,000 ms. */
  maxRequestsInOneSecond(): number;
  close(): Promise<void>;
}

const NO_CALLS = "No calls found corresponding to the provided filters";

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

const encodeCursor = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
function decodeCursor(raw: string | null | undefined): { offset: number; key: string } | null {
  if (!raw) return null;
  try {
    return JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    return null;
  }
}

/** The fake company's workspaces unless a test names others: the first is the one calls carry. */
const DEFAULT_WORKSPACES = [
  { id: "623457276584334", name: "Sales" },
  { id: "7001234567890123456", name: "Customer Success" },
];
const ALL_SCOPES = "api:calls:read:basic api:calls:read:extensive api:calls:read:transcript api:workspaces:read";

export async function startFakeGong(
  options: { perSecond?: number; customerApiBase?: string; workspaces?: Array<{ id: string; name: string }> } = {},
): Promise<FakeGong> {
  const workspaces = options.workspaces ?? DEFAULT_WORKSPACES;
  // Scopes an authorization asked for, by code, access token and refresh token.
  const scopesOf = new Map<string, string>();
  const perSecond = options.perSecond ?? 3;
  const accessKey = `GKEY${randomBytes(6).toString("hex").toUpperCase()}`;
  const accessKeySecret = `gsec.${randomBytes(16).toString("base64url")}`;
  const clientId = `gong-client-${randomBytes(4).toString("hex")}`;
  const clientSecret = randomBytes(16).toString("hex");
  const calls: Array<{ call: FakeGongCall; availableAt: number }> = [];
  const faults = new Map<string, Array<{ status: number; retryAfter?: number; skip: number }>>();
  const requests: FakeGongRequest[] = [];
  const codes = new Map<string, string>();
  const accessTokens = new Map<string, number>(); // token -> expires at (ms)
  // Each authorization is its own grant; only its newest refresh token is live.
  const liveRefresh = new Set<string>();
  const issuedRefreshTokens: string[] = [];
  let refusedRefreshes = 0;
  let callsPageSize = 100;
  let cursorEpoch = 0;
  let transcriptPageSize = 100;
  let tokenTtl = 86_400;
  let url = "";

  const available = () => calls.filter((c) => c.availableAt <= Date.now()).map((c) => c.call);

  const metaData = (call: FakeGongCall) => ({
    id: call.id,
    url: `https://app.gong.io/call?id=${call.id}`,
    title: call.title,
    scheduled: call.started,
    started: call.started,
    duration: call.duration,
    primaryUserId: call.primaryUserId ?? "234599484848423",
    direction: call.direction ?? "Conference",
    system: "Zoom",
    scope: call.scope ?? "External",
    media: "Video",
    language: "eng",
    workspaceId: workspaces[0]?.id ?? "623457276584334",
    sdrDisposition: null,
    clientUniqueId: null,
    customData: null,
    purpose: null,
    meetingUrl: "https://zoom.us/j/123",
    isPrivate: false,
    calendarEventId: "abc@google.com",
  });

  function issueTokens(scope: string, spent?: string) {
    const access = `gat_${randomBytes(12).toString("hex")}`;
    const refresh = `grt_${randomBytes(12).toString("hex")}`;
    scopesOf.set(access, scope);
    scopesOf.set(refresh, scope);
    accessTokens.set(access, Date.now() + tokenTtl * 1000);
    if (spent) liveRefresh.delete(spent);
    liveRefresh.add(refresh);
    issuedRefreshTokens.push(refresh);
    return {
      access_token: access,
      refresh_token: refresh,
      scope,
      expires_in: tokenTtl,
      token_type: "bearer",
      api_base_url_for_customer: options.customerApiBase ?? url,
    };
  }

  function inWindow(call: FakeGongCall, from: string | undefined, to: string | undefined) {
    const t = Date.parse(call.started);
    return (!from || t >= Date.parse(from)) && (!to || t < Date.parse(to));
  }

  function page<T>(all: T[], size: number, cursorRaw: string | undefined, key: string) {
    const cursor = decodeCursor(cursorRaw) as { offset: number; key: string; epoch?: number } | null;
    if (cursorRaw && (!cursor || cursor.key !== key || cursor.epoch !== cursorEpoch)) return null;
    const offset = cursor?.offset ?? 0;
    const slice = all.slice(offset, offset + size);
    const next =
      offset + size < all.length ? encodeCursor({ offset: offset + size, key, epoch: cursorEpoch }) : undefined;
    const records = {
      totalRecords: all.length,
      currentPageSize: slice.length,
      currentPageNumber: Math.floor(offset / size),
      ...(next ? { cursor: next } : {}),
    };
    return { slice, records };
  }

  const server = createServer(async (req, res) => {
    const at = Date.now();
    const u = new URL(req.url ?? "/", "http://fake.gong");
    const raw = req.method === "POST" ? await readBody(req) : "";
    const authz = req.headers.authorization ?? "";
    const entry: FakeGongRequest = {
      method: req.method ?? "GET",
      path: u.pathname,
      at,
      auth: authz.startsWith("Basic ") ? "basic" : authz.startsWith("Bearer ") ? "bearer" : "none",
      status: 0,
      query: Object.fromEntries(u.searchParams),
    };
    requests.push(entry);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      entry.status = status;
      send(res, status, body, headers);
    };
    const requestId = randomBytes(8).toString("hex");
    const fail = (status: number, message: string, headers: Record<string, string> = {}) =>
      reply(status, { requestId, errors: [message] }, headers);

    // OAuth
    if (req.method === "GET" && u.pathname === "/oauth2/authorize") {
      const redirectUri = u.searchParams.get("redirect_uri") ?? "";
      if (u.searchParams.get("client_id") !== clientId || u.searchParams.get("response_type") !== "code")
        return fail(400, "invalid authorize request");
      const code = `gcode_${randomBytes(10).toString("hex")}`;
      codes.set(code, redirectUri);
      scopesOf.set(code, u.searchParams.get("scope") ?? "");
      const to = new URL(redirectUri);
      to.searchParams.set("code", code);
      to.searchParams.set("state", u.searchParams.get("state") ?? "");
      entry.status = 302;
      res.writeHead(302, { location: to.toString() });
      return res.end();
    }
    if (req.method === "POST" && u.pathname === "/oauth2/generate-customer-token") {
      const form = new URLSearchParams(raw);
      const param = (name: string) => form.get(name) ?? u.searchParams.get(name);
      const [id, secret] = Buffer.from(authz.replace(/^Basic /, ""), "base64")
        .toString("utf8")
        .split(":");
      if (!authz.startsWith("Basic ") || id !== clientId || secret !== clientSecret)
        return reply(401, { error: "invalid_client", error_description: "Bad client credentials" });
      const grant = param("grant_type");
      if (grant === "authorization_code") {
        const code = param("code") ?? "";
        const redirect = codes.get(code);
        codes.delete(code);
        if (redirect === undefined || redirect !== param("redirect_uri"))
          return reply(400, { error: "invalid_grant", error_description: "Invalid authorization code" });
        return reply(200, issueTokens(scopesOf.get(code) ?? ""));
      }
      if (grant === "refresh_token") {
        const refresh = param("refresh_token");
        if (!refresh || !liveRefresh.has(refresh)) {
          refusedRefreshes++;
          return reply(400, { error: "invalid_grant", error_description: "Token has been expired or revoked." });
        }
        return reply(200, issueTokens(scopesOf.get(refresh) ?? "", refresh));
      }
      return reply(400, { error: "unsupported_grant_type" });
    }

    if (!u.pathname.startsWith("/v2/")) return fail(404, `fake Gong has no ${req.method} ${u.pathname}`);

    // Rate limit over API requests, then injected faults, then authentication.
    const recent = requests.filter((r) => r.path.startsWith("/v2/") && r.at > at - 1000 && r !== entry);
    if (recent.length >= perSecond) return fail(429, "Too many requests", { "retry-after": "1" });
    const queued = faults.get(u.pathname)?.[0];
    let fault: { status: number; retryAfter?: number } | undefined;
    if (queued && queued.skip > 0) queued.skip--;
    else fault = faults.get(u.pathname)?.shift();
    if (fault) entry.injected = true;
    // Status 0: a stalled request, left unanswered (close() ends it).
    if (fault?.status === 0) return;
    if (fault)
      return fail(
        fault.status,
        `injected ${fault.status}`,
        fault.retryAfter !== undefined ? { "retry-after": String(fault.retryAfter) } : {},
      );
    if (authz.startsWith("Basic ")) {
      const [key, secret] = Buffer.from(authz.slice(6), "base64").toString("utf8").split(":");
      if (key !== accessKey || secret !== accessKeySecret) return fail(401, "Unauthorized");
    } else if (authz.startsWith("Bearer ")) {
      const expires = accessTokens.get(authz.slice(7));
      if (!expires || expires < Date.now()) return fail(401, "access token has been revoked or expired");
    } else return fail(401, "Unauthorized");

    if (req.method === "GET" && u.pathname === "/v2/workspaces") {
      const scope = authz.startsWith("Bearer ") ? (scopesOf.get(authz.slice(7)) ?? "") : ALL_SCOPES;
      if (!scope.split(" ").includes("api:workspaces:read"))
        return fail(403, "The access token lacks the required scope api:workspaces:read");
      return reply(200, {
        requestId,
        workspaces: workspaces.map((w) => ({ id: w.id, name: w.name, description: null })),
      });
    }

    if (req.method === "GET" && u.pathname === "/v2/calls") {
      const from = u.searchParams.get("fromDateTime") ?? undefined;
      const to = u.searchParams.get("toDateTime") ?? undefined;
      if (!from || !to || Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to)))
        return fail(400, "fromDateTime and toDateTime must be ISO-8601 date-times");
      const all = available()
        .filter((c) => inWindow(c, from, to))
        .sort((a, b) => a.started.localeCompare(b.started) || a.id.localeCompare(b.id));
      if (all.length === 0) return fail(404, NO_CALLS);
      const p = page(all, callsPageSize, u.searchParams.get("cursor") ?? undefined, `${from}|${to}`);
      if (!p) return fail(400, "cursor is invalid or expired");
      return reply(200, { requestId, records: p.records, calls: p.slice.map(metaData) });
    }

    if (req.method === "POST" && (u.pathname === "/v2/calls/extensive" || u.pathname === "/v2/calls/transcript")) {
      let body: {
        cursor?: string;
        filter?: { fromDateTime?: string; toDateTime?: string; callIds?: string[] | null };
        contentSelector?: { exposedFields?: { parties?: boolean } };
      };
      try {
        body = JSON.parse(raw || "{}");
      } catch {
        return fail(400, "Malformed JSON");
      }
      entry.body = body;
      const ids = body.filter?.callIds;
      if (Array.isArray(ids) && ids.length === 0)
        return fail(400, "filter.callIds: must not be empty but can be null or can be omitted");
      if (Array.isArray(ids) && ids.length > 100) return fail(400, "filter.callIds: size must be at most 100");
      const all = available()
        .filter((c) =>
          Array.isArray(ids) ? ids.includes(c.id) : inWindow(c, body.filter?.fromDateTime, body.filter?.toDateTime),
        )
        .sort((a, b) => a.started.localeCompare(b.started) || a.id.localeCompare(b.id));
      const key = JSON.stringify(body.filter ?? {});
      if (u.pathname === "/v2/calls/extensive") {
        if (all.length === 0) return fail(404, NO_CALLS);
        const p = page(all, callsPageSize, body.cursor, key);
        if (!p) return fail(400, "cursor is invalid or expired");
        const withParties = body.contentSelector?.exposedFields?.parties === true;
        return reply(200, {
          requestId,
          records: p.records,
          calls: p.slice.map((c) => ({
            metaData: metaData(c),
            ...(withParties && c.parties ? { parties: c.parties.map((party) => ({ ...party, context: [] })) } : {}),
            ...(c.context ? { context: c.context } : {}),
            content: { topics: [] },
          })),
        });
      }
      const withTranscript = all.filter((c) => c.transcript);
      if (withTranscript.length === 0) return fail(404, NO_CALLS);
      const p = page(withTranscript, transcriptPageSize, body.cursor, key);
      if (!p) return fail(400, "cursor is invalid or expired");
      return reply(200, {
        requestId,
        records: p.records,
        callTranscripts: p.slice.map((c) => ({ callId: c.id, transcript: c.transcript })),
      });
    }
    return fail(404, `fake Gong has no ${req.method} ${u.pathname}`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return {
    url,
    accessKey,
    accessKeySecret,
    clientId,
    clientSecret,
    requests,
    issuedRefreshTokens,
    get refusedRefreshes() {
      return refusedRefreshes;
    },
    addCall(call, opts = {}) {
      calls.push({ call, availableAt: opts.availableAt ?? 0 });
    },
    failNext(path, status, retryAfterSeconds, skip = 0) {
      faults.set(path, [...(faults.get(path) ?? []), { status, retryAfter: retryAfterSeconds, skip }]);
    },
    stallNext(path, skip = 0) {
      faults.set(path, [...(faults.get(path) ?? []), { status: 0, skip }]);
    },
    setCallsPageSize(size) {
      callsPageSize = size;
    },
    expireCursors() {
      cursorEpoch++;
    },
    setTranscriptPageSize(size) {
      transcriptPageSize = size;
    },
    setTokenTtl(seconds) {
      tokenTtl = seconds;
    },
    issueCode(redirectUri) {
      const code = `gcode_${randomBytes(10).toString("hex")}`;
      codes.set(code, redirectUri);
      scopesOf.set(code, ALL_SCOPES);
      return code;
    },
    maxRequestsInOneSecond() {
      const times = requests
        .filter((r) => r.path.startsWith("/v2/"))
        .map((r) => r.at)
        .sort((a, b) => a - b);
      let max = 0;
      for (let i = 0, j = 0; i < times.length; i++) {
        while ((times[i] as number) - (times[j] as number) >= 1000) j++;
        max = Math.max(max, i - j + 1);
      }
      return max;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Stalled requests would keep close() waiting forever.
        server.closeAllConnections();
      }),
  };
}
