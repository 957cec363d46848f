import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

/**
 * Migration 0034 on data written before it: every organization gets a search key, every segment
 * the key and so its search rowid (key * 2^32 + id, a virtual column), and the FTS5 index is
 * rebuilt from the rows under those rowids; afterwards the triggers keep it in step with inserts,
 * text edits and deletions. Runs on a database of its own.
 */
const db = env.MIGRATION_TEST_DB;
const numbered = (max: number) => env.TEST_MIGRATIONS.filter((m) => Number(m.name.slice(0, 4)) <= max);
const BLOCK = 2 ** 32;

const insertOrg = (id: string, createdAt: number) =>
  db.prepare("INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)").bind(id, id, createdAt);
const insertConversation = (id: string, org: string) =>
  db
    .prepare(
      "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, routing, status, created_at, updated_at) VALUES (?, ?, 'zoom_meeting', ?, 'Call', 1, 'auto', 'analyzed', 1, 1)",
    )
    .bind(id, org, id);
const insertSegment = (org: string, conversation: string, seq: number, text: string) =>
  db
    .prepare(
      "INSERT INTO transcript_segments (organization_id, conversation_id, seq, speaker, start_ms, end_ms, text) VALUES (?, ?, ?, 'Dana', 0, 1, ?)",
    )
    .bind(org, conversation, seq, text);

async function keyOf(org: string): Promise<number> {
  const row = await db
    .prepare("SELECT search_key AS k FROM organizations WHERE id = ?")
    .bind(org)
    .first<{ k: number }>();
  return row?.k as number;
}

/** The rowids of an organization's block that match, as FTS5 answers with the rowid range alone. */
async function matches(org: string, match: string): Promise<number[]> {
  const key = await keyOf(org);
  const rows = await db
    .prepare(
      "SELECT rowid AS id FROM transcript_segments_fts WHERE transcript_segments_fts MATCH ? AND rowid >= ? AND rowid < ? ORDER BY rowid",
    )
    .bind(match, key * BLOCK, (key + 1) * BLOCK)
    .all<{ id: number }>();
  return rows.results.map((r) => r.id);
}

describe("migration 0034: search rowids by organization", () => {
  it("keys existing organizations and segments, rebuilds the index under them, then keeps it in step", async () => {
    await applyD1Migrations(db, numbered(31));
    await db.batch([
      insertOrg("org_old_b", 200),
      insertOrg("org_old_a", 100),
      insertConversation("conv_a", "org_old_a"),
      insertConversation("conv_b", "org_old_b"),
      insertSegment("org_old_a", "conv_a", 0, "The renewal pricing looks higher."),
      insertSegment("org_old_a", "conv_a", 1, "Security review next week."),
      insertSegment("org_old_b", "conv_b", 0, "The renewal pricing looks higher."),
    ]);
    await applyD1Migrations(db, env.TEST_MIGRATIONS);

    // Keys in order of creation; each segment at key * 2^32 + id.
    expect([await keyOf("org_old_a"), await keyOf("org_old_b")]).toEqual([1, 2]);
    const segments = await db
      .prepare("SELECT id, organization_id AS org, search_rowid FROM transcript_segments ORDER BY id")
      .all<{ id: number; org: string; search_rowid: number }>();
    for (const s of segments.results) expect(s.search_rowid).toBe((await keyOf(s.org)) * BLOCK + s.id);
    const [a0, a1, b0] = segments.results.map((s) => s.search_rowid);

    // The rebuilt index: each organization's block holds its own segments only.
    expect(await matches("org_old_a", '"pricing looks higher"')).toEqual([a0]);
    expect(await matches("org_old_b", '"pricing looks higher"')).toEqual([b0]);
    expect(await matches("org_old_a", "security")).toEqual([a1]);
    expect(await matches("org_old_b", "security")).toEqual([]);
    // snippet() reads the text through the new content rowid.
    const snippet = await db
      .prepare(
        "SELECT snippet(transcript_segments_fts, 0, '[', ']', '…', 8) AS s FROM transcript_segments_fts WHERE transcript_segments_fts MATCH 'security' AND rowid = ?",
      )
      .bind(a1)
      .first<{ s: string }>();
    expect(snippet?.s).toBe("[Security] review next week.");

    // A new organization takes the next key; its segments are indexed on insert, whether the insert
    // names the key (as the code does: no second write of the row) or leaves it to the trigger.
    await db.batch([insertOrg("org_new", 300), insertConversation("conv_n", "org_new")]);
    expect(await keyOf("org_new")).toBe(3);
    const unkeyed = await insertSegment("org_new", "conv_n", 0, "Pricing for the new team.").run();
    const keyed = await db
      .prepare(
        "INSERT INTO transcript_segments (organization_id, conversation_id, seq, speaker, start_ms, end_ms, text, search_key) VALUES (?, 'conv_n', 1, 'Dana', 0, 1, 'More pricing.', (SELECT search_key FROM organizations WHERE id = ?))",
      )
      .bind("org_new", "org_new")
      .run();
    expect(keyed.meta.rows_written).toBeLessThan(unkeyed.meta.rows_written);
    const newRows = await matches("org_new", "pricing");
    expect(newRows).toHaveLength(2);
    for (const id of newRows) expect(id).toBeGreaterThanOrEqual(3 * BLOCK);
    expect(await matches("org_old_a", "pricing")).toEqual([a0]);

    // An edited text is re-indexed; a deleted segment leaves no entry behind.
    await db.prepare("UPDATE transcript_segments SET text = 'Budget talk.' WHERE search_rowid = ?").bind(a1).run();
    expect(await matches("org_old_a", "security")).toEqual([]);
    expect(await matches("org_old_a", "budget")).toEqual([a1]);
    await db.prepare("DELETE FROM transcript_segments WHERE organization_id = 'org_old_a'").run();
    expect(await matches("org_old_a", "pricing OR budget")).toEqual([]);
    expect(await matches("org_old_b", "pricing")).toEqual([b0]);
    const integrity = await db
      .prepare("INSERT INTO transcript_segments_fts(transcript_segments_fts, rank) VALUES ('integrity-check', 1)")
      .run();
    expect(integrity.success).toBe(true);
  });
});
