import type { Connection, CreateOrgResponse, CreateUserResponse } from "@sightline/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeZoom, startFakeZoom } from "../fakes/fake-zoom.ts";
import { apiFetch, createOrg } from "../support/api.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { TestBrowser } from "../support/test-browser.ts";

/**
 * A Zoom account belongs to one Sightline organization, through the real routes against a fake Zoom:
 * an admin's Server-to-Server connect (`PUT /api/v1/connections/zoom/account`) and a member's
 * per-user OAuth (`/oauth/zoom/start`, the begin link in a browser, Zoom, `/oauth/zoom/callback`), in either order and at once.
 */
const USER_APP = { clientId: "tenancy-user-client", clientSecret: "tenancy-user-secret", accountId: "unused" };
const S2S = (accountId: string) => ({ clientId: `s2s-${accountId}`, clientSecret: `secret-${accountId}`, accountId });
const ACCOUNT_ONE = S2S("zoom-acc-one");
const ACCOUNT_TWO = S2S("zoom-acc-two");
const ACCOUNT_RACE = S2S("zoom-acc-race");
let zoom: FakeZoom;
let worker: LocalWorker;

beforeAll(async () => {
  zoom = await startFakeZoom([USER_APP, ACCOUNT_ONE, ACCOUNT_TWO, ACCOUNT_RACE]);
  worker = await startLocalWorker({
    vars: {
      ZOOM_OAUTH_BASE: zoom.url,
      ZOOM_API_BASE: `${zoom.url}/v2`,
      ZOOM_CLIENT_ID: USER_APP.clientId,
      ZOOM_CLIENT_SECRET: USER_APP.clientSecret,
    },
  });
});
afterAll(async () => {
  await worker?.stop();
  await zoom?.close();
});

let orgs = 0;
async function newOrg(): Promise<{ org: CreateOrgResponse; memberToken: string; memberEmail: string }> {
  const n = ++orgs;
  const org = await createOrg(worker.baseUrl, worker.operatorToken, {
    name: `Tenant ${n}`,
    domains: [`tenant${n}.test`],
    admin: { email: `admin@tenant${n}.test`, name: "Admin" },
  });
  const member = await apiFetch<CreateUserResponse>(worker.baseUrl, org.apiToken.token, "/api/v1/users", {
    body: { email: `max@tenant${n}.test`, name: "Max Member" },
    expectStatus: 201,
  });
  return { org, memberToken: member.apiToken.token, memberEmail: `max@tenant${n}.test` };
}

const putAccount = (adminToken: string, app: typeof ACCOUNT_ONE) =>
  fetch(`${worker.baseUrl}/api/v1/connections/zoom/account`, {
    method: "PUT",
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
    body: JSON.stringify(app),
  });

/**
 * A member connects their Zoom user (of `zoomAccountId`) the way the extension does: the bearer-token
 * start, then the one-time begin link opened in a browser signed in to (fake) Zoom as that user; the
 * answer is the Worker's callback page (its status is what the callback decided).
 */
async function connectZoomUser(memberToken: string, zoomUserId: string, zoomAccountId: string, email: string) {
  const started = await fetch(`${worker.baseUrl}/oauth/zoom/start`, {
    headers: { authorization: `Bearer ${memberToken}` },
  });
  expect(started.status).toBe(200);
  const { beginUrl } = (await started.json()) as { beginUrl: string };
  const browser = new TestBrowser();
  browser.addCookie(zoom.url, zoom.sessionCookie({ userId: zoomUserId, accountId: zoomAccountId, email }));
  const { response } = await browser.navigate(beginUrl, { accept: "application/json" });
  if (!response) throw new Error("the OAuth flow ended without an answer");
  return response;
}

const errorMessage = async (res: Response) => ((await res.json()) as { error: { message: string } }).error.message;
const connectionsOf = (token: string) =>
  apiFetch<{ connections: Connection[] }>(worker.baseUrl, token, "/api/v1/connections").then((r) => r.connections);

describe("Zoom account tenancy", () => {
  it("per-user, then Server-to-Server: the second organization's admin gets a 409 before Zoom is asked", async () => {
    const first = await newOrg();
    const second = await newOrg();
    expect(
      (await connectZoomUser(first.memberToken, "zoom-user-one", ACCOUNT_ONE.accountId, first.memberEmail)).status,
    ).toBe(200);

    const grantsBefore = zoom.grants.length;
    const refused = await putAccount(second.org.apiToken.token, ACCOUNT_ONE);
    expect(refused.status).toBe(409);
    expect(await errorMessage(refused)).toContain("connected to another Sightline organization");
    expect(zoom.grants.length).toBe(grantsBefore);
    expect(await connectionsOf(second.org.apiToken.token)).toEqual([]);
  });

  it("Server-to-Server, then per-user: the second organization's member gets a 409 and the grant is revoked", async () => {
    const first = await newOrg();
    const second = await newOrg();
    expect((await putAccount(first.org.apiToken.token, ACCOUNT_TWO)).status).toBe(200);

    const refused = await connectZoomUser(
      second.memberToken,
      "zoom-user-two",
      ACCOUNT_TWO.accountId,
      second.memberEmail,
    );
    expect(refused.status).toBe(409);
    const message = await errorMessage(refused);
    expect(message).toContain(`Zoom account ${ACCOUNT_TWO.accountId}`);
    expect(message).toContain("another Sightline organization");
    // The tokens Zoom issued for the refused connection are not kept, and not left alive at Zoom.
    expect(zoom.revokedTokens).toContain(zoom.issuedTokens.at(-1));
    expect(await connectionsOf(second.memberToken)).toEqual([]);

    // The first organization's own users connect to its account as before.
    expect(
      (await connectZoomUser(first.memberToken, "zoom-user-two-b", ACCOUNT_TWO.accountId, first.memberEmail)).status,
    ).toBe(200);
  });

  it("two organizations connecting one account at once: exactly one wins", async () => {
    const [a, b] = await Promise.all([newOrg(), newOrg()]);
    const answers = await Promise.all([
      putAccount(a.org.apiToken.token, ACCOUNT_RACE),
      putAccount(b.org.apiToken.token, ACCOUNT_RACE),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const listed = [await connectionsOf(a.org.apiToken.token), await connectionsOf(b.org.apiToken.token)];
    expect(listed.map((l) => l.filter((c) => c.status === "active").length).sort()).toEqual([0, 1]);
  });
});
