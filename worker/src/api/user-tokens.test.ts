import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createTestOrg } from "../../test/api-client.ts";

describe("user tokens", () => {
  it("lets a member issue, list and revoke their own tokens but not someone else's", async () => {
    const { memberToken, memberId, adminId } = await createTestOrg();
    const issued = await call("POST", `/api/v1/users/${memberId}/tokens`, {
      token: memberToken,
      body: { label: "laptop" },
    });
    expect(issued.status).toBe(201);
    const second: string = issued.json.apiToken.token;
    expect((await call("GET", "/api/v1/me", { token: second })).status).toBe(200);

    const listed = await call("GET", `/api/v1/users/${memberId}/tokens`, { token: memberToken });
    expect(listed.json.tokens).toHaveLength(2);
    expect(JSON.stringify(listed.json)).not.toContain(second);
    expect(listed.json.tokens[0]).toMatchObject({ label: "laptop", tokenPrefix: second.slice(0, 10), revokedAt: null });

    expect((await call("GET", `/api/v1/users/${adminId}/tokens`, { token: memberToken })).status).toBe(403);

    const revoke = await call("DELETE", `/api/v1/users/${memberId}/tokens/${issued.json.token.id}`, {
      token: memberToken,
    });
    expect(revoke.status).toBe(204);
    expect((await call("GET", "/api/v1/me", { token: second })).status).toBe(401);
    expect((await call("GET", "/api/v1/me", { token: memberToken })).status).toBe(200);
  });

  it("records when a token was last used, without a write on every call", async () => {
    const { memberToken, memberId } = await createTestOrg();
    const lastUsed = async () =>
      (
        await env.DB.prepare("SELECT last_used_at FROM api_tokens WHERE user_id = ?")
          .bind(memberId)
          .first<{ last_used_at: number | null }>()
      )?.last_used_at;
    await call("GET", "/api/v1/me", { token: memberToken });
    await new Promise((r) => setTimeout(r, 50));
    const first = await lastUsed();
    expect(first).toBeGreaterThan(0);
    await call("GET", "/api/v1/me", { token: memberToken });
    await new Promise((r) => setTimeout(r, 50));
    expect(await lastUsed()).toBe(first);
  });
});

describe("PATCH /api/v1/users/{id}", () => {
  it("changes role and profile; refuses to demote the last admin", async () => {
    const { adminToken, adminId, memberToken, memberId } = await createTestOrg();
    const profile = await call("POST", "/api/v1/profiles", {
      token: adminToken,
      body: { name: "Quiet", transcriptIntake: false },
    });
    const patched = await call("PATCH", `/api/v1/users/${memberId}`, {
      token: adminToken,
      body: { role: "admin", profileId: profile.json.id },
    });
    expect(patched.json).toMatchObject({ role: "admin", profileId: profile.json.id });
    // Two admins: the first may step down...
    expect(
      (await call("PATCH", `/api/v1/users/${adminId}`, { token: adminToken, body: { role: "member" } })).status,
    ).toBe(200);
    // ...and then lost the admin routes, while the other one is now the last admin.
    expect((await call("GET", "/api/v1/users", { token: adminToken })).status).toBe(403);
    const last = await call("PATCH", `/api/v1/users/${memberId}`, { token: memberToken, body: { role: "member" } });
    expect(last.status).toBe(409);
    expect(last.json.error.message).toContain("role:");
  });
});

describe("request limits", () => {
  it("refuses an API body over 256 KB with 413", async () => {
    const { adminToken } = await createTestOrg();
    const res = await call("POST", "/api/v1/accounts", {
      token: adminToken,
      rawBody: JSON.stringify({ name: "x".repeat(300_000) }),
    });
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe("payload_too_large");
  });
});
