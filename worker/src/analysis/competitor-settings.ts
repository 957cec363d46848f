import { eq } from "drizzle-orm";
import { organizations } from "../db/schema/index.ts";
import type { Db } from "../platform/services.ts";

/** The organization's competitor list, as the analyzers receive it (empty when none is set). */
export async function readCompetitors(db: Db, organizationId: string): Promise<string[]> {
  const org = await db.query.organizations.findFirst({
    columns: { competitors: true },
    where: eq(organizations.id, organizationId),
  });
  return org?.competitors ?? [];
}

/** Keeps the first spelling of each name (case-insensitively), in the order given. */
export function dedupeCompetitors(names: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of names) {
    const name = raw.trim().replace(/\s+/g, " ");
    const key = name.toLowerCase();
    if (!name || seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  return out;
}

/** Replaces the list. The next analysis of each conversation uses it (re-analysis is not triggered). */
export async function writeCompetitors(db: Db, organizationId: string, names: readonly string[]): Promise<string[]> {
  const competitors = dedupeCompetitors(names);
  await db.update(organizations).set({ competitors }).where(eq(organizations.id, organizationId));
  return competitors;
}
