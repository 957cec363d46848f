import { and, eq } from "drizzle-orm";
import { Hono } from "hono";
import { dataExports } from "../db/schema/index.ts";
import { ApiError } from "../platform/api-error.ts";
import type { AppEnv } from "../platform/app-env.ts";
import { verifyExportLink } from "./export-links.ts";
import { exportPartKey } from "./run-export.ts";

/**
 * `GET /exports/{token}`: a finished export as one JSON Lines file, for as long as its signed link
 * lives. The parts are streamed in order, one R2 object at a time, so the Worker never holds the
 * archive in memory; the export is read from the token's organization only.
 */
export const exportDownloadApp = new Hono<AppEnv>();

exportDownloadApp.get("/:token", async (c) => {
  const { db, blobs } = c.var.services;
  const claim = await verifyExportLink(c.var.services, c.req.param("token"));
  if (claim === "expired") throw new ApiError("forbidden", "this export link has expired: ask for the export again");
  if (!claim) throw new ApiError("forbidden", "invalid export link");
  const row = await db.query.dataExports.findFirst({
    where: and(eq(dataExports.organizationId, claim.organizationId), eq(dataExports.id, claim.subjectId)),
  });
  if (row?.status !== "done") throw ApiError.notFound("export");
  let next = 1;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (next > row.parts) return controller.close();
      const object = await blobs.get(exportPartKey(row.organizationId, row.id, next++));
      if (!object) return controller.error(new Error(`export ${row.id} part ${next - 1} is missing`));
      controller.enqueue(new Uint8Array(await object.arrayBuffer()));
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="sightline-export-${row.id}.jsonl"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
