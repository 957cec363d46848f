import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../src/app.ts";
import { call, createAccount, createTestOrg } from "./api-client.ts";
import { digestOrganization, type OrgDigest } from "./org-digest.ts";
import { TEST_ZOOM_SECRET, transcriptCompletedEvent, zoomHeaders } from "./zoom-signing.ts";

/**
 * The tenant isolation matrix (issue 14, item 3). Organization V (the victim) has one of everything;
 * organization A (the attacker) calls every route of the Worker, the routes of the OpenAPI document
 * and the webhook and OAuth routes outside it, with its admin's token, its member's token and no
 * token, naming V's ids wherever a route takes an id (in the path, the query or the body).
 *
 * Each call must answer one of the statuses its row allows (404 or 403 for V's ids, 401 without a
 * token), no answer may contain any of V's data (names, e-mails, domains, quotes, ids it was not
 * sent), and a digest of every D1 row and R2 object of V is the same after the row's calls.
 *
 * `worker/test/route-security.test.ts` holds the per-route auth contract (401/403/400); this file
 * holds the cross-tenant walk and its leak checks. A route of the Worker without a row here fails
 * the first test: add a row to ROWS (new providers: their webhook and OAuth routes too).
 */

interface OrgFixture {
  orgId: string;
  orgName: string;
  adminToken: string;
  memberToken: string;
  adminId: string;
  memberId: string;
  adminEmail: string;
  account: string;
  accountName: string;
  domain: string;
  salesforceId: string;
  contact: string;
  contactEmail: string;
  profile: string;
  user: string;
  userEmail: string;
  tokenId: string;
  connection: string;
  zoomAccountId: string;
  conversation: string;
  unassignedConversation: string;
  quote: string;
  speaker: string;
  failedJob: string;
  webhookEvent: string;
  deletion: string;
  slackUrl: string;
  emailThreadId: string;
  emailMessageId: string;
  emailConversation: string;
  dataExport: string;
}

type Who = "admin" | "member" | "anonymous";

interface Case {
  /** What the attacker sends: V's ids go into path, query or body. */
  request: (
    victim: OrgFixture,
    attacker: OrgFixture,
  ) => {
    path: string;
    body?: unknown;
    headers?: Record<string, string>;
  };
  /** Allowed statuses per caller (default for anonymous: 401). */
  admin: number[];
  member: number[];
  anonymous?: number[];
}

const NOT_FOUND = [404];
const FORBIDDEN_OR_NOT_FOUND = [403, 404];
/** A body naming another organization's id: refused as unknown (404) or invalid (400), never applied. */
const REFUSED_REFERENCE = [400, 404];
const OK = [200];
const ADMIN_ONLY = { admin: OK, member: [403] };

/**
 * One row per route (METHOD path as the OpenAPI document spells it, under /api/v1; other routes as
 * mounted on the app); a row may hold several cases (e.g. V's id in the path, then in the body).
 */
