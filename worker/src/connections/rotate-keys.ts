import { and, asc, count, eq, gt, isNotNull, ne, notLike, or, sql } from "drizzle-orm";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { connections, organizations } from "../db/schema/index.ts";
import type { Services } from "../platform/services.ts";
import {
  type CipherBinding,
  connectionCredentialsBinding,
  type SealedCredentials,
  slackWebhookBinding,
} from "./token-crypto.ts";

/** Rows one step reads (each is one decrypt, one encrypt and one D1 write). */
export const ROWS_PER_STEP = 50;

/**
 * Every place a secret is stored encrypted: its table, how to read a row's ciphertext and binding,
 * and how to write a new one only if the old one is still there (so a token refresh that wrote
 * meanwhile, already under the current key, is never overwritten with older credentials).
 */
interface EncryptedColumn {
  table: "connections" | "organizations";
  /** Rows whose ciphertext is not on `version` or not row-bound, after `after` (by id), in id order. */
  pending(services: Services, version: number, after: string, limit: number): Promise<PendingRow[]>;
  remaining(services: Services, version: number): Promise<number>;
  replace(services: Services, row: PendingRow, sealed: SealedCredentials): Promise<boolean>;
}

interface PendingRow {
  id: string;
  binding: CipherBinding;
  sealed: SealedCredentials;
}

/** Not on the current key version, or not row-bound yet. */
const stale = (version: number, ciphertext: AnySQLiteColumn, keyVersion: AnySQLiteColumn) =>
  or(ne(keyVersion, version), sql`${keyVersion} IS NULL`, notLike(ciphertext, "v2:%"));

const COLUMNS: EncryptedColumn[] = [
  {
    table: "connections",
    async pending({ db }, version, after, limit) {
      const rows = await db
        .select()
        .from(connections)
        .where(
          and(
            isNotNull(connections.credentialsCiphertext),
            gt(connections.id, after),
            stale(version, connections.credentialsCiphertext, connections.keyVersion),
          ),
        )
        .orderBy(asc(connections.id))
        .limit(limit);
      return rows.map((row) => ({
        id: row.id,
        binding: connectionCredentialsBinding(row),
        sealed: {
          ciphertext: row.credentialsCiphertext ?? "",
          iv: row.credentialsIv ?? "",
          keyVersion: row.keyVersion ?? 1,
        },
      }));
    },
    async remaining({ db }, version) {
      const [row] = await db
        .select({ n: count() })
        .from(connections)
        .where(
          and(
            isNotNull(connections.credentialsCiphertext),
            stale(version, connections.credentialsCiphertext, connections.keyVersion),
          ),
        );
      return row?.n ?? 0;
    },
    async replace({ db }, row, sealed) {
      const written = await db
        .update(connections)
        .set({ credentialsCiphertext: sealed.ciphertext, credentialsIv: sealed.iv, keyVersion: sealed.keyVersion })
        .where(
          and(
            eq(connections.organizationId, row.binding.organizationId),
            eq(connections.id, row.id),
            eq(connections.credentialsCiphertext, row.sealed.ciphertext),
          ),
        )
        .returning({ id: connections.id });
      return written.length > 0;
    },
  },
  {
    table: "organizations",
    async pending({ db }, version, after, limit) {
      const rows = await db
        .select({
          id: organizations.id,
          ciphertext: organizations.slackWebhookCiphertext,
          iv: organizations.slackWebhookIv,
          keyVersion: organizations.slackWebhookKeyVersion,
        })
        .from(organizations)
        .where(
          and(
            isNotNull(organizations.slackWebhookCiphertext),
            gt(organizations.id, after),
            stale(version, organizations.slackWebhookCiphertext, organizations.slackWebhookKeyVersion),
          ),
        )
        .orderBy(asc(organizations.id))
        .limit(limit);
      return rows.map((row) => ({
        id: row.id,
        binding: slackWebhookBinding(row.id),
        sealed: { ciphertext: row.ciphertext ?? "", iv: row.iv ?? "", keyVersion: row.keyVersion ?? 1 },
      }));
    },
    async remaining({ db }, version) {
      const [row] = await db
        .select({ n: count() })
        .from(organizations)
        .where(
          and(
            isNotNull(organizations.slackWebhookCiphertext),
            stale(version, organizations.slackWebhookCiphertext, organizations.slackWebhookKeyVersion),
          ),
        );
      return row?.n ?? 0;
    },
    async replace({ db }, row, sealed) {
      const written = await db
        .update(organizations)
        .set({
          slackWebhookCiphertext: sealed.ciphertext,
          slackWebhookIv: sealed.iv,
          slackWebhookKeyVersion: sealed.keyVersion,
        })
        .where(and(eq(organizations.id, row.id), eq(organizations.slackWebhookCiphertext, row.sealed.ciphertext)))
        .returning({ id: organizations.id });
      return written.length > 0;
    },
  },
];

