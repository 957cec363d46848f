import type { ConfigureGongAccountRequest } from "@sightline/shared";
import { and, eq } from "drizzle-orm";
import { connectionCredentialsBinding } from "../../../connections/token-crypto.ts";
import { connections, gongSyncState, providerAccountClaims } from "../../../db/schema/index.ts";
import { ApiError } from "../../../platform/api-error.ts";
import { newId } from "../../../platform/ids.ts";
import type { Services } from "../../../platform/services.ts";
import { PermanentJobError, RetryLaterError } from "../../../queue/jobs.ts";
import type { ConnectionRow } from "../../provider.ts";
import { GongClient, type GongTarget, isGongHost } from "../gong-client.ts";
import {
  GONG_COMPANY_TAKEN,
  identifyGongCompany,
  provisionalCompanyKey,
  writeClaimingGongCompany,
} from "./gong-company.ts";
import type { GongCredentials } from "./gong-credentials.ts";
import { gongClientFor } from "./gong-token.ts";

/** Refuses early (before anything is stored) when another organization holds the company; D1 decides races. */
export async function refuseCompanyOfAnotherOrganization(
  services: Services,
  organizationId: string,
  companyKey: string,
) {
  const claim = await services.db.query.providerAccountClaims.findFirst({
    columns: { organizationId: true },
    where: and(eq(providerAccountClaims.provider, "gong"), eq(providerAccountClaims.externalAccountId, companyKey)),
  });
  if (claim && claim.organizationId !== organizationId) throw new ApiError("conflict", GONG_COMPANY_TAKEN);
}

/** Proves credentials with one cheap request (the last day's calls; an empty day is a 404 Gong means kindly). */
export async function checkGongCredentials(services: Services, target: GongTarget): Promise<void> {
  const now = services.clock.now();
  try {
    await new GongClient(services, target).listCalls(new Date(now.getTime() - 24 * 60 * 60 * 1000), now, null);
  } catch (err) {
    if (err instanceof RetryLaterError)
      throw new ApiError("unavailable", "Gong is rate limiting this company; try again in a minute");
    if (err instanceof PermanentJobError)
      throw new ApiError("bad_request", `Gong refused the credentials: ${err.message}`);
    throw new ApiError("unavailable", "Gong could not be reached to check the credentials");
  }
}

/**
 * Stores the organization's one Gong connection (account scope) with sealed credentials, claiming
 * the company (a 409 when another organization holds it), and starts the pull: a backfill on a
 * first connection or another company, a continuation when the same company reconnects.
 */
export async function saveGongConnection(
  services: Services,
  organizationId: string,
  companyKey: string,
  credentials: GongCredentials,
  connectedByUserId: string | null,
): Promise<ConnectionRow> {
  const { db, clock } = services;
  const now = clock.now();
  const existing = await db.query.connections.findFirst({
    where: and(
      eq(connections.organizationId, organizationId),
      eq(connections.provider, "gong"),
      eq(connections.scope, "account"),
    ),
  });
  // The ciphertext is bound to the row it goes to, so its id is known before sealing.
  const id = existing?.id ?? newId("conn");
  const sealed = await services.vault.seal(
    connectionCredentialsBinding({ id, organizationId, provider: "gong" }),
    credentials,
  );
  const fields = {
    externalAccountId: companyKey,
    status: "active" as const,
    credentialsCiphertext: sealed.ciphertext,
    credentialsIv: sealed.iv,
    keyVersion: sealed.keyVersion,
    lastError: null,
    updatedAt: now,
  };
  let row: ConnectionRow;
  if (existing) {
    await writeClaimingGongCompany(() =>
      db
        .update(connections)
        .set(fields)
        .where(and(eq(connections.organizationId, organizationId), eq(connections.id, existing.id))),
    );
    row = { ...existing, ...fields };
  } else {
    row = {
      id,
      organizationId,
      provider: "gong",
      scope: "account",
      userId: connectedByUserId,
      externalUserId: null,
      syncCursor: null,
      reconcilePending: false,
      reconcileWindowFrom: null,
      reconcileWindowTo: null,
      reconcilePageToken: null,
      lastSyncAt: null,
      createdAt: now,
      ...fields,
    };
    await writeClaimingGongCompany(() => db.insert(connections).values(row));
  }
  // Another company (or none before): the pull starts over with a backfill; the same one continues.
  const sameCompany = existing?.externalAccountId === companyKey;
  await db
    .insert(gongSyncState)
    .values({ connectionId: row.id, organizationId, updatedAt: now })
    .onConflictDoUpdate({
      target: gongSyncState.connectionId,
      set: sameCompany
        ? { lastError: null, leaseUntil: null, updatedAt: now }
        : {
            windowFrom: null,
            windowTo: null,
            cursor: null,
            syncedTo: null,
            leaseUntil: null,
            lastError: null,
            updatedAt: now,
          },
    });
  await services.ingestQueue.send({ kind: "gong_sync", organizationId, connectionId: row.id });
  return row;
}

