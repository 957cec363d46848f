import { type DataExport, DataExportSchema } from "@sightline/shared";
import { ok, type Result } from "../../shared/messages.ts";
import { loadSession } from "../session-store.ts";
import { callSignedIn } from "./call-signed-in.ts";
import { listOf } from "./list-of.ts";

/** The admin console's exports: the organization's or one account's data as JSON Lines, with a signed link. */

const LIMIT = 20;

/**
 * The backend gives the signed link as a path on its own origin (`/exports/{token}`); the options page
 * needs it absolute, so it is resolved against the signed-in backend here, like media links. A link
 * to any other origin is dropped.
 */
async function withAbsoluteLinks(answer: Result<DataExport[]>): Promise<Result<DataExport[]>> {
  if (!answer.ok) return answer;
  const { backendUrl } = await loadSession();
  const origin = new URL(backendUrl).origin;
  return ok(
    answer.value.map((item) => {
      if (!item.download) return item;
      const url = new URL(item.download.url, `${origin}/`);
      return { ...item, download: url.origin === origin ? { ...item.download, url: url.href } : null };
    }),
  );
}

async function one(answer: Result<DataExport>): Promise<Result<DataExport>> {
  const resolved = await withAbsoluteLinks(answer.ok ? ok([answer.value]) : answer);
  return resolved.ok ? ok(resolved.value[0] as DataExport) : resolved;
}

/** POST /exports: null exports the whole organization. */
export async function createExport(input: { accountId: string | null }): Promise<Result<DataExport>> {
  const body = input.accountId
    ? { scope: "account" as const, accountId: input.accountId }
    : { scope: "organization" as const };
  return one(await callSignedIn((api, init) => api.POST("/exports", { body, ...init }), DataExportSchema));
}

/** GET /exports: newest first; a done one carries a fresh download link. */
export async function listExports(): Promise<Result<DataExport[]>> {
  const query = { limit: LIMIT };
  const answer = await callSignedIn(
    (api, init) => api.GET("/exports", { params: { query }, ...init }),
    listOf("exports", DataExportSchema),
  );
  return withAbsoluteLinks(answer.ok ? ok(answer.value.exports) : answer);
}

/** GET /exports/{id}: progress, and the download link once done (it expires in minutes: ask again). */
export async function getExport(input: { id: string }): Promise<Result<DataExport>> {
  const path = { id: input.id };
  return one(
    await callSignedIn((api, init) => api.GET("/exports/{id}", { params: { path }, ...init }), DataExportSchema),
  );
}
