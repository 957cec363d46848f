import { type ImportAccountsResponse, ImportAccountsResponseSchema } from "@sightline/shared";
import type { Result } from "../../shared/messages.ts";
import { callSignedIn } from "./call-signed-in.ts";

/**
 * POST /accounts/import: without `commit` the backend only previews (each row's action and errors);
 * with `commit` it writes the rows without errors. The same CSV text goes both times, so what is
 * committed is what was previewed (re-planned against the accounts as they are then).
 */
export async function importAccounts(input: { csv: string; commit: boolean }): Promise<Result<ImportAccountsResponse>> {
  const body = { csv: input.csv, commit: input.commit };
  return callSignedIn((api, init) => api.POST("/accounts/import", { body, ...init }), ImportAccountsResponseSchema);
}
