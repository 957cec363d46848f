import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createAccount, createTestOrg } from "./api-client.ts";

/**
 * The security matrix: every route of /api/v1 (read from the OpenAPI document, so a new route
 * without a row here fails the convention test) answers 401 without or with a bad token, 404 for
 * another organization's ids, 403 to members on admin routes, and 400 naming the field for bad bodies.
 */
interface RouteCase {
  method: string;
  path: string;
  admin: boolean;
  /** A body that is valid, so 401/403 are about auth and not validation. */
  validBody?: Record<string, unknown>;
  /** A body with one wrong field, and that field's name. */
  badBody?: { body: Record<string, unknown>; field: string };
  /** The route names a resource by id: another organization's id must be a 404. */
  usesId?:
    | "account"
    | "contact"
    | "profile"
    | "user"
    | "connection"
    | "failedJob"
    | "conversation"
    | "deletion"
    | "webhookEvent"
    | "dataExport";
}

const ROUTES: RouteCase[] = [
  { method: "GET", path: "/api/v1/me", admin: false },
  {
    method: "POST",
    path: "/api/v1/users",
    admin: true,
    validBody: { email: "new@ourco.com", name: "New" },
    badBody: { body: { email: "not-an-email", name: "New" }, field: "email" },
  },
  { method: "GET", path: "/api/v1/users", admin: true },
  {
    method: "PATCH",
    path: "/api/v1/users/{id}",
    admin: true,
    usesId: "user",
    validBody: { name: "Renamed" },
    badBody: { body: { role: "owner" }, field: "role" },
  },
  // Token routes: members may use them on themselves only, so "admin" here means "403 on someone else".
  { method: "GET", path: "/api/v1/users/{id}/tokens", admin: true, usesId: "user" },
  {
    method: "POST",
    path: "/api/v1/users/{id}/tokens",
    admin: true,
    usesId: "user",
    validBody: { label: "laptop" },
    badBody: { body: { label: 42 }, field: "label" },
  },
  { method: "DELETE", path: "/api/v1/users/{id}/tokens/{tokenId}", admin: true, usesId: "user" },
  // Coaching: members may read their own only, so "admin" here means "403 on someone else".
  { method: "GET", path: "/api/v1/reps/{id}/coaching", admin: true, usesId: "user" },
  { method: "GET", path: "/api/v1/profiles", admin: false },
  {
    method: "POST",
    path: "/api/v1/profiles",
    admin: true,
    validBody: { name: "No intake", transcriptIntake: false },
    badBody: { body: { name: "X", transcriptIntake: "nope" }, field: "transcriptIntake" },
  },
  {
    method: "PATCH",
    path: "/api/v1/profiles/{id}",
    admin: true,
    usesId: "profile",
    validBody: { transcriptIntake: true },
    badBody: { body: { name: "" }, field: "name" },
  },
  { method: "DELETE", path: "/api/v1/profiles/{id}", admin: true, usesId: "profile" },
  { method: "GET", path: "/api/v1/accounts", admin: false },
  { method: "GET", path: "/api/v1/accounts/lookup", admin: false },
  { method: "GET", path: "/api/v1/accounts/{id}", admin: false, usesId: "account" },
  { method: "GET", path: "/api/v1/accounts/{id}/overview", admin: false, usesId: "account" },
  {
    method: "POST",
    path: "/api/v1/accounts",
    admin: true,
    validBody: { name: "Valid Co", domains: ["valid.example"] },
    badBody: { body: { name: "Bad Co", domains: ["ok.com", "https://not a domain"] }, field: "domains.1" },
  },
  {
    method: "PATCH",
    path: "/api/v1/accounts/{id}",
    admin: true,
    usesId: "account",
    validBody: { leadSource: "Webinar" },
    badBody: { body: { hubspotId: "abc" }, field: "hubspotId" },
  },
  { method: "DELETE", path: "/api/v1/accounts/{id}", admin: true, usesId: "account" },
  { method: "GET", path: "/api/v1/contacts", admin: false },
  {
    method: "POST",
    path: "/api/v1/contacts",
    admin: true,
    validBody: { name: "Jane Buyer" },
    badBody: { body: { name: "Jane", side: "neutral" }, field: "side" },
  },
  {
    method: "PATCH",
    path: "/api/v1/contacts/{id}",
    admin: true,
    usesId: "contact",
    validBody: { title: "CTO" },
    badBody: { body: { email: "jane at acme" }, field: "email" },
  },
  { method: "DELETE", path: "/api/v1/contacts/{id}", admin: true, usesId: "contact" },
  { method: "GET", path: "/api/v1/conversations/{id}", admin: false, usesId: "conversation" },
  { method: "GET", path: "/api/v1/conversations/unassigned", admin: true },
  {
    method: "PUT",
    path: "/api/v1/conversations/{id}/account",
    admin: true,
    usesId: "conversation",
    validBody: { accountId: null },
    badBody: { body: { accountId: 42 }, field: "accountId" },
  },
  { method: "GET", path: "/api/v1/connections", admin: false },
  {
    method: "PUT",
    path: "/api/v1/connections/zoom/account",
    admin: true,
    validBody: { accountId: "zoom-acc", clientId: "cid", clientSecret: "secret" },
    badBody: { body: { accountId: "", clientId: "cid", clientSecret: "secret" }, field: "accountId" },
  },
  {
    method: "PUT",
    path: "/api/v1/connections/zoom-contact-center/account",
    admin: true,
    validBody: { accountId: "zcc-acc", clientId: "cid", clientSecret: "secret" },
    badBody: { body: { accountId: "zcc-acc", clientId: "", clientSecret: "secret" }, field: "clientId" },
  },
  {
    method: "PUT",
    path: "/api/v1/connections/gong/account",
    admin: true,
    validBody: { accessKey: "key", accessKeySecret: "secret" },
    badBody: { body: { accessKey: "", accessKeySecret: "secret" }, field: "accessKey" },
  },
  { method: "GET", path: "/api/v1/connections/gong/settings", admin: true },
  { method: "POST", path: "/api/v1/connections/gong/check", admin: true },
  {
    method: "PUT",
    path: "/api/v1/connections/gong/settings",
    admin: true,
    validBody: { backfillDays: 30 },
    badBody: { body: { backfillDays: 0 }, field: "backfillDays" },
  },
  // An account-level connection: members get 403 (they may only disconnect their own per-user ones).
  { method: "DELETE", path: "/api/v1/connections/{id}", admin: true, usesId: "connection" },
  { method: "GET", path: "/api/v1/operations/failed-jobs", admin: true },
  { method: "POST", path: "/api/v1/operations/failed-jobs/{id}/replay", admin: true, usesId: "failedJob" },
  { method: "GET", path: "/api/v1/operations/webhook-events", admin: true },
  { method: "POST", path: "/api/v1/operations/webhook-events/{id}/replay", admin: true, usesId: "webhookEvent" },
  {
    method: "POST",
    path: "/api/v1/deletions",
    admin: true,
    // A range in the past that holds nothing: the matrix only checks who may ask.
    validBody: { scope: "all", from: "2001-01-01T00:00:00.000Z", to: "2001-01-02T00:00:00.000Z" },
    badBody: { body: { scope: "account" }, field: "accountId" },
  },
  { method: "GET", path: "/api/v1/deletions", admin: true },
  { method: "GET", path: "/api/v1/search?q=renewal", admin: false },
  { method: "GET", path: "/api/v1/deletions/{id}", admin: true, usesId: "deletion" },
  { method: "GET", path: "/api/v1/org/zcc-flow-key", admin: true },
  { method: "POST", path: "/api/v1/org/zcc-flow-key", admin: true },
  { method: "GET", path: "/api/v1/org/media", admin: true },
  {
    method: "PUT",
    path: "/api/v1/org/media",
    admin: true,
    validBody: { keepMedia: true },
    badBody: { body: { keepMedia: "yes" }, field: "keepMedia" },
  },
  { method: "GET", path: "/api/v1/conversations/{id}/media", admin: false, usesId: "conversation" },
  { method: "GET", path: "/api/v1/org/intake", admin: true },
  {
    method: "PUT",
    path: "/api/v1/org/intake",
    admin: true,
    validBody: { registeredUsersOnly: false },
    badBody: { body: { registeredUsersOnly: "yes" }, field: "registeredUsersOnly" },
  },
  { method: "GET", path: "/api/v1/org/slack", admin: true },
  {
    method: "PUT",
    path: "/api/v1/org/slack",
    admin: true,
    validBody: { webhookUrl: "https://hooks.slack.com/services/T000/B000/XXXX" },
    badBody: { body: { webhookUrl: "not a url" }, field: "webhookUrl" },
  },
  { method: "DELETE", path: "/api/v1/org/slack", admin: true },
  { method: "GET", path: "/api/v1/org/competitors", admin: true },
  {
    method: "PUT",
    path: "/api/v1/org/competitors",
    admin: true,
    validBody: { competitors: ["CallPilot"] },
    badBody: { body: { competitors: "CallPilot" }, field: "competitors" },
  },
  {
    method: "POST",
    path: "/api/v1/emails",
    admin: false,
    validBody: {
      threadId: "thread-matrix",
      messages: [{ messageId: "m1", sentAt: "2026-11-20T10:00:00Z", from: { email: "a@x.example" }, body: "Hello" }],
    },
    badBody: { body: { threadId: "t", messages: [] }, field: "messages" },
  },
  { method: "GET", path: "/api/v1/emails/threads?ids=thread-matrix", admin: false },
  { method: "GET", path: "/api/v1/emails/capture?emails=a@x.example", admin: false },
  { method: "GET", path: "/api/v1/emails/{conversationId}/messages/{messageId}", admin: false },
  { method: "GET", path: "/api/v1/org/email-capture", admin: true },
  {
    method: "PUT",
    path: "/api/v1/org/email-capture",
    admin: true,
    validBody: { autoCapture: true },
    badBody: { body: { autoCapture: "yes" }, field: "autoCapture" },
  },
  { method: "GET", path: "/api/v1/reports/attribution?period=30d", admin: false },
  { method: "GET", path: "/api/v1/org/zoom-oauth", admin: true },
  {
    method: "PUT",
    path: "/api/v1/org/zoom-oauth",
    admin: true,
    validBody: { allowZoomEmailMismatch: false },
    badBody: { body: { allowZoomEmailMismatch: "yes" }, field: "allowZoomEmailMismatch" },
  },
  // Data lifecycle (issue 13): retention.
  { method: "GET", path: "/api/v1/org/retention", admin: true },
  {
    method: "PUT",
    path: "/api/v1/org/retention",
    admin: true,
    validBody: { transcriptRetentionDays: null, archiveRetentionDays: null },
    badBody: { body: { transcriptRetentionDays: 0, archiveRetentionDays: null }, field: "transcriptRetentionDays" },
  },
  // Data lifecycle (issue 13): exports.
  {
    method: "POST",
    path: "/api/v1/exports",
    admin: true,
    validBody: { scope: "organization" },
    badBody: { body: { scope: "account" }, field: "accountId" },
  },
  { method: "GET", path: "/api/v1/exports", admin: true },
  { method: "GET", path: "/api/v1/exports/{id}", admin: true, usesId: "dataExport" },
  // Admin console (issue 13): accounts from CSV, previewed (the matrix never commits).
  {
    method: "POST",
    path: "/api/v1/accounts/import",
    admin: true,
    validBody: { csv: "name,domains\nImported,imported.example" },
    badBody: { body: { csv: 42 }, field: "csv" },
  },
];

