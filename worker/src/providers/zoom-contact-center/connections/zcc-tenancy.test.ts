import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createTestOrg } from "../../../../test/api-client.ts";

/**
 * A Zoom account's Contact Center belongs to one organization, and to the same one as its meetings:
 * D1 enforces it (migration 0017) whichever is connected first.
 */
const newAccountId = () => `zcc-acc-${crypto.randomUUID()}`;

const insertConnection = (organizationId: string, provider: "zoom" | "zoom_contact_center", accountId: string) => {
  const id = `conn_${crypto.randomUUID()}`;
  return env.DB.prepare(
    "INSERT INTO connections (id, organization_id, provider, scope, external_account_id, status, created_at, updated_at) VALUES (?, ?, ?, 'account', ?, 'active', 1, 1)",
  )
    .bind(id, organizationId, provider, accountId)
    .run()
    .then(() => id);
};

const claimsOf = (accountId: string) =>
  env.DB.prepare(
    "SELECT provider, organization_id AS org FROM provider_account_claims WHERE external_account_id = ? ORDER BY provider",
  )
    .bind(accountId)
    .all<{ provider: string; org: string }>()
    .then((r) => r.results);

describe("Zoom Contact Center tenancy", () => {
  it("refuses another organization's Contact Center on an account whose meetings one holds, and the reverse", async () => {
    const a = (await createTestOrg()).org.id;
    const b = (await createTestOrg()).org.id;
    const meetingsFirst = newAccountId();
    await insertConnection(a, "zoom", meetingsFirst);
    await expect(insertConnection(b, "zoom_contact_center", meetingsFirst)).rejects.toThrow(/zoom_account_claimed/);
    // The same organization may connect both.
    await insertConnection(a, "zoom_contact_center", meetingsFirst);
    expect(await claimsOf(meetingsFirst)).toEqual([
      { provider: "zoom", org: a },
      { provider: "zoom_contact_center", org: a },
    ]);

    const contactCenterFirst = newAccountId();
    const held = await insertConnection(a, "zoom_contact_center", contactCenterFirst);
    await expect(insertConnection(b, "zoom", contactCenterFirst)).rejects.toThrow(/zoom_account_claimed/);
    await expect(insertConnection(b, "zoom_contact_center", contactCenterFirst)).rejects.toThrow(
      /zoom_account_claimed/,
    );

    // Disconnecting releases the claim; then the other organization may have it.
    await env.DB.prepare("UPDATE connections SET status = 'disconnected' WHERE id = ?").bind(held).run();
    expect(await claimsOf(contactCenterFirst)).toEqual([]);
    await insertConnection(b, "zoom_contact_center", contactCenterFirst);
    expect(await claimsOf(contactCenterFirst)).toEqual([{ provider: "zoom_contact_center", org: b }]);
  });
});