const ROWS: Record<string, Case[]> = {
  "POST /api/v1/operator/orgs": [
    {
      request: () => ({
        path: "/api/v1/operator/orgs",
        body: { name: "X", admin: { email: "x@x.example", name: "X" } },
      }),
      admin: [401],
      member: [401],
    },
  ],
  "GET /api/v1/me": [{ request: () => ({ path: "/api/v1/me" }), admin: OK, member: OK }],
  "GET /api/v1/users": [{ request: () => ({ path: "/api/v1/users" }), ...ADMIN_ONLY }],
  "POST /api/v1/users": [
    {
      request: (v) => ({
        path: "/api/v1/users",
        body: { email: "newcomer@attacker.example", name: "N", profileId: v.profile },
      }),
      admin: REFUSED_REFERENCE,
      member: [403],
    },
  ],
  "PATCH /api/v1/users/{id}": [
    {
      request: (v) => ({ path: `/api/v1/users/${v.user}`, body: { name: "Renamed" } }),
      admin: NOT_FOUND,
      member: [403, 404],
    },
    {
      request: (v, a) => ({ path: `/api/v1/users/${a.user}`, body: { profileId: v.profile } }),
      admin: REFUSED_REFERENCE,
      member: [403],
    },
  ],
  "GET /api/v1/users/{id}/tokens": [
    { request: (v) => ({ path: `/api/v1/users/${v.user}/tokens` }), admin: NOT_FOUND, member: FORBIDDEN_OR_NOT_FOUND },
  ],
  "POST /api/v1/users/{id}/tokens": [
    {
      request: (v) => ({ path: `/api/v1/users/${v.user}/tokens`, body: { label: "stolen" } }),
      admin: NOT_FOUND,
      member: FORBIDDEN_OR_NOT_FOUND,
    },
  ],
  "DELETE /api/v1/users/{id}/tokens/{tokenId}": [
    {
      request: (v) => ({ path: `/api/v1/users/${v.user}/tokens/${v.tokenId}` }),
      admin: NOT_FOUND,
      member: FORBIDDEN_OR_NOT_FOUND,
    },
    {
      // V's token id under the attacker's own user.
      request: (v, a) => ({ path: `/api/v1/users/${a.memberId}/tokens/${v.tokenId}` }),
      admin: NOT_FOUND,
      member: NOT_FOUND,
    },
  ],
  "GET /api/v1/profiles": [{ request: () => ({ path: "/api/v1/profiles" }), admin: OK, member: OK }],
  "POST /api/v1/profiles": [
    { request: () => ({ path: "/api/v1/profiles", body: { name: "Mine" } }), admin: [201], member: [403] },
  ],
  "PATCH /api/v1/profiles/{id}": [
    {
      request: (v) => ({ path: `/api/v1/profiles/${v.profile}`, body: { transcriptIntake: false } }),
      admin: NOT_FOUND,
      member: FORBIDDEN_OR_NOT_FOUND,
    },
  ],
  "DELETE /api/v1/profiles/{id}": [
    { request: (v) => ({ path: `/api/v1/profiles/${v.profile}` }), admin: NOT_FOUND, member: FORBIDDEN_OR_NOT_FOUND },
  ],
  "GET /api/v1/accounts": [
    { request: () => ({ path: "/api/v1/accounts" }), admin: OK, member: OK },
    // Search by V's account name and domain: the attacker's own (empty) results only.
    { request: (v) => ({ path: `/api/v1/accounts?q=${encodeURIComponent(v.accountName)}` }), admin: OK, member: OK },
    { request: (v) => ({ path: `/api/v1/accounts?q=${encodeURIComponent(v.domain)}` }), admin: OK, member: OK },
  ],
  "GET /api/v1/accounts/lookup": [
    { request: (v) => ({ path: `/api/v1/accounts/lookup?domain=${v.domain}` }), admin: NOT_FOUND, member: NOT_FOUND },
    {
      request: (v) => ({ path: `/api/v1/accounts/lookup?email=${encodeURIComponent(v.contactEmail)}` }),
      admin: NOT_FOUND,
      member: NOT_FOUND,
    },
    {
      request: (v) => ({ path: `/api/v1/accounts/lookup?crm=salesforce&crmId=${v.salesforceId}` }),
      admin: NOT_FOUND,
      member: NOT_FOUND,
    },
    {
      request: (v) => ({ path: `/api/v1/accounts/lookup?name=${encodeURIComponent(v.accountName)}` }),
      admin: NOT_FOUND,
      member: NOT_FOUND,
    },
  ],
  "GET /api/v1/accounts/{id}": [
    { request: (v) => ({ path: `/api/v1/accounts/${v.account}` }), admin: NOT_FOUND, member: NOT_FOUND },
  ],
  "GET /api/v1/accounts/{id}/overview": [
    {
      request: (v) => ({ path: `/api/v1/accounts/${v.account}/overview?period=all` }),
      admin: NOT_FOUND,
      member: NOT_FOUND,
    },
  ],
  "POST /api/v1/accounts": [
    {
      // The same domain and CRM id in another organization are that organization's own business.
      request: (v) => ({
        path: "/api/v1/accounts",
        body: { name: "Attacker copy", domains: [v.domain], salesforceId: v.salesforceId },
      }),
      admin: [201],
      member: [403],
    },
  ],
  "PATCH /api/v1/accounts/{id}": [
    {
      request: (v) => ({ path: `/api/v1/accounts/${v.account}`, body: { leadSource: "Hijacked" } }),
      admin: NOT_FOUND,
      member: FORBIDDEN_OR_NOT_FOUND,
    },
  ],
  "DELETE /api/v1/accounts/{id}": [
    { request: (v) => ({ path: `/api/v1/accounts/${v.account}` }), admin: NOT_FOUND, member: FORBIDDEN_OR_NOT_FOUND },
  ],
  "GET /api/v1/contacts": [
    { request: () => ({ path: "/api/v1/contacts" }), admin: OK, member: OK },
    { request: (v) => ({ path: `/api/v1/contacts?accountId=${v.account}` }), admin: [200, 404], member: [200, 404] },
  ],
  "POST /api/v1/contacts": [
    {
      request: (v) => ({ path: "/api/v1/contacts", body: { name: "Plant", accountId: v.account } }),
      admin: REFUSED_REFERENCE,
      member: [403],
    },
  ],
  "PATCH /api/v1/contacts/{id}": [
    {
      request: (v) => ({ path: `/api/v1/contacts/${v.contact}`, body: { title: "Owned" } }),
      admin: NOT_FOUND,
      member: FORBIDDEN_OR_NOT_FOUND,
    },
    {
      request: (v, a) => ({ path: `/api/v1/contacts/${a.contact}`, body: { accountId: v.account } }),
      admin: REFUSED_REFERENCE,
      member: [403],
    },
  ],
  "DELETE /api/v1/contacts/{id}": [
    { request: (v) => ({ path: `/api/v1/contacts/${v.contact}` }), admin: NOT_FOUND, member: FORBIDDEN_OR_NOT_FOUND },
  ],
  "GET /api/v1/conversations/{id}": [
    { request: (v) => ({ path: `/api/v1/conversations/${v.conversation}` }), admin: NOT_FOUND, member: NOT_FOUND },
    {
      request: (v) => ({ path: `/api/v1/conversations/${v.unassignedConversation}?limit=5` }),
      admin: NOT_FOUND,
      member: NOT_FOUND,
    },
  ],
  "GET /api/v1/conversations/unassigned": [
    { request: () => ({ path: "/api/v1/conversations/unassigned" }), ...ADMIN_ONLY },
  ],
  "PUT /api/v1/conversations/{id}/account": [
    {
      request: (v) => ({
        path: `/api/v1/conversations/${v.unassignedConversation}/account`,
        body: { accountId: null },
      }),
      admin: NOT_FOUND,
      member: FORBIDDEN_OR_NOT_FOUND,
    },
    {
      // The attacker's own conversation moved onto V's account.
      request: (v, a) => ({ path: `/api/v1/conversations/${a.conversation}/account`, body: { accountId: v.account } }),
      admin: REFUSED_REFERENCE,
      member: [403],
    },
  ],
  "GET /api/v1/connections": [{ request: () => ({ path: "/api/v1/connections" }), admin: OK, member: OK }],
  "PUT /api/v1/connections/zoom/account": [
    {
      // V's Zoom account: claimed by V, refused before Zoom is asked.
      request: (v) => ({
        path: "/api/v1/connections/zoom/account",
        body: { accountId: v.zoomAccountId, clientId: "cid", clientSecret: "attacker-secret" },
      }),
      admin: [409],
      member: [403],
    },
  ],
  "DELETE /api/v1/connections/{id}": [
    { request: (v) => ({ path: `/api/v1/connections/${v.connection}` }), admin: NOT_FOUND, member: NOT_FOUND },
  ],
  "GET /api/v1/operations/failed-jobs": [
    { request: () => ({ path: "/api/v1/operations/failed-jobs" }), ...ADMIN_ONLY },
  ],
  "POST /api/v1/operations/failed-jobs/{id}/replay": [
    {
      request: (v) => ({ path: `/api/v1/operations/failed-jobs/${v.failedJob}/replay` }),
      admin: NOT_FOUND,
      member: FORBIDDEN_OR_NOT_FOUND,
    },
  ],
  "GET /api/v1/operations/webhook-events": [
    { request: () => ({ path: "/api/v1/operations/webhook-events" }), ...ADMIN_ONLY },
  ],
  "POST /api/v1/operations/webhook-events/{id}/replay": [
    {
      request: (v) => ({ path: `/api/v1/operations/webhook-events/${v.webhookEvent}/replay` }),
      admin: NOT_FOUND,
      member: FORBIDDEN_OR_NOT_FOUND,
    },
  ],
  // Deletions: V's user, account or connection named as the target is unknown to the attacker.
  "POST /api/v1/deletions": [
    {
      request: (v) => ({ path: "/api/v1/deletions", body: { scope: "account", accountId: v.account } }),
      admin: NOT_FOUND,
      member: [403],
    },
    {
      request: (v) => ({ path: "/api/v1/deletions", body: { scope: "user", userId: v.user } }),
      admin: NOT_FOUND,
      member: [403],
    },
    {
      request: (v) => ({ path: "/api/v1/deletions", body: { scope: "connection", connectionId: v.connection } }),
      admin: NOT_FOUND,
      member: [403],
    },
  ],
  "GET /api/v1/deletions": [{ request: () => ({ path: "/api/v1/deletions" }), ...ADMIN_ONLY }],
  "GET /api/v1/deletions/{id}": [
    {
      request: (v) => ({ path: `/api/v1/deletions/${v.deletion}` }),
      admin: NOT_FOUND,
      member: FORBIDDEN_OR_NOT_FOUND,
    },
  ],
  // Search: V's own words, and V's account as the filter, find nothing of V.
  "GET /api/v1/search": [
    {
      request: (v) => ({ path: `/api/v1/search?q=${encodeURIComponent(v.quote)}` }),
      admin: OK,
      member: OK,
    },
    {
      request: (v) => ({ path: `/api/v1/search?q=renewal&accountId=${v.account}` }),
      admin: OK,
      member: OK,
    },
  ],
  // E-mail threads: A adding V's thread id gets a thread of its own; V's message is not found.
  "POST /api/v1/emails": [
    {
      request: (v) => ({
        path: "/api/v1/emails",
        body: {
          threadId: v.emailThreadId,
          subject: "Mine",
          messages: [
            { messageId: v.emailMessageId, sentAt: "2026-11-20T10:00:00Z", from: { email: "a@a.example" }, body: "hi" },
          ],
        },
      }),
      admin: [200, 201],
      member: [200, 201],
    },
  ],
  "GET /api/v1/emails/threads": [
    { request: (v) => ({ path: `/api/v1/emails/threads?ids=${v.emailThreadId}` }), admin: OK, member: OK },
  ],
  "GET /api/v1/emails/capture": [
    {
      request: (v) => ({ path: `/api/v1/emails/capture?emails=${encodeURIComponent(v.contactEmail)}` }),
      admin: OK,
      member: OK,
    },
  ],
  "GET /api/v1/emails/{conversationId}/messages/{messageId}": [
    {
      request: (v) => ({ path: `/api/v1/emails/${v.emailConversation}/messages/${v.emailMessageId}` }),
      admin: NOT_FOUND,
      member: NOT_FOUND,
    },
  ],
  "GET /api/v1/org/email-capture": [{ request: () => ({ path: "/api/v1/org/email-capture" }), ...ADMIN_ONLY }],
  "PUT /api/v1/org/email-capture": [
    { request: () => ({ path: "/api/v1/org/email-capture", body: { autoCapture: false } }), ...ADMIN_ONLY },
  ],
  "GET /api/v1/reports/attribution": [
    { request: () => ({ path: "/api/v1/reports/attribution?period=all" }), admin: OK, member: OK },
  ],
  // Organization settings: always the caller's own organization (there is no id to name).
  "GET /api/v1/org/intake": [{ request: () => ({ path: "/api/v1/org/intake" }), ...ADMIN_ONLY }],
  "PUT /api/v1/org/intake": [
    { request: () => ({ path: "/api/v1/org/intake", body: { registeredUsersOnly: false } }), ...ADMIN_ONLY },
  ],
  "GET /api/v1/org/slack": [{ request: () => ({ path: "/api/v1/org/slack" }), ...ADMIN_ONLY }],
  "PUT /api/v1/org/slack": [
    {
      request: () => ({
        path: "/api/v1/org/slack",
        body: { webhookUrl: "https://hooks.slack.com/services/TATT/BATT/attacker" },
      }),
      ...ADMIN_ONLY,
    },
  ],
  "DELETE /api/v1/org/slack": [{ request: () => ({ path: "/api/v1/org/slack" }), ...ADMIN_ONLY }],
  "GET /api/v1/org/zoom-oauth": [{ request: () => ({ path: "/api/v1/org/zoom-oauth" }), ...ADMIN_ONLY }],
  "PUT /api/v1/org/zoom-oauth": [
    { request: () => ({ path: "/api/v1/org/zoom-oauth", body: { allowZoomEmailMismatch: true } }), ...ADMIN_ONLY },
  ],
  "GET /api/v1/org/competitors": [{ request: () => ({ path: "/api/v1/org/competitors" }), ...ADMIN_ONLY }],
  "PUT /api/v1/org/competitors": [
    { request: () => ({ path: "/api/v1/org/competitors", body: { competitors: ["CallPilot"] } }), ...ADMIN_ONLY },
  ],
  "GET /api/v1/reps/{id}/coaching": [
    { request: (v) => ({ path: `/api/v1/reps/${v.user}/coaching` }), admin: NOT_FOUND, member: FORBIDDEN_OR_NOT_FOUND },
    {
      request: (v) => ({ path: `/api/v1/reps/${v.memberId}/coaching?period=all` }),
      admin: NOT_FOUND,
      member: FORBIDDEN_OR_NOT_FOUND,
    },
  ],

  // Outside the OpenAPI document.
  "GET /api/v1/openapi.json": [
    { request: () => ({ path: "/api/v1/openapi.json" }), admin: OK, member: OK, anonymous: OK },
  ],
  "GET /healthz": [{ request: () => ({ path: "/healthz" }), admin: OK, member: OK, anonymous: OK }],
  "POST /webhooks/zoom": [
    {
      // Unsigned, whoever's bearer token comes with it.
      request: (v) => ({ path: "/webhooks/zoom", body: transcriptCompletedEvent(v.zoomAccountId) }),
      admin: [401],
      member: [401],
      anonymous: [401],
    },
    {
      // Signed (the deployment secret is shared), for the attacker's Zoom account but naming V's meeting:
      // it lands in the attacker's organization only and V's rows stay as they are.
      request: (_v, a) => ({
        path: "/webhooks/zoom",
        body: transcriptCompletedEvent(a.zoomAccountId, "victimzq-meeting=="),
      }),
      admin: OK,
      member: OK,
      anonymous: OK,
    },
  ],
  // Zoom Contact Center: settings are the caller's own organization; V's ids find nothing.
  "GET /api/v1/conversations/{id}/media": [
    {
      request: (v) => ({ path: `/api/v1/conversations/${v.conversation}/media` }),
      admin: NOT_FOUND,
      member: NOT_FOUND,
    },
  ],
  "PUT /api/v1/connections/zoom-contact-center/account": [
    {
      // V's Zoom account: refused (V holds it) or failing at Zoom; never connected to the attacker.
      request: (v) => ({
        path: "/api/v1/connections/zoom-contact-center/account",
        body: { accountId: v.zoomAccountId, clientId: "cid", clientSecret: "attacker-secret" },
      }),
      admin: [400, 409, 503],
      member: [403],
    },
  ],
  "GET /api/v1/org/zcc-flow-key": [
    { request: () => ({ path: "/api/v1/org/zcc-flow-key" }), admin: [200, 404], member: [403] },
  ],
  "POST /api/v1/org/zcc-flow-key": [
    { request: () => ({ path: "/api/v1/org/zcc-flow-key" }), admin: [200, 201], member: [403] },
  ],
  "GET /api/v1/org/media": [{ request: () => ({ path: "/api/v1/org/media" }), ...ADMIN_ONLY }],
  "PUT /api/v1/org/media": [
    { request: () => ({ path: "/api/v1/org/media", body: { keepMedia: false } }), ...ADMIN_ONLY },
  ],
  "POST /webhooks/zoom-contact-center/flow": [
    {
      // Flow scripts authenticate with the organization's ingest key, never with an API token.
      request: (v) => ({
        path: "/webhooks/zoom-contact-center/flow",
        body: { engagement_id: `${v.conversation}-ext`, disposition: "Resolved", transcript: "hello" },
      }),
      admin: [401],
      member: [401],
      anonymous: [401],
    },
  ],
  "GET /media/{token}": [
    {
      request: () => ({ path: "/media/not-a-signed-token" }),
      admin: [400, 403, 404],
      member: [400, 403, 404],
      anonymous: [400, 403, 404],
    },
  ],
  "GET /oauth/zoom/start": [{ request: () => ({ path: "/oauth/zoom/start" }), admin: OK, member: OK }],
  "GET /oauth/zoom/begin": [
    {
      request: () => ({ path: "/oauth/zoom/begin?ticket=not-a-ticket" }),
      admin: [400, 403, 404],
      member: [400, 403, 404],
      anonymous: [400, 403, 404],
    },
  ],
  // Gong: settings and checks are the caller's own organization's; the webhook needs Gong's signature.
  "PUT /api/v1/connections/gong/account": [
    {
      request: () => ({
        path: "/api/v1/connections/gong/account",
        body: { accessKey: "attacker-key", accessKeySecret: "attacker-secret" },
      }),
      // Checked with Gong first: no Gong here, so it fails before anything is stored.
      admin: [400, 409, 502, 503],
      member: [403],
    },
  ],
  "POST /api/v1/connections/gong/check": [
    { request: () => ({ path: "/api/v1/connections/gong/check" }), admin: [404, 409], member: [403] },
  ],
  "GET /api/v1/connections/gong/settings": [
    { request: () => ({ path: "/api/v1/connections/gong/settings" }), ...ADMIN_ONLY },
  ],
  "PUT /api/v1/connections/gong/settings": [
    { request: () => ({ path: "/api/v1/connections/gong/settings", body: { backfillDays: 30 } }), ...ADMIN_ONLY },
  ],
  "POST /webhooks/gong": [
    {
      // Unsigned (a bearer token is not Gong's JWT), naming V's organization's call.
      request: (v) => ({ path: "/webhooks/gong", body: { callData: { metaData: { id: `${v.conversation}` } } } }),
      admin: [401],
      member: [401],
      anonymous: [401],
    },
  ],
  // Admins connect Gong (members get 403); without a Gong OAuth app configured here, 503.
  "GET /oauth/gong/start": [{ request: () => ({ path: "/oauth/gong/start" }), admin: [200, 503], member: [403] }],
  "GET /oauth/gong/begin": [
    {
      request: () => ({ path: "/oauth/gong/begin?ticket=not-a-ticket" }),
      admin: [400, 403, 404, 503],
      member: [400, 403, 404, 503],
      anonymous: [400, 403, 404, 503],
    },
  ],
  "GET /oauth/gong/callback": [
    {
      request: () => ({ path: "/oauth/gong/callback?code=c&state=not-a-state" }),
      admin: [400, 403, 404, 503],
      member: [400, 403, 404, 503],
      anonymous: [400, 403, 404, 503],
    },
  ],
  "GET /oauth/zoom/callback": [
    {
      // V's pending OAuth state, brought by the attacker's browser (no cookie, or the attacker's own).
      request: () => ({ path: `/oauth/zoom/callback?code=c&state=${victimStates.shift() ?? "none-left"}` }),
      admin: [403],
      member: [403],
      anonymous: [403],
    },
  ],
  // Data lifecycle (issue 13): retention settings are the caller's own organization's.
  "GET /api/v1/org/retention": [{ request: () => ({ path: "/api/v1/org/retention" }), ...ADMIN_ONLY }],
  "PUT /api/v1/org/retention": [
    {
      request: () => ({
        path: "/api/v1/org/retention",
        body: { transcriptRetentionDays: null, archiveRetentionDays: null },
      }),
      ...ADMIN_ONLY,
    },
  ],
  // Key rotation is deployment-wide: the operator token only.
  "GET /api/v1/operator/key-rotation": [
    { request: () => ({ path: "/api/v1/operator/key-rotation" }), admin: [401], member: [401] },
  ],
  "POST /api/v1/operator/key-rotation": [
    { request: () => ({ path: "/api/v1/operator/key-rotation", body: {} }), admin: [401], member: [401] },
  ],
  // Exports: V's account as the target is unknown to the attacker, V's export id too.
  "POST /api/v1/exports": [
    {
      request: (v) => ({ path: "/api/v1/exports", body: { scope: "account", accountId: v.account } }),
      admin: NOT_FOUND,
      member: [403],
    },
  ],
  "GET /api/v1/exports": [{ request: () => ({ path: "/api/v1/exports" }), ...ADMIN_ONLY }],
  "GET /api/v1/exports/{id}": [
    {
      request: (v) => ({ path: `/api/v1/exports/${v.dataExport}` }),
      admin: NOT_FOUND,
      member: FORBIDDEN_OR_NOT_FOUND,
    },
  ],
  // CSV import: V's domain and CRM id in the attacker's file match nothing of V (previewed: a commit would
  // leave an account holding them in the attacker's organization, which later rows would report as V's).
  "POST /api/v1/accounts/import": [
    {
      request: (v) => ({
        path: "/api/v1/accounts/import",
        body: { csv: `name,domains,salesforce_id\nTaken over,${v.domain},${v.salesforceId}` },
      }),
      admin: OK,
      member: [403],
    },
  ],
  "GET /exports/{token}": [
    {
      request: () => ({ path: "/exports/not-a-signed-token" }),
      admin: [400, 403, 404],
      member: [400, 403, 404],
      anonymous: [400, 403, 404],
    },
  ],
};