async function setupTwoOrgs() {
  const mine = await createTestOrg("Mine");
  const theirs = await createTestOrg("Theirs");
  const ids = async (token: string, tag: string) => {
    const account = await createAccount(token, { name: `Acct ${tag}`, domains: [`acct-${tag}.com`] });
    const contact = await call("POST", "/api/v1/contacts", { token, body: { name: "C", accountId: account.id } });
    const profile = await call("POST", "/api/v1/profiles", { token, body: { name: `P ${tag}` } });
    const user = await call("POST", "/api/v1/users", { token, body: { email: `u-${tag}@x.example`, name: "U" } });
    const tokens = await call("GET", `/api/v1/users/${user.json.user.id}/tokens`, { token });
    const me = await call("GET", "/api/v1/me", { token });
    const connection = `conn_${crypto.randomUUID()}`;
    await env.DB.prepare(
      "INSERT INTO connections (id, organization_id, provider, scope, external_account_id, status, created_at, updated_at) VALUES (?, ?, 'zoom', 'account', ?, 'active', 1, 1)",
    )
      .bind(connection, me.json.org.id, `zoom-${connection}`)
      .run();
    const conversation = `conv_${crypto.randomUUID()}`;
    await env.DB.prepare(
      "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, account_id, routing, status, created_at, updated_at) VALUES (?, ?, 'zoom_meeting', ?, 'Call', 1, ?, 'auto', 'stored', 1, 1)",
    )
      .bind(conversation, me.json.org.id, conversation, account.id)
      .run();
    const failedJob = `job_${crypto.randomUUID()}`;
    await env.DB.prepare(
      "INSERT INTO failed_jobs (id, organization_id, job_type, payload, reason, attempts, created_at) VALUES (?, ?, 'refresh_account_activity', ?, 'test', 1, 1)",
    )
      .bind(
        failedJob,
        me.json.org.id,
        JSON.stringify({ kind: "refresh_account_activity", organizationId: me.json.org.id, accountId: account.id }),
      )
      .run();
    const deletion = `del_${crypto.randomUUID()}`;
    await env.DB.prepare(
      "INSERT INTO deletion_requests (id, organization_id, requested_by_user_id, scope, status, created_at) VALUES (?, ?, ?, 'all', 'done', 1)",
    )
      .bind(deletion, me.json.org.id, me.json.user.id)
      .run();
    const webhookEvent = `evt_${crypto.randomUUID()}`;
    const eventKey = `orgs/${me.json.org.id}/webhooks/zoom/test/${webhookEvent}.json`;
    await env.BLOBS.put(eventKey, JSON.stringify({ event: "meeting.started", event_ts: 1, payload: {} }));
    await env.DB.prepare(
      "INSERT INTO webhook_events (id, organization_id, provider, event_type, dedupe_key, r2_key, status, received_at) VALUES (?, ?, 'zoom', 'meeting.started', ?, ?, 'ignored', 1)",
    )
      .bind(webhookEvent, me.json.org.id, webhookEvent, eventKey)
      .run();
    const dataExport = `exp_${crypto.randomUUID()}`;
    await env.DB.prepare(
      "INSERT INTO data_exports (id, organization_id, requested_by_user_id, scope, status, phase, created_at, updated_at) VALUES (?, ?, ?, 'organization', 'done', 'done', 1, 1)",
    )
      .bind(dataExport, me.json.org.id, me.json.user.id)
      .run();
    return {
      webhookEvent,
      deletion,
      dataExport,
      account: account.id,
      contact: contact.json.id as string,
      profile: profile.json.id as string,
      user: user.json.user.id as string,
      tokenId: tokens.json.tokens[0].id as string,
      connection,
      failedJob,
      conversation,
    };
  };
  return {
    mine,
    theirs,
    myIds: await ids(mine.adminToken, `m${Math.random()}`.slice(0, 8)),
    theirIds: await ids(theirs.adminToken, "t"),
  };
}

