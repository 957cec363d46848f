import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createAccount, createTestOrg } from "../../test/api-client.ts";

describe("manual routing", () => {
  it("lists unassigned conversations and assigns one, moving its insights to the account's overview", async () => {
    const { adminToken, memberToken, org } = await createTestOrg();
    const account = await createAccount(adminToken, { name: "Target" });
    const id = `conv_${crypto.randomUUID()}`;
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, routing, status, created_at, updated_at) VALUES (?, ?, 'zoom_meeting', ?, 'Mystery call', ?, 'unassigned', 'analyzed', 1, 1)",
      ).bind(id, org.id, id, Date.now() - 86_400_000),
      env.DB.prepare(
        "INSERT INTO participants (id, organization_id, conversation_id, name, email, side) VALUES (?, ?, ?, 'Guest', 'guest@gmail.com', 'unknown')",
      ).bind(`${id}_p`, org.id, id),
      env.DB.prepare(
        "INSERT INTO insights (id, organization_id, conversation_id, kind, text, analyzer, occurred_at, created_at) VALUES (?, ?, ?, 'win', 'They love it', 'builtin@1', ?, 1)",
      ).bind(`${id}_i`, org.id, id, Date.now() - 86_400_000),
    ]);

    const listed = await call("GET", "/api/v1/conversations/unassigned", { token: adminToken });
    expect(listed.json.conversations).toEqual([
      expect.objectContaining({
        id,
        title: "Mystery call",
        participants: [{ name: "Guest", email: "guest@gmail.com" }],
      }),
    ]);
    // Members still read conversations; only routing is for admins.
    expect((await call("GET", `/api/v1/conversations/${id}`, { token: memberToken })).status).toBe(200);
    expect(
      (
        await call("PUT", `/api/v1/conversations/${id}/account`, {
          token: memberToken,
          body: { accountId: account.id },
        })
      ).status,
    ).toBe(403);

    const assigned = await call("PUT", `/api/v1/conversations/${id}/account`, {
      token: adminToken,
      body: { accountId: account.id },
    });
    expect(assigned.json).toEqual({ id, accountId: account.id, routing: "manual" });
    const overview = await call("GET", `/api/v1/accounts/${account.id}/overview?period=7d`, { token: memberToken });
    expect(overview.json.wins).toMatchObject({ count: 1, items: [{ text: "They love it" }] });
    expect(overview.json.account.lastActivityAt).not.toBeNull();
    expect((await call("GET", "/api/v1/conversations/unassigned", { token: adminToken })).json.conversations).toEqual(
      [],
    );

    const other = await createTestOrg();
    const foreignAccount = await createAccount(other.adminToken, { name: "Not yours" });
    const cross = await call("PUT", `/api/v1/conversations/${id}/account`, {
      token: adminToken,
      body: { accountId: foreignAccount.id },
    });
    expect(cross.status).toBe(404);
  });
});