/** OAuth states V's member started and began, one per callback call (a state is single use). */
const victimStates: string[] = [];

const TAG_V = "victimzq";
const TAG_A = "attackerzq";

async function makeOrg(tag: string): Promise<OrgFixture> {
  const org = await createTestOrg(`${tag} Org`);
  const token = org.adminToken;
  const domain = `${tag}-corp.example`;
  const salesforceId = tag === TAG_V ? "001D000000IqhSLAAZ" : "001D000000IqhSMAAZ";
  const account = await createAccount(token, {
    name: `${tag} Holdings`,
    domains: [domain],
    salesforceId,
  });
  const contactEmail = `buyer@${domain}`;
  const contact = await call("POST", "/api/v1/contacts", {
    token,
    body: { name: `${tag} Buyer`, email: contactEmail, accountId: account.id },
  });
  const profile = await call("POST", "/api/v1/profiles", { token, body: { name: `${tag} profile` } });
  const userEmail = `rep@${tag}.example`;
  const user = await call("POST", "/api/v1/users", { token, body: { email: userEmail, name: `${tag} Rep` } });
  const tokens = await call("GET", `/api/v1/users/${user.json.user.id}/tokens`, { token });
  const slackUrl = `https://hooks.slack.com/services/T${tag}/B${tag}/${tag}slacksecret`;
  expect((await call("PUT", "/api/v1/org/slack", { token, body: { webhookUrl: slackUrl } })).status).toBe(200);

  const zoomAccountId = `zoomacct-${tag}`;
  const connection = `conn_${tag}`;
  const now = Date.now();
  const quote = `${tag} will sign the renewal if the discount reaches 17 percent`;
  const speaker = `${tag} Speaker`;
  const conversation = `conv_${tag}_assigned`;
  const unassignedConversation = `conv_${tag}_unassigned`;
  const failedJob = `job_${tag}`;
  const webhookEvent = `evt_${tag}`;
  const deletion = `del_${tag}`;
  const r2Key = `orgs/${org.org.id}/webhooks/zoom/2026-11-20/${webhookEvent}.json`;
  await env.BLOBS.put(r2Key, JSON.stringify(transcriptCompletedEvent(zoomAccountId, `${tag}-meeting==`)));
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO connections (id, organization_id, provider, scope, external_account_id, status, created_at, updated_at) VALUES (?, ?, 'zoom', 'account', ?, 'active', ?, ?)",
    ).bind(connection, org.org.id, zoomAccountId, now, now),
    ...[
      [conversation, account.id, "auto", "analyzed"],
      [unassignedConversation, null, "unassigned", "stored"],
    ].map(([id, accountId, routing, status]) =>
      env.DB.prepare(
        "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, host_email, account_id, routing, status, created_at, updated_at) VALUES (?, ?, 'zoom_meeting', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      ).bind(
        id,
        org.org.id,
        `${id}-ext`,
        `${tag} pricing call`,
        now - 86_400_000,
        userEmail,
        accountId,
        routing,
        status,
        now,
        now,
      ),
    ),
    ...[conversation, unassignedConversation].flatMap((id) => [
      env.DB.prepare(
        "INSERT INTO participants (id, organization_id, conversation_id, name, email, side) VALUES (?, ?, ?, ?, ?, 'theirs')",
      ).bind(`part_${id}`, org.org.id, id, speaker, contactEmail),
      env.DB.prepare(
        "INSERT INTO transcript_segments (organization_id, conversation_id, seq, speaker, start_ms, end_ms, text) VALUES (?, ?, 0, ?, 0, 5000, ?)",
      ).bind(org.org.id, id, speaker, quote),
    ]),
    env.DB.prepare(
      "INSERT INTO insights (id, organization_id, conversation_id, account_id, kind, text, quote, start_ms, analyzer, occurred_at, created_at) VALUES (?, ?, ?, ?, 'objection', ?, ?, 0, 'builtin', ?, ?)",
    ).bind(`ins_${tag}`, org.org.id, conversation, account.id, `${tag} discount objection`, quote, now, now),
    env.DB.prepare(
      "INSERT INTO webhook_events (id, organization_id, provider, event_type, dedupe_key, r2_key, status, reason, received_at) VALUES (?, ?, 'zoom', 'recording.transcript_completed', ?, ?, 'failed', ?, ?)",
    ).bind(webhookEvent, org.org.id, `${tag}-dedupe`, r2Key, `${tag} download failed`, now),
    env.DB.prepare(
      "INSERT INTO failed_jobs (id, organization_id, job_type, payload, reason, attempts, created_at) VALUES (?, ?, 'zoom_event', ?, ?, 5, ?)",
    ).bind(
      failedJob,
      org.org.id,
      JSON.stringify({ kind: "zoom_event", organizationId: org.org.id, webhookEventId: webhookEvent, r2Key }),
      `${tag} retries exhausted`,
      now,
    ),
    env.DB.prepare(
      "INSERT INTO deletion_requests (id, organization_id, requested_by_user_id, scope, target_account_id, status, created_at) VALUES (?, ?, ?, 'account', ?, 'done', ?)",
    ).bind(deletion, org.org.id, org.adminId, account.id, now),
    env.DB.prepare(
      "INSERT INTO data_exports (id, organization_id, requested_by_user_id, scope, target_account_id, status, phase, created_at, updated_at) VALUES (?, ?, ?, 'account', ?, 'done', 'done', ?, ?)",
    ).bind(`exp_${tag}`, org.org.id, org.adminId, account.id, now, now),
    env.DB.prepare(
      "INSERT INTO intake_discards (id, organization_id, provider, reason, host_email, external_id, discarded_at) VALUES (?, ?, 'zoom', 'unregistered_host', ?, ?, ?)",
    ).bind(`disc_${tag}`, org.org.id, `stranger@${tag}.example`, `${tag}-discarded`, now),
  ]);
  const emailThreadId = `thread-${tag}`;
  const emailMessageId = `message-${tag}`;
  const email = await call("POST", "/api/v1/emails", {
    token,
    body: {
      threadId: emailThreadId,
      subject: `${tag} renewal terms`,
      messages: [
        {
          messageId: emailMessageId,
          sentAt: "2026-11-20T10:00:00Z",
          from: { email: contactEmail, name: speaker },
          body: quote,
        },
      ],
    },
  });
  expect(email.status).toBe(201);
  // Its analysis runs on the queue: wait for it, so it cannot change V's rows during the walk.
  for (let i = 0; i < 100; i++) {
    const row = await env.DB.prepare("SELECT status FROM conversations WHERE id = ?")
      .bind(email.json.conversationId)
      .first<{ status: string }>();
    if (row?.status === "analyzed") break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const me = await call("GET", "/api/v1/me", { token });
  return {
    orgId: org.org.id,
    orgName: org.org.name,
    adminToken: token,
    memberToken: org.memberToken,
    adminId: org.adminId,
    memberId: org.memberId,
    adminEmail: me.json.user.email,
    account: account.id,
    accountName: account.name,
    domain,
    salesforceId,
    contact: contact.json.id,
    contactEmail,
    profile: profile.json.id,
    user: user.json.user.id,
    userEmail,
    tokenId: tokens.json.tokens[0].id,
    connection,
    zoomAccountId,
    conversation,
    unassignedConversation,
    quote,
    speaker,
    failedJob,
    webhookEvent,
    deletion,
    slackUrl,
    emailThreadId,
    emailMessageId,
    emailConversation: email.json.conversationId,
    dataExport: `exp_${tag}`,
  };
}

