import { type DataExport, DataExportSchema } from "@sightline/shared";
import { ok, type Result } from "../../shared/messages.ts";
import { callSignedIn } from "./call-signed-in.ts";
import { listOf } from "./list-of.ts";

/** The admin console's exports: the organization's or one account's data as JSON Lines, with a signed link. */

const LIMIT = 20;

/** POST /exports: null exports the whole organization. */
export async function createExport(input: { accountId: string | null }): Promise<Result<DataExport>> {
  const body = input.accountId
    ? { scope: "account" as const, accountId: input.accountId }
    : { scope: "organization" as const };
  return callSignedIn((api, init) => api.POST("/exports", { body, ...init }), DataExportSchema);
}

/** GET /exports: newest first; a done one carries a fresh download link. */
export async function listExports(): Promise<Result<DataExport[]>> {
  const query = { limit: LIMIT };
  const answer = await callSignedIn(
    (api, init) => api.GET("/exports", { params: { query }, ...init }),
    listOf("exports", DataExportSchema),
  );
  return answer.ok ? ok(answer.value.exports) : answer;
}

/** GET /exports/{id}: progress, and the download link once done (it expires in minutes: ask again). */
export async function getExport(input: { id: string }): Promise<Result<DataExport>> {
  const path = { id: input.id };
  return callSignedIn((api, init) => api.GET("/exports/{id}", { params: { path }, ...init }), DataExportSchema);
}