export interface RotationStep {
  currentKeyVersion: number;
  rotated: number;
  /** Rows that could not be opened (their key version is not configured, or the ciphertext is damaged): ids only. */
  failed: Array<{ table: string; id: string; reason: string }>;
  /** Where the next step starts ("table:id"), or null when this step reached the end of every table. */
  next: string | null;
  /** Ciphertexts still not on the current key or not row-bound (0: the old keys may be removed). */
  remaining: number;
}

/**
 * One step of a key rotation: re-encrypts up to ROWS_PER_STEP stored secrets, starting at `after`,
 * under the current key version and bound to their rows. Every step starts from what D1 says is
 * left, so an interrupted rotation resumes by running steps again (from the start or from `next`);
 * a step run twice rewrites nothing twice. Old key versions keep decrypting throughout.
 */
export async function rotateKeysStep(services: Services, after: string | null): Promise<RotationStep> {
  const version = services.vault.currentKeyVersion;
  if (version === null) throw new Error("TOKEN_ENCRYPTION_KEY is not set");
  const [startTable, startId = ""] = after
    ? [after.slice(0, after.indexOf(":")), after.slice(after.indexOf(":") + 1)]
    : [];
  const startIndex = Math.max(
    0,
    COLUMNS.findIndex((c) => c.table === startTable),
  );
  const step: RotationStep = { currentKeyVersion: version, rotated: 0, failed: [], next: null, remaining: 0 };
  let budget = ROWS_PER_STEP;
  for (let i = startIndex; i < COLUMNS.length && budget > 0; i++) {
    const column = COLUMNS[i] as EncryptedColumn;
    const rows = await column.pending(services, version, i === startIndex ? startId : "", budget);
    budget -= rows.length;
    for (const row of rows) {
      let value: unknown;
      try {
        value = await services.vault.open(row.binding, row.sealed);
      } catch (err) {
        step.failed.push({ table: column.table, id: row.id, reason: (err as Error).message.slice(0, 200) });
        continue;
      }
      if (await column.replace(services, row, await services.vault.seal(row.binding, value))) step.rotated++;
    }
    const last = rows.at(-1);
    if (budget === 0 && last) step.next = `${column.table}:${last.id}`;
  }
  for (const column of COLUMNS) step.remaining += await column.remaining(services, version);
  if (step.rotated || step.failed.length)
    services.log.info("key rotation step", {
      version,
      rotated: step.rotated,
      failed: step.failed.length,
      remaining: step.remaining,
    });
  return step;
}

/** How many stored secrets each table holds per key version and format (the rotation's progress). */
export async function keyVersionCounts(services: Services) {
  const { db } = services;
  const connectionRows = await db
    .select({
      keyVersion: connections.keyVersion,
      rowBound: sql<number>`${connections.credentialsCiphertext} LIKE 'v2:%'`,
      n: count(),
    })
    .from(connections)
    .where(isNotNull(connections.credentialsCiphertext))
    .groupBy(connections.keyVersion, sql`2`);
  const slackRows = await db
    .select({
      keyVersion: organizations.slackWebhookKeyVersion,
      rowBound: sql<number>`${organizations.slackWebhookCiphertext} LIKE 'v2:%'`,
      n: count(),
    })
    .from(organizations)
    .where(isNotNull(organizations.slackWebhookCiphertext))
    .groupBy(organizations.slackWebhookKeyVersion, sql`2`);
  return [
    ...connectionRows.map((r) => ({
      table: "connections",
      keyVersion: r.keyVersion ?? 1,
      rowBound: Boolean(r.rowBound),
      count: r.n,
    })),
    ...slackRows.map((r) => ({
      table: "organizations",
      keyVersion: r.keyVersion ?? 1,
      rowBound: Boolean(r.rowBound),
      count: r.n,
    })),
  ];
}