/** Everything of V an answer to A must not contain (skipping what A itself sent in that request). */
function victimMarkers(v: OrgFixture): string[] {
  const { orgId, adminToken, memberToken, adminId, memberId, salesforceId, ...rest } = v;
  return [
    TAG_V,
    orgId,
    adminToken,
    memberToken,
    adminId,
    memberId,
    salesforceId,
    v.quote.slice(TAG_V.length + 1),
    ...Object.values(rest),
  ];
}

function leaksIn(text: string, sent: string, markers: string[]): string[] {
  const haystack = text.toLowerCase();
  const request = sent.toLowerCase();
  return markers.filter((m) => !request.includes(m.toLowerCase()) && haystack.includes(m.toLowerCase()));
}

async function send(method: string, c: Case, who: Who, victim: OrgFixture, attacker: OrgFixture) {
  const { path, body, headers = {} } = c.request(victim, attacker);
  const token = who === "admin" ? attacker.adminToken : who === "member" ? attacker.memberToken : undefined;
  let extraHeaders = headers;
  let rawBody: string | undefined;
  if (path.startsWith("/webhooks/") && body !== undefined) {
    rawBody = JSON.stringify(body);
    // The second webhook case is the signed one (its allowed statuses are 200).
    if (c.admin.includes(200)) extraHeaders = { ...headers, ...(await zoomHeaders(TEST_ZOOM_SECRET, rawBody)) };
  }
  if (path.startsWith("/oauth/zoom/callback")) extraHeaders = { ...headers, cookie: attackerCookie };
  const res = await call(method, path, {
    token,
    body: rawBody === undefined ? body : undefined,
    rawBody,
    headers: extraHeaders,
  });
  return { res, sent: `${path} ${body === undefined ? "" : JSON.stringify(body)}` };
}

