import { Hono } from "hono";
import { requireAdmin, requireUser } from "../../../auth/middleware.ts";
import {
  clearBrowserBinding,
  readBrowserBinding,
  refuseNavigationFromOtherSites,
  setBrowserBinding,
} from "../../../oauth/browser-binding.ts";
import { answerBrowserStep, oauthPage } from "../../../oauth/callback-page.ts";
import { beginOAuthState, consumeOAuthState, createOAuthState } from "../../../oauth/oauth-states.ts";
import { randomToken } from "../../../oauth/pkce.ts";
import { ApiError } from "../../../platform/api-error.ts";
import type { AppEnv } from "../../../platform/app-env.ts";
import type { Services } from "../../../platform/services.ts";
import { identifyGongCompany, provisionalCompanyKey } from "../connections/gong-company.ts";
import {
  checkGongCredentials,
  refuseCompanyOfAnotherOrganization,
  saveGongConnection,
} from "../connections/gong-connection.ts";
import { oauthCredentialsFrom, requestGongToken } from "../connections/gong-token.ts";
import { isGongHost } from "../gong-client.ts";
import { GongTokenSchema } from "../gong-schemas.ts";

/**
 * `/oauth/gong/start|begin|callback`: connecting the organization's Gong company by OAuth, bound to
 * the browser that began it exactly as Zoom's flow is (providers/zoom/oauth/zoom-oauth-route.ts):
 * `start` (bearer, admins only: the grant covers the whole company) answers a one-time `beginUrl`;
 * `begin` sets the HttpOnly SameSite=Lax binding cookie (path /oauth/gong/callback) and redirects to
 * `{GONG_OAUTH_BASE}/oauth2/authorize`; `callback` spends the state only with that cookie, exchanges
 * the code at `/oauth2/generate-customer-token` (Basic client auth), accepts the answer's
 * `api_base_url_for_customer` only on Gong's hosts (a token never goes elsewhere), proves the token
 * with one request, and stores the connection (one organization per company: a 409 otherwise).
 * Gong documents no PKCE for this flow, so none is sent. The user must be a Gong technical admin.
 */
export const gongOAuthApp = new Hono<AppEnv>();

// api:workspaces:read: the company is named by its workspaces (connections/gong-company.ts).
const SCOPES = [
  "api:calls:read:basic",
  "api:calls:read:extensive",
  "api:calls:read:transcript",
  "api:workspaces:read",
].join(" ");
const redirectUri = (requestUrl: string) => `${new URL(requestUrl).origin}/oauth/gong/callback`;

function gongOAuthClient(services: Services) {
  const app = services.config.gong.oauthApp;
  if (!app)
    throw new ApiError("unavailable", "Gong OAuth is not configured: set GONG_CLIENT_ID and GONG_CLIENT_SECRET");
  return app;
}

gongOAuthApp.get("/start", requireUser, requireAdmin, async (c) => {
  gongOAuthClient(c.var.services);
  const { organizationId, userId } = c.var.principal;
  const { beginTicket } = await createOAuthState(c.var.services, { organizationId, userId, provider: "gong" });
  const beginUrl = new URL("/oauth/gong/begin", c.req.url);
  beginUrl.search = new URLSearchParams({ ticket: beginTicket }).toString();
  c.header("cache-control", "no-store");
  return c.json({ beginUrl: beginUrl.toString() }, 200);
});

gongOAuthApp.get("/begin", (c) =>
  answerBrowserStep(c, "Sightline could not start connecting Gong.", async () => {
    const services = c.var.services;
    const { clientId } = gongOAuthClient(services);
    refuseNavigationFromOtherSites(c);
    const browserBinding = randomToken();
    const row = await beginOAuthState(services, {
      beginTicket: c.req.query("ticket") ?? "",
      provider: "gong",
      browserBinding,
    });
    if (!row)
      throw new ApiError(
        "bad_request",
        "ticket: this link was already used or has expired; connect Gong again from the Sightline extension",
      );
    setBrowserBinding(c, "gong", browserBinding, { now: services.clock.now(), expiresAt: row.expiresAt });
    const url = new URL(`${services.config.gong.oauthBase}/oauth2/authorize`);
    url.searchParams.set("client_id", clientId);
    url.searchParams.set("response_type", "code");
    url.searchParams.set("scope", SCOPES);
    url.searchParams.set("redirect_uri", redirectUri(c.req.url));
    url.searchParams.set("state", row.state);
    c.header("cache-control", "no-store");
    c.header("referrer-policy", "no-referrer");
    return c.redirect(url.toString(), 302);
  }),
);

gongOAuthApp.get("/callback", (c) =>
  answerBrowserStep(c, "Sightline could not connect Gong.", async () => {
    const services = c.var.services;
    const { clientId } = gongOAuthClient(services);
    const browserBinding = readBrowserBinding(c, "gong");
    clearBrowserBinding(c, "gong");
    const consumed = await consumeOAuthState(services, {
      state: c.req.query("state") ?? "",
      provider: "gong",
      browserBinding,
    });
    if (!consumed.ok) {
      services.log.warn("oauth callback refused", { provider: "gong", reason: consumed.reason });
      if (consumed.reason === "other_browser")
        throw new ApiError(
          "forbidden",
          "this authorization was started in another browser; nothing was connected. Connect Gong again from the Sightline extension in this browser",
        );
      throw new ApiError("bad_request", "state: unknown, used or expired; start connecting Gong again");
    }
    const providerError = c.req.query("error");
    if (providerError)
      throw new ApiError(
        "bad_request",
        `Gong did not authorize the connection (${providerError.replace(/[^a-z_]/gi, "").slice(0, 64) || "error"})`,
      );
    const code = c.req.query("code") ?? "";
    if (!code || code.length > 2048) throw new ApiError("bad_request", "code: missing");
    const res = await requestGongToken(services, {
      grant_type: "authorization_code",
      code,
      client_id: clientId,
      redirect_uri: redirectUri(c.req.url),
    }).catch(() => null);
    if (!res) throw new ApiError("unavailable", "Gong could not be reached");
    const parsed = GongTokenSchema.safeParse(await res.json().catch(() => null));
    if (!res.ok || !parsed.success)
      throw new ApiError("bad_request", `Gong refused the authorization code (${res.status})`);
    const credentials = oauthCredentialsFrom(parsed.data, services.clock.now().getTime());
    let apiBase: URL;
    try {
      apiBase = new URL(credentials.apiBase);
    } catch {
      throw new ApiError("bad_request", "Gong named no usable API host for this company");
    }
    if (!isGongHost(apiBase, services.config.gong.apiBase))
      throw new ApiError("bad_request", `Gong named an API host off gong.io (${apiBase.host}); nothing was connected`);
    const { row } = consumed;
    const token = credentials.accessToken;
    const auth = { kind: "bearer" as const, token: async () => token };
    const companyKey = await identifyGongCompany(services, {
      companyKey: await provisionalCompanyKey(credentials.apiBase, services.config.gong.apiBase),
      apiBase: credentials.apiBase,
      auth,
    });
    await refuseCompanyOfAnotherOrganization(services, row.organizationId, companyKey);
    await checkGongCredentials(services, { companyKey, apiBase: credentials.apiBase, auth });
    const connection = await saveGongConnection(services, row.organizationId, companyKey, credentials, row.userId);
    services.log.info("gong connected by oauth", { connection: connection.id, user: row.userId });
    return oauthPage(c, 200, "Gong is connected to Sightline. You can close this tab.");
  }),
);
