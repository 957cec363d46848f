import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

/**
 * Migration 0010 on data written before it: each Zoom account goes to the organization that
 * connected it first (ties: the smaller organization id); the others' connections to it are put in
 * error with the reason, and the claim triggers hold from then on. Runs on a database of its own.
 */
const db = env.MIGRATION_TEST_DB;
const numbered = (max: number) => env.TEST_MIGRATIONS.filter((m) => Number(m.name.slice(0, 4)) <= max);

type Row = [id: string, org: string, provider: string, account: string | null, status: string, createdAt: number];
const rows: Row[] = [
  // acc-shared: org_b and org_c connected it at the same time, org_a later (its older row is disconnected).
  ["c_b_s2s", "org_b", "zoom", "acc-shared", "active", 100],
  ["c_c_user", "org_c", "zoom", "acc-shared", "active", 100],
  ["c_a_user", "org_a", "zoom", "acc-shared", "active", 200],
  ["c_a_old", "org_a", "zoom", "acc-shared", "disconnected", 50],
  // acc-solo: one organization, its only connection in error (it still holds the account).
  ["c_a_solo", "org_a", "zoom", "acc-solo", "error", 300],
  // acc-gone: disconnected everywhere: nobody holds it.
  ["c_b_gone", "org_b", "zoom", "acc-gone", "disconnected", 10],
  // Not Zoom: no claims.
  ["c_c_gong", "org_c", "gong", "acc-shared", "active", 1],
];

describe("migration 0010: Zoom account claims", () => {
  it("backfills claims oldest-first, puts other organizations' connections in error, then enforces", async () => {
    await applyD1Migrations(db, numbered(9));
    await db.batch(
      rows.map(([id, org, provider, account, status, createdAt]) =>
        db
          .prepare(
            "INSERT INTO connections (id, organization_id, provider, scope, external_account_id, status, last_error, created_at, updated_at) VALUES (?, ?, ?, 'account', ?, ?, ?, ?, ?)",
          )
          .bind(
            id,
            org,
            provider,
            account,
            status,
            status === "error" ? "refresh refused" : null,
            createdAt,
            createdAt,
          ),
      ),
    );
    await applyD1Migrations(db, env.TEST_MIGRATIONS);

    const claims = await db
      .prepare(
        "SELECT provider, external_account_id, organization_id, claimed_at FROM provider_account_claims ORDER BY 2",
      )
      .all();
    expect(claims.results).toEqual([
      { provider: "zoom", external_account_id: "acc-shared", organization_id: "org_b", claimed_at: 100 },
      { provider: "zoom", external_account_id: "acc-solo", organization_id: "org_a", claimed_at: 300 },
    ]);
    const after = await db.prepare("SELECT id, status, last_error FROM connections ORDER BY id").all();
    const byId = Object.fromEntries(after.results.map((r) => [r.id, r]));
    expect(byId.c_b_s2s).toMatchObject({ status: "active", last_error: null });
    for (const loser of ["c_c_user", "c_a_user"]) {
      expect(byId[loser]?.status).toBe("error");
      expect(byId[loser]?.last_error).toContain("connected to another Sightline organization");
    }
    expect(byId.c_a_old).toMatchObject({ status: "disconnected" });
    expect(byId.c_a_solo).toMatchObject({ status: "error", last_error: "refresh refused" });
    expect(byId.c_c_gong).toMatchObject({ status: "active", last_error: null });

    // From now on D1 refuses a losing organization's connection back to active...
    await expect(db.prepare("UPDATE connections SET status = 'active' WHERE id = 'c_c_user'").run()).rejects.toThrow(
      /zoom_account_claimed/,
    );
    // ...until the owner lets the account go; an account nobody holds is anyone's.
    await db.prepare("UPDATE connections SET status = 'disconnected' WHERE id = 'c_b_s2s'").run();
    await db.prepare("UPDATE connections SET status = 'active' WHERE id = 'c_c_user'").run();
    await db.prepare("UPDATE connections SET status = 'active' WHERE id = 'c_b_gone'").run();
    const owners = await db
      .prepare("SELECT external_account_id, organization_id FROM provider_account_claims ORDER BY 1")
      .all();
    expect(owners.results).toEqual([
      { external_account_id: "acc-gone", organization_id: "org_b" },
      { external_account_id: "acc-shared", organization_id: "org_c" },
      { external_account_id: "acc-solo", organization_id: "org_a" },
    ]);
  });

  it("makes webhook events unique per organization (unmatched ones among themselves)", async () => {
    await applyD1Migrations(db, env.TEST_MIGRATIONS);
    const insert = (id: string, org: string | null) =>
      db
        .prepare(
          "INSERT INTO webhook_events (id, organization_id, provider, event_type, dedupe_key, r2_key, status, received_at) VALUES (?, ?, 'zoom', 'e', 'same-key', 'k', 'queued', 1)",
        )
        .bind(id, org)
        .run();
    await insert("e1", "org_a");
    await insert("e2", "org_b");
    await insert("e3", null);
    await expect(insert("e4", "org_a")).rejects.toThrow(/UNIQUE/);
    await expect(insert("e5", null)).rejects.toThrow(/UNIQUE/);
  });
});