/** The attacker's own OAuth binding cookie (from its own begin), sent with V's state. */
let attackerCookie = "";

let victim: OrgFixture;
let attacker: OrgFixture;
let markers: string[];
const walked = { calls: 0, routes: new Set<string>(), leaks: 0 };

/** Every route the app serves, as "METHOD path" with OpenAPI-style {params}. */
function appRoutes(): string[] {
  const routes = app.routes
    .filter((r) => r.method !== "ALL")
    .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}").replace(/\/$/, "")}`);
  return [...new Set(routes)];
}

beforeAll(async () => {
  victim = await makeOrg(TAG_V);
  attacker = await makeOrg(TAG_A);
  markers = victimMarkers(victim);
  // V's member starts a per-user Zoom OAuth; the attacker begins its own flow to hold a real binding cookie.
  for (let i = 0; i < 3; i++) {
    const started = await call("GET", "/oauth/zoom/start", { token: victim.memberToken });
    const begun = await call("GET", started.json.beginUrl, { headers: { "sec-fetch-site": "none" } });
    victimStates.push(new URL(begun.headers.get("location") ?? "").searchParams.get("state") ?? "");
  }
  const own = await call(
    "GET",
    (await call("GET", "/oauth/zoom/start", { token: attacker.memberToken })).json.beginUrl,
    {
      headers: { "sec-fetch-site": "none" },
    },
  );
  attackerCookie = /sightline_oauth_zoom=[^;]+/.exec(own.headers.get("set-cookie") ?? "")?.[0] ?? "";
  expect(victimStates).toHaveLength(3);
  for (const state of victimStates) expect(state).toMatch(/\S{20}/);
  expect(attackerCookie).toMatch(/^sightline_oauth_zoom=/);
});

