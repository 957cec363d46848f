import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createTestOrg } from "../../test/api-client.ts";

describe("operator, users, me and configuration profiles", () => {
  it("creates an organization whose admin token works once issued and is stored only as a hash", async () => {
    const res = await call("POST", "/api/v1/operator/orgs", {
      token: "test-operator-token",
      body: { name: "Hashco", domains: ["hashco.com"], admin: { email: "Boss@Hashco.com", name: "Boss" } },
    });
    expect(res.status).toBe(201);
    const token: string = res.json.apiToken.token;
    expect(token).toMatch(/^sl_[A-Za-z0-9_-]{43}$/);
    expect(res.json.admin).toMatchObject({ email: "boss@hashco.com", role: "admin" });
    const stored = await env.DB.prepare("SELECT token_hash, token_prefix FROM api_tokens WHERE user_id = ?")
      .bind(res.json.admin.id)
      .first<{ token_hash: string; token_prefix: string }>();
    expect(stored?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.token_hash).not.toContain(token.slice(3));
    expect(stored?.token_prefix).toBe(token.slice(0, 10));
    const me = await call("GET", "/api/v1/me", { token });
    expect(me.json).toMatchObject({
      user: { email: "boss@hashco.com" },
      org: { name: "Hashco", domains: ["hashco.com"] },
      profile: null,
    });
  });

  it("stops accepting a revoked token", async () => {
    const { memberToken, memberId } = await createTestOrg();
    expect((await call("GET", "/api/v1/me", { token: memberToken })).status).toBe(200);
    await env.DB.prepare("UPDATE api_tokens SET revoked_at = 1 WHERE user_id = ?").bind(memberId).run();
    expect((await call("GET", "/api/v1/me", { token: memberToken })).status).toBe(401);
  });

  it("creates users with a profile, refuses duplicate e-mails, and shows the profile in /me", async () => {
    const { adminToken } = await createTestOrg();
    const profile = await call("POST", "/api/v1/profiles", {
      token: adminToken,
      body: { name: "Legal hold", transcriptIntake: false },
    });
    expect(profile.status).toBe(201);
    const user = await call("POST", "/api/v1/users", {
      token: adminToken,
      body: { email: "quiet@ourco.com", name: "Quiet Rep", profileId: profile.json.id },
    });
    expect(user.status).toBe(201);
    expect(user.json.user).toMatchObject({ role: "member", profileId: profile.json.id });
    const me = await call("GET", "/api/v1/me", { token: user.json.apiToken.token });
    expect(me.json.profile).toMatchObject({ name: "Legal hold", transcriptIntake: false });

    const dup = await call("POST", "/api/v1/users", {
      token: adminToken,
      body: { email: "QUIET@ourco.com", name: "Again" },
    });
    expect(dup.status).toBe(409);
    const unknownProfile = await call("POST", "/api/v1/users", {
      token: adminToken,
      body: { email: "x@ourco.com", name: "X", profileId: "prof_nope" },
    });
    expect(unknownProfile.status).toBe(404);

    // Deleting the profile leaves its users with none (intake back to the default).
    expect((await call("DELETE", `/api/v1/profiles/${profile.json.id}`, { token: adminToken })).status).toBe(204);
    const meAfter = await call("GET", "/api/v1/me", { token: user.json.apiToken.token });
    expect(meAfter.json.profile).toBeNull();
    expect(meAfter.json.user.profileId).toBeNull();
  });

  it("switches a profile's transcript intake", async () => {
    const { adminToken } = await createTestOrg();
    const profile = await call("POST", "/api/v1/profiles", { token: adminToken, body: { name: "Sales" } });
    expect(profile.json.transcriptIntake).toBe(true);
    const off = await call("PATCH", `/api/v1/profiles/${profile.json.id}`, {
      token: adminToken,
      body: { transcriptIntake: false },
    });
    expect(off.json).toMatchObject({ name: "Sales", transcriptIntake: false });
    const list = await call("GET", "/api/v1/profiles", { token: adminToken });
    expect(list.json.profiles).toEqual([expect.objectContaining({ id: profile.json.id, transcriptIntake: false })]);
  });
});

describe("contacts", () => {
  it("creates, lists by account, updates and deletes; one contact per e-mail", async () => {
    const { adminToken, memberToken } = await createTestOrg();
    const account = await call("POST", "/api/v1/accounts", {
      token: adminToken,
      body: { name: "Contacted", domains: ["contacted.com"] },
    });
    const created = await call("POST", "/api/v1/contacts", {
      token: adminToken,
      body: {
        name: "Jane Buyer",
        email: "Jane@Contacted.com",
        phone: "+1 555 0100",
        title: "CFO",
        accountId: account.json.id,
      },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ email: "jane@contacted.com", side: "theirs", accountId: account.json.id });
    const dup = await call("POST", "/api/v1/contacts", {
      token: adminToken,
      body: { name: "Jane 2", email: "jane@contacted.com" },
    });
    expect(dup.status).toBe(409);
    expect(dup.json.error.message).toBe(
      `email: jane@contacted.com already belongs to contact “Jane Buyer” (${created.json.id})`,
    );
    // Bad input names its field (the options page shows the reason next to it) and writes nothing.
    for (const [body, field] of [
      [{ name: "Bad mail", email: "not-an-address" }, "email"],
      [{ name: "Bad phone", phone: "call me maybe" }, "phone"],
      [{ name: "Short phone", phone: "12-34" }, "phone"],
    ] as const) {
      const bad = await call("POST", "/api/v1/contacts", { token: adminToken, body });
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.json.error.message).toMatch(new RegExp(`^${field}: `));
    }
    const badPatch = await call("PATCH", `/api/v1/contacts/${created.json.id}`, {
      token: adminToken,
      body: { phone: "ring ring" },
    });
    expect(badPatch.status).toBe(400);
    expect(badPatch.json.error.message).toMatch(/^phone: must be a phone number/);
    const missingAccount = await call("POST", "/api/v1/contacts", {
      token: adminToken,
      body: { name: "Lost", accountId: "acct_nope" },
    });
    expect(missingAccount.status).toBe(404);

    const listed = await call("GET", `/api/v1/contacts?accountId=${account.json.id}`, { token: memberToken });
    expect(listed.json.contacts.map((c: { name: string; phone: string }) => [c.name, c.phone])).toEqual([
      ["Jane Buyer", "+1 555 0100"],
    ]);
    const updated = await call("PATCH", `/api/v1/contacts/${created.json.id}`, {
      token: adminToken,
      body: { title: "CEO" },
    });
    expect(updated.json.title).toBe("CEO");
    expect((await call("DELETE", `/api/v1/contacts/${created.json.id}`, { token: adminToken })).status).toBe(204);
    expect(
      (await call("GET", `/api/v1/contacts?accountId=${account.json.id}`, { token: memberToken })).json.contacts,
    ).toEqual([]);
  });
});

describe("HTTP basics", () => {
  it("answers unknown routes with the error body and echoes a sane request id", async () => {
    const res = await call("GET", "/api/v1/nope");
    expect(res.status).toBe(404);
    expect(res.json.error).toMatchObject({ code: "not_found" });
    expect(res.headers.get("x-request-id")).toBe(res.json.error.requestId);
  });

  it("serves an OpenAPI 3.1 document describing the bearer scheme", async () => {
    const doc = await call("GET", "/api/v1/openapi.json");
    expect(doc.json.openapi).toBe("3.1.0");
    expect(doc.json.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.json.paths["/accounts/lookup"].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(["domain", "email", "name", "crm", "crmId"]),
    );
  });
});
