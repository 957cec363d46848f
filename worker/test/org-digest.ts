import { env } from "cloudflare:workers";

/** Rows (as JSON, sorted) per D1 table, and R2 objects (key, size, etag) under a prefix. */
export type OrgDigest = Record<string, string[]>;

let tablesOnce: Promise<Array<{ name: string; hasOrg: boolean }>> | undefined;

/** Base tables with data: the FTS index (rebuilt from transcript_segments) and D1's bookkeeping aside. */
function dataTables(): Promise<Array<{ name: string; hasOrg: boolean }>> {
  tablesOnce ??= readDataTables();
  return tablesOnce;
}

async function readDataTables(): Promise<Array<{ name: string; hasOrg: boolean }>> {
  const tables = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%' AND name NOT LIKE '%fts%' ORDER BY name",
  ).all<{ name: string }>();
  const out: Array<{ name: string; hasOrg: boolean }> = [];
  for (const { name } of tables.results) {
    const columns = await env.DB.prepare(`SELECT name FROM pragma_table_info('${name}')`).all<{ name: string }>();
    out.push({ name, hasOrg: columns.results.some((c) => c.name === "organization_id") });
  }
  return out;
}

async function r2Objects(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.BLOBS.list({ prefix, cursor });
    for (const o of page.objects) keys.push(`${o.key} ${o.size} ${o.etag}`);
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return keys.sort();
}

/**
 * Everything stored for one organization: each table's rows with its organization_id (the
 * organizations row itself by id), and its R2 objects (`orgs/<id>/`). `oauth_states` is left out:
 * a state is single use by design, and any callback bearing it spends it.
 */
export async function digestOrganization(organizationId: string): Promise<OrgDigest> {
  const tables = (await dataTables()).filter(
    (t) => t.name !== "oauth_states" && (t.hasOrg || t.name === "organizations"),
  );
  const results = await env.DB.batch(
    tables.map((t) =>
      env.DB.prepare(`SELECT * FROM ${t.name} WHERE ${t.name === "organizations" ? "id" : "organization_id"} = ?`).bind(
        organizationId,
      ),
    ),
  );
  return toDigest(
    tables.map((t) => t.name),
    results,
    await r2Objects(`orgs/${organizationId}/`),
  );
}

/** Every row of every data table and every R2 object. */
export async function digestDatabase(): Promise<OrgDigest> {
  const tables = await dataTables();
  const results = await env.DB.batch(tables.map((t) => env.DB.prepare(`SELECT * FROM ${t.name}`)));
  return toDigest(
    tables.map((t) => t.name),
    results,
    await r2Objects(""),
  );
}

function toDigest(names: string[], results: D1Result[], objects: string[]): OrgDigest {
  const digest: OrgDigest = {};
  names.forEach((name, i) => {
    digest[name] = (results[i]?.results ?? []).map((r) => JSON.stringify(r)).sort();
  });
  digest["r2:"] = objects;
  return digest;
}

/** The rows and objects of `before` that are missing or different in `after` (new ones are fine). */
export function changedSince(before: OrgDigest, after: OrgDigest): Record<string, string[]> {
  const changed: Record<string, string[]> = {};
  for (const [table, rows] of Object.entries(before)) {
    const now = new Set(after[table] ?? []);
    const gone = rows.filter((r) => !now.has(r));
    if (gone.length > 0) changed[table] = gone;
  }
  return changed;
}