describe("tenant isolation matrix", () => {
  it("has a row for every route of the OpenAPI document and every other route of the app", async () => {
    const doc = await call("GET", "/api/v1/openapi.json");
    const documented = Object.entries(doc.json.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} /api/v1${path}`),
    );
    const served = appRoutes();
    const missing = [...new Set([...documented, ...served])].filter((r) => !(r in ROWS));
    expect(missing, "routes without a row in the tenant isolation matrix").toEqual([]);
    // Every /api/v1 route the app serves is documented (openapi.json itself aside).
    const undocumented = served.filter(
      (r) => r.includes(" /api/v1/") && !r.endsWith("/openapi.json") && !documented.includes(r),
    );
    expect(undocumented).toEqual([]);
    // And no stale rows.
    expect(Object.keys(ROWS).filter((r) => !served.includes(r))).toEqual([]);
  });

  it("controls: V's own admin reads V's ids (so the attacker's 404s are about tenancy) and the leak check sees V's data", async () => {
    for (const path of [
      `/api/v1/accounts/${victim.account}`,
      `/api/v1/conversations/${victim.conversation}`,
      `/api/v1/contacts?accountId=${victim.account}`,
      "/api/v1/operations/failed-jobs",
      "/api/v1/operations/webhook-events",
      "/api/v1/conversations/unassigned",
      `/api/v1/search?q=${encodeURIComponent(victim.quote)}`,
      `/api/v1/emails/${victim.emailConversation}/messages/${victim.emailMessageId}`,
    ]) {
      const res = await call("GET", path, { token: victim.adminToken });
      expect(res.status, path).toBe(200);
      expect(leaksIn(res.text, path, markers).length, path).toBeGreaterThan(0);
    }
    expect(
      (await call("GET", `/api/v1/accounts/lookup?domain=${victim.domain}`, { token: victim.adminToken })).status,
    ).toBe(200);
  });

  for (const [route, cases] of Object.entries(ROWS)) {
    const method = route.slice(0, route.indexOf(" "));
    it(`${route}: another organization's tokens and none get ${[...new Set(cases.flatMap((c) => c.admin))].join("/")} and see nothing of V`, async () => {
      const before: OrgDigest = await digestOrganization(victim.orgId);
      for (const c of cases) {
        for (const who of ["admin", "member", "anonymous"] as const) {
          const { res, sent } = await send(method, c, who, victim, attacker);
          const allowed = who === "anonymous" ? (c.anonymous ?? [401]) : c[who];
          walked.calls++;
          expect(allowed, `${who}: ${sent} -> ${res.status} ${res.text.slice(0, 300)}`).toContain(res.status);
          const leaks = leaksIn(`${res.text} ${[...res.headers].join(" ")}`, sent, markers);
          walked.leaks += leaks.length;
          expect(leaks, `${who}: ${sent} leaked`).toEqual([]);
        }
      }
      walked.routes.add(route);
      expect(await digestOrganization(victim.orgId)).toEqual(before);
    });
  }

  it("walked every row with three callers and found no leak", () => {
    expect(walked.routes.size).toBe(Object.keys(ROWS).length);
    expect(walked.leaks).toBe(0);
    console.log(
      `tenant isolation: ${walked.routes.size} routes x 3 callers (admin, member, no token) of another organization, ${walked.calls} calls, ${walked.leaks} leaks`,
    );
  });
});