/** Connects by an admin's access key and secret (Basic), checked with Gong before anything is stored. */
export async function connectGongByKey(
  services: Services,
  organizationId: string,
  input: ConfigureGongAccountRequest,
): Promise<ConnectionRow> {
  const apiBase = (input.apiBaseUrl ?? services.config.gong.apiBase).replace(/\/+$/, "");
  if (!isGongHost(new URL(apiBase), services.config.gong.apiBase))
    throw new ApiError("bad_request", "apiBaseUrl: must be an https address on gong.io");
  const auth = { kind: "basic" as const, accessKey: input.accessKey, accessKeySecret: input.accessKeySecret };
  const companyKey = await identifyGongCompany(services, {
    companyKey: await provisionalCompanyKey(apiBase, services.config.gong.apiBase, input.accessKey),
    apiBase,
    auth,
  });
  await refuseCompanyOfAnotherOrganization(services, organizationId, companyKey);
  const credentials: GongCredentials = {
    mode: "key",
    accessKey: input.accessKey,
    accessKeySecret: input.accessKeySecret,
    apiBase,
  };
  await checkGongCredentials(services, { companyKey, apiBase, auth });
  return saveGongConnection(services, organizationId, companyKey, credentials, null);
}

/**
 * Disconnects: deletes the credentials (Gong has no revoke endpoint for keys; an OAuth grant dies
 * with its tokens here), releases the company, stops the pull; conversations and the calls'
 * history stay.
 */
export async function disconnectGong(services: Services, row: ConnectionRow): Promise<{ revoked: boolean }> {
  const { db, clock, log } = services;
  const now = clock.now();
  await db.batch([
    db
      .update(connections)
      .set({
        status: "disconnected",
        credentialsCiphertext: null,
        credentialsIv: null,
        keyVersion: null,
        updatedAt: now,
      })
      .where(and(eq(connections.organizationId, row.organizationId), eq(connections.id, row.id))),
    db
      .update(gongSyncState)
      .set({ leaseUntil: null, updatedAt: now })
      .where(and(eq(gongSyncState.organizationId, row.organizationId), eq(gongSyncState.connectionId, row.id))),
  ]);
  log.info("connection disconnected", { connection: row.id, provider: "gong" });
  return { revoked: false };
}

/**
 * Asks Gong once with the organization's connection (refreshing an OAuth token when due): what an
 * admin's "check connection" does. Answers the connection; a refusal is a 400 saying so.
 */
export async function checkGongConnection(services: Services, organizationId: string): Promise<ConnectionRow> {
  const row = await services.db.query.connections.findFirst({
    where: and(
      eq(connections.organizationId, organizationId),
      eq(connections.provider, "gong"),
      eq(connections.scope, "account"),
    ),
  });
  if (!row || row.status === "disconnected") throw ApiError.notFound("Gong connection");
  const now = services.clock.now();
  try {
    const client = await gongClientFor(services, row);
    await client.listCalls(new Date(now.getTime() - 60 * 60 * 1000), now, null);
  } catch (err) {
    if (err instanceof RetryLaterError)
      throw new ApiError("unavailable", "Gong is rate limiting this company; try again in a minute");
    if (err instanceof PermanentJobError)
      throw new ApiError("bad_request", `Gong refused the connection: ${err.message}`);
    throw new ApiError("unavailable", "Gong could not be reached");
  }
  return (
    (await services.db.query.connections.findFirst({
      where: and(eq(connections.organizationId, organizationId), eq(connections.id, row.id)),
    })) ?? row
  );
}
