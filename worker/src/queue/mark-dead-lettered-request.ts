import { and, eq, inArray } from "drizzle-orm";
import { dataExports, deletionRequests } from "../db/schema/index.ts";
import type { Services } from "../platform/services.ts";
import { IngestJobSchema } from "./jobs.ts";

/**
 * A step of an admin's export (`export_data`) or deletion (`delete_data`) that ran out of retries
 * ends its request: "failed" with the reason, so the exports and deletions lists (and the CLI's
 * `--wait`) stop showing a "running" request that no step will ever advance again. Only within the
 * job's organization, and only while the request still promises work (pending or running: done,
 * failed and expired stay as they are). Returns whether a request was marked.
 */
export async function markDeadLetteredRequest(services: Services, body: unknown, attempts: number): Promise<boolean> {
  const job = IngestJobSchema.safeParse(body);
  if (!job.success) return false;
  const updatedAt = services.clock.now();
  if (job.data.kind === "export_data") {
    const { organizationId, exportId } = job.data;
    const marked = await services.db
      .update(dataExports)
      .set({ status: "failed", error: exhausted("export", attempts), updatedAt })
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
  if (job.data.kind === "delete_data") {
    const { organizationId, deletionId } = job.data;
    const marked = await services.db
      .update(deletionRequests)
      .set({ status: "failed", error: exhausted("deletion", attempts), updatedAt })
      .where(
        and(
          eq(deletionRequests.organizationId, organizationId),
          eq(deletionRequests.id, deletionId),
          inArray(deletionRequests.status, ["pending", "running"]),
        ),
      )
      .returning({ id: deletionRequests.id });
    return marked.length > 0;
  }
  return false;
}

const exhausted = (what: string, attempts: number) =>
  `${what} step: retries exhausted after ${attempts} attempts (see failed jobs)`;
