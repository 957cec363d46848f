import { type CreateDeletion, type Deletion, DeletionSchema } from "@sightline/shared";
import { ok, type Result } from "../../shared/messages.ts";
import { callSignedIn } from "./call-signed-in.ts";
import { listOf } from "./list-of.ts";

/** The admin console's deletions: request one (a queued job), and the audit log with progress. */

/** The audit entries a screen shows at once (newest first). */
const LIMIT = 50;

/** POST /deletions: answers 202 with the audit record; its status and counts move as the job runs. */
export async function createDeletion(input: { deletion: CreateDeletion }): Promise<Result<Deletion>> {
  const body = input.deletion;
  return callSignedIn((api, init) => api.POST("/deletions", { body, ...init }), DeletionSchema);
}

/** GET /deletions: requested by admins and the nightly retention runs alike. */
export async function listDeletions(): Promise<Result<Deletion[]>> {
  const query = { limit: LIMIT };
  const answer = await callSignedIn(
    (api, init) => api.GET("/deletions", { params: { query }, ...init }),
    listOf("deletions", DeletionSchema),
  );
  return answer.ok ? ok(answer.value.deletions) : answer;
}

/** GET /deletions/{id}: one deletion's progress (polled until done or failed). */
export async function getDeletion(input: { id: string }): Promise<Result<Deletion>> {
  const path = { id: input.id };
  return callSignedIn((api, init) => api.GET("/deletions/{id}", { params: { path }, ...init }), DeletionSchema);
}
