import { and, eq } from "drizzle-orm";
import { Hono } from "hono";
import { mediaFiles } from "../db/schema/index.ts";
import { ApiError } from "../platform/api-error.ts";
import type { AppEnv } from "../platform/app-env.ts";
import { verifyMediaLink } from "./media-links.ts";

/** `GET /media/{token}`: a kept recording, for as long as its signed link lives, from its own organization only. */
export const mediaApp = new Hono<AppEnv>();

mediaApp.get("/:token", async (c) => {
  const { db, blobs } = c.var.services;
  const claim = await verifyMediaLink(c.var.services, c.req.param("token"));
  if (claim === "expired")
    throw new ApiError("forbidden", "this media link has expired: open the conversation again for a new one");
  if (!claim) throw new ApiError("forbidden", "invalid media link");
  const row = await db.query.mediaFiles.findFirst({
    where: and(eq(mediaFiles.organizationId, claim.organizationId), eq(mediaFiles.id, claim.mediaId)),
  });
  // The key is read from the organization's own row, never from the token: a link cannot reach another organization's file.
  if (!row?.r2Key.startsWith(`orgs/${claim.organizationId}/`)) throw ApiError.notFound("media");
  const object = await blobs.get(row.r2Key);
  if (!object) throw ApiError.notFound("media");
  return new Response(object.body, {
    headers: {
      "content-type": row.contentType,
      "content-length": String(row.size),
      "cache-control": "private, no-store",
      "content-disposition": "inline",
      "x-content-type-options": "nosniff",
    },
  });
});
