import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createTestOrg } from "../../test/api-client.ts";

/** The connection cards read Zoom's and Contact Center's reconciliation from GET /connections. */
describe("GET /api/v1/connections: reconciliation", () => {
  it("reports last sync, how far it listed and whether a run goes on, for Zoom and Contact Center only", async () => {
    const { org, adminToken } = await createTestOrg();
    const lastSync = Date.parse("2026-12-03T03:16:00.000Z");
    await env.DB.prepare(
      "INSERT INTO connections (id, organization_id, provider, scope, external_account_id, status, sync_cursor, reconcile_pending, last_error, last_sync_at, created_at, updated_at) VALUES " +
        "('conn_rz', ?1, 'zoom', 'account', 'zacct-rz', 'active', '2026-12-03', 0, NULL, ?2, 1, 1), " +
        "('conn_rc', ?1, 'zoom_contact_center', 'account', 'zacct-rc', 'active', NULL, 1, 'reconciliation: engagements list: Zoom answered 500', NULL, 1, 2), " +
        "('conn_rg', ?1, 'gong', 'account', 'gong-rg', 'active', NULL, 0, NULL, NULL, 1, 3)",
    )
      .bind(org.id, lastSync)
      .run();
    const res = await call("GET", "/api/v1/connections", { token: adminToken });
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(
      (res.json.connections as Array<{ id: string }>).map((c) => [c.id, c as Record<string, unknown>]),
    );
    expect(byId.conn_rz?.reconciliation).toEqual({
      lastSyncAt: "2026-12-03T03:16:00.000Z",
      listedThrough: "2026-12-03",
      running: false,
    });
    expect(byId.conn_rc).toMatchObject({
      lastError: "reconciliation: engagements list: Zoom answered 500",
      reconciliation: { lastSyncAt: null, listedThrough: null, running: true },
    });
    expect(byId.conn_rg?.reconciliation).toBeUndefined();
  });
});
