import { and, eq, inArray } from "drizzle-orm";
import { dataExports } from "../db/schema/index.ts";
import type { Services } from "../platform/services.ts";
import { IngestJobSchema } from "../queue/jobs.ts";

/**
 * An `export_data` step that ran out of retries ends its export: "failed" with the reason, so the
 * exports list and `export --wait` stop showing (and waiting on) a "running" export that no step
 * will ever advance again. Only within the job's organization, and only while the export still
 * promises work (pending or running: done, failed and expired stay as they are).
 * Returns whether an export was marked.
 */
export async function markDeadLetteredExport(services: Services, body: unknown, attempts: number): Promise<boolean> {
  const job = IngestJobSchema.safeParse(body);
  if (!job.success || job.data.kind !== "export_data") return false;
  const { organizationId, exportId } = job.data;
  const marked = await services.db
    .update(dataExports)
    .set({
      status: "failed",
      error: `export step: retries exhausted after ${attempts} attempts (see failed jobs)`,
      updatedAt: services.clock.now(),
    })
    .where(
      and(
        eq(dataExports.organizationId, organizationId),
        eq(dataExports.id, exportId),
        inArray(dataExports.status, ["pending", "running"]),
      ),
    )
    .returning({ id: dataExports.id });
  return marked.length > 0;
}
