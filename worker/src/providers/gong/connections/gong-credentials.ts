import { and, eq } from "drizzle-orm";
import { connectionCredentialsBinding } from "../../../connections/token-crypto.ts";
import { connections } from "../../../db/schema/index.ts";
import type { Services } from "../../../platform/services.ts";
import { PermanentJobError } from "../../../queue/jobs.ts";
import type { ConnectionRow } from "../../provider.ts";
import type { GongTarget } from "../gong-client.ts";

/** What a Gong connection keeps, sealed by services.vault (AES-256-GCM, bound to organization and provider). */
export type GongCredentials =
  | { mode: "key"; accessKey: string; accessKeySecret: string; apiBase: string }
  | { mode: "oauth"; accessToken: string; refreshToken: string; accessTokenExpiresAt: number; apiBase: string };

export async function openGongCredentials(services: Services, row: ConnectionRow): Promise<GongCredentials> {
  if (!row.credentialsCiphertext || !row.credentialsIv || !row.keyVersion)
    throw new PermanentJobError("the Gong connection has no credentials (disconnected)");
  return services.vault.open<GongCredentials>(connectionCredentialsBinding(row), {
    ciphertext: row.credentialsCiphertext,
    iv: row.credentialsIv,
    keyVersion: row.keyVersion,
  });
}

/**
 * The connection a Gong job acts under, re-read right before it asks Gong anything or stores
 * anything: after a disconnect nothing more flows. Scoped by organization.
 */
export async function requireActiveGongConnection(
  services: Services,
  organizationId: string,
  connectionId: string,
  step: string,
): Promise<ConnectionRow> {
  const row = await services.db.query.connections.findFirst({
    where: and(
      eq(connections.organizationId, organizationId),
      eq(connections.id, connectionId),
      eq(connections.provider, "gong"),
    ),
  });
  if (row?.status !== "active")
    throw new PermanentJobError(
      `${step}: the Gong connection is no longer active (disconnected); nothing was fetched or stored`,
    );
  return row;
}

/** Whom a client for this connection talks to, and with what. */
export async function gongTargetFor(
  services: Services,
  row: ConnectionRow,
  bearer: (credentials: Extract<GongCredentials, { mode: "oauth" }>) => (refresh: boolean) => Promise<string>,
): Promise<GongTarget> {
  const credentials = await openGongCredentials(services, row);
  const companyKey = row.externalAccountId ?? row.id;
  if (credentials.mode === "key")
    return {
      companyKey,
      apiBase: credentials.apiBase,
      auth: { kind: "basic", accessKey: credentials.accessKey, accessKeySecret: credentials.accessKeySecret },
    };
  return { companyKey, apiBase: credentials.apiBase, auth: { kind: "bearer", token: bearer(credentials) } };
}
