import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

/**
 * A fake Zoom on 127.0.0.1 speaking Zoom's documented wire formats, for ZOOM_OAUTH_BASE and
 * ZOOM_API_BASE (= `${url}/v2`). It grows with the features that need it; today: OAuth token
 * (account_credentials) and revoke. Faults can be queued per endpoint.
 */
export interface FakeZoomApp {
  clientId: string;
  clientSecret: string;
  accountId: string;
}

export interface FakeZoom {
  url: string;
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
  const state: Omit<FakeZoom, "url" | "close" | "failNext"> = {
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
    failNext(path, status) {
      faults.set(path, [...(faults.get(path) ?? []), status]);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  } as FakeZoom;
}
