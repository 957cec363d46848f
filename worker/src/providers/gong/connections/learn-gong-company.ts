import { and, eq } from "drizzle-orm";
import { connections } from "../../../db/schema/index.ts";
import { ApiError } from "../../../platform/api-error.ts";
import type { Services } from "../../../platform/services.ts";
import { PermanentJobError } from "../../../queue/jobs.ts";
import type { ConnectionRow } from "../../provider.ts";
import type { GongClient } from "../gong-client.ts";
import {
  companyKeyOfWorkspaces,
  GONG_COMPANY_TAKEN,
  isWorkspaceCompanyKey,
  writeClaimingGongCompany,
} from "./gong-company.ts";

/**
 * A connection made before companies were named by their workspaces (keyed by API host or access
 * key) learns its workspace key on its next pull, so the one-company-per-organization rule covers
 * it too. When another organization holds that company, the connection stops (error, with the
 * reason) instead of pulling the same company twice. When Gong will not name the workspaces (an
 * older OAuth grant without `api:workspaces:read`), the old key stays and the pull goes on.
 * Answers the row as it now is.
 */
export async function learnGongCompany(
  services: Services,
  row: ConnectionRow,
  client: GongClient,
): Promise<ConnectionRow> {
  if (isWorkspaceCompanyKey(row.externalAccountId)) return row;
  let key: string | null;
  try {
    key = companyKeyOfWorkspaces(await client.listWorkspaceIds());
  } catch (err) {
    services.log.warn("gong company not identified; the connection keeps its old key", { connection: row.id, err });
    return row;
  }
  if (!key) return row;
  const scope = and(eq(connections.organizationId, row.organizationId), eq(connections.id, row.id));
  try {
    await writeClaimingGongCompany(() =>
      services.db.update(connections).set({ externalAccountId: key, updatedAt: services.clock.now() }).where(scope),
    );
  } catch (err) {
    if (!(err instanceof ApiError && err.code === "conflict")) throw err;
    await services.db
      .update(connections)
      .set({ status: "error", lastError: GONG_COMPANY_TAKEN, updatedAt: services.clock.now() })
      .where(scope);
    throw new PermanentJobError(`pull Gong calls: ${GONG_COMPANY_TAKEN}`);
  }
  services.log.info("gong company identified by its workspaces", { connection: row.id });
  return { ...row, externalAccountId: key };
}