/** Fills {id} (and {tokenId}, a token of that same user) from one side's fixtures. */
const withId = (path: string, id: string, ids?: { user: string; tokenId: string }) =>
  path.replace("{id}", id).replace("{tokenId}", ids && id === ids.user ? ids.tokenId : "tok_none");

describe("route security matrix", () => {
  it("covers every route in the OpenAPI document", async () => {
    const doc = await call("GET", "/api/v1/openapi.json");
    expect(doc.status).toBe(200);
    const documented = Object.entries(doc.json.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} /api/v1${path}`),
    );
    const covered = [
      ...ROUTES.map((r) => `${r.method} ${r.path.split("?")[0]}`),
      "POST /api/v1/operator/orgs",
      // Key rotation is the operator's (worker/src/connections/rotate-keys.test.ts checks its token).
      "GET /api/v1/operator/key-rotation",
      "POST /api/v1/operator/key-rotation",
    ];
    expect(documented.sort()).toEqual(covered.sort());
  });

  for (const route of ROUTES) {
    describe(`${route.method} ${route.path}`, () => {
      it("is 401 without a token and with an invalid one", async () => {
        const { myIds } = await setupTwoOrgs();
        const path = withId(route.path, route.usesId ? myIds[route.usesId] : "x", myIds);
        const none = await call(route.method, path, { body: route.validBody });
        expect(none.status).toBe(401);
        expect(none.json.error.code).toBe("unauthorized");
        expect(none.json.error.requestId).toMatch(/\S/);
        const bad = await call(route.method, path, { token: "sl_definitely-not-a-token", body: route.validBody });
        expect(bad.status).toBe(401);
      });

      if (route.admin) {
        it("is 403 for a member", async () => {
          const { mine, myIds } = await setupTwoOrgs();
          const path = withId(route.path, route.usesId ? myIds[route.usesId] : "x", myIds);
          const res = await call(route.method, path, { token: mine.memberToken, body: route.validBody });
          expect(res.status).toBe(403);
          expect(res.json.error.code).toBe("forbidden");
        });
      }

      if (route.usesId) {
        const kind = route.usesId;
        it("is 404 for another organization's id, and works for our own", async () => {
          const { mine, myIds, theirIds } = await setupTwoOrgs();
          const foreign = await call(route.method, withId(route.path, theirIds[kind], theirIds), {
            token: mine.adminToken,
            body: route.validBody,
          });
          expect(foreign.status).toBe(404);
          expect(foreign.json.error.code).toBe("not_found");
          const own = await call(route.method, withId(route.path, myIds[kind], myIds), {
            token: mine.adminToken,
            body: route.validBody,
          });
          expect([200, 201, 204]).toContain(own.status);
        });
      }

      if (route.badBody) {
        const { body, field } = route.badBody;
        it(`is 400 naming ${field} for a malformed body, and for a body that is not JSON`, async () => {
          const { mine, myIds } = await setupTwoOrgs();
          const path = withId(route.path, route.usesId ? myIds[route.usesId] : "x", myIds);
          const res = await call(route.method, path, { token: mine.adminToken, body });
          expect(res.status).toBe(400);
          expect(res.json.error.code).toBe("bad_request");
          expect(res.json.error.message).toContain(`${field}:`);
          const notJson = await call(route.method, path, { token: mine.adminToken, rawBody: "{ nope" });
          expect(notJson.status).toBe(400);
        });
      }
    });
  }
});

describe("operator route", () => {
  it("refuses a missing or wrong operator token, and a user's API token", async () => {
    const body = { name: "X", admin: { email: "a@x.com", name: "A" } };
    expect((await call("POST", "/api/v1/operator/orgs", { body })).status).toBe(401);
    expect((await call("POST", "/api/v1/operator/orgs", { token: "test-operator-tokeN", body })).status).toBe(401);
    const { adminToken } = await createTestOrg();
    expect((await call("POST", "/api/v1/operator/orgs", { token: adminToken, body })).status).toBe(401);
  });

  it("names the field of a malformed body", async () => {
    const res = await call("POST", "/api/v1/operator/orgs", {
      token: "test-operator-token",
      body: { name: "X", admin: { email: "nope", name: "A" } },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain("admin.email:");
  });
});
