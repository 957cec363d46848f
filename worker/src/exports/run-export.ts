import { and, eq } from "drizzle-orm";
import { dataExports } from "../db/schema/index.ts";
import type { Services } from "../platform/services.ts";
import { PermanentJobError } from "../queue/jobs.ts";
import { EXPORT_PHASES, type ExportPhase, exportPage, LINE_TYPE } from "./export-pages.ts";

/** Lines one step writes (one R2 part): a step stays well inside a queue invocation's CPU and memory. */
export const LINES_PER_STEP = 2_000;

/** orgs/{org}/exports/{id}/part-00001.jsonl ...: the organization's prefix, so an "everything" deletion takes them. */
export const exportPartKey = (organizationId: string, exportId: string, part: number) =>
  `orgs/${organizationId}/exports/${exportId}/part-${String(part).padStart(5, "0")}.jsonl`;

const nextPhase = (phase: ExportPhase): ExportPhase => {
  const i = EXPORT_PHASES.indexOf(phase as (typeof EXPORT_PHASES)[number]);
  return EXPORT_PHASES[i + 1] ?? "done";
};

/**
 * One step of an export (POST /api/v1/exports): reads up to LINES_PER_STEP rows from where the
 * last step stopped (phase and keyset cursor), writes them as the next part, then advances the row
 * only if no other run of this step did (the update is conditional on the part count), so a step
 * delivered twice writes the same part again and counts nothing twice. Queues the next step until done.
 */
export async function runExport(
  services: Services,
  job: { organizationId: string; exportId: string },
): Promise<"more" | "done"> {
  const { db, blobs, clock, ingestQueue, log } = services;
  const thisExport = and(eq(dataExports.organizationId, job.organizationId), eq(dataExports.id, job.exportId));
  const row = await db.query.dataExports.findFirst({ where: thisExport });
  if (!row) throw new PermanentJobError(`export ${job.exportId} does not exist in the organization`);
  if (row.status !== "pending" && row.status !== "running") return "done";

  let phase = row.phase;
  let cursor = row.cursor;
  const counts = { ...row.counts };
  const lines: string[] = [];
  while (phase !== "done" && lines.length < LINES_PER_STEP) {
    const page = await exportPage(db, row, phase, cursor, LINES_PER_STEP - lines.length);
    lines.push(...page.lines);
    const type = LINE_TYPE[phase];
    counts[type] = (counts[type] ?? 0) + page.lines.length;
    if (page.last === null || page.lines.length < LINES_PER_STEP - (lines.length - page.lines.length)) {
      phase = nextPhase(phase);
      cursor = null;
    } else cursor = page.last;
  }
  let parts = row.parts;
  let bytes = row.bytes;
  if (lines.length) {
    const body = `${lines.join("\n")}\n`;
    parts++;
    await blobs.put(exportPartKey(row.organizationId, row.id, parts), body, {
      httpMetadata: { contentType: "application/x-ndjson" },
    });
    bytes += new TextEncoder().encode(body).length;
  }
  const now = clock.now();
  const done = phase === "done";
  const advanced = await db
    .update(dataExports)
    .set({
      status: done ? "done" : "running",
      phase,
      cursor,
      parts,
      bytes,
      counts,
      updatedAt: now,
      completedAt: done ? now : null,
    })
    .where(and(thisExport, eq(dataExports.parts, row.parts), eq(dataExports.phase, row.phase)))
    .returning({ id: dataExports.id });
  // Another delivery of this step advanced it first: its next step is already queued.
  if (advanced.length === 0) return done ? "done" : "more";
  if (done) {
    log.info("export done", { export: row.id, parts, bytes });
    return "done";
  }
  await ingestQueue.send({ kind: "export_data", organizationId: row.organizationId, exportId: row.id });
  return "more";
}
