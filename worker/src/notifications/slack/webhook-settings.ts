import { and, eq, isNotNull } from "drizzle-orm";
import { importEncryptionKey, openCredentials, sealCredentials } from "../../connections/token-crypto.ts";
import { organizations } from "../../db/schema/index.ts";
import type { Db } from "../../platform/services.ts";

/** The sealed URL's additional data is `${organizationId}|slack`: it does not open on another org's row. */
const PROVIDER = "slack";

/** Optional vars of the recap that wrangler.toml does not declare (set them in [vars] or .dev.vars). */
export interface SlackVars {
  /** "true" lets an admin set an http://127.0.0.1 (or localhost) webhook URL: tests and local fakes only. */
  ALLOW_INSECURE_WEBHOOKS?: string;
  /** Base URL for the recap's "Open in Sightline" link; no link when unset. */
  SIGHTLINE_APP_URL?: string;
}

export const slackVars = (env: Env): SlackVars => env as unknown as SlackVars;

/**
 * Why a webhook URL is refused, or null when it is acceptable: https always; http only to the
 * loopback host when ALLOW_INSECURE_WEBHOOKS is "true". No credentials in the URL.
 */
export function webhookUrlProblem(raw: string, vars: SlackVars): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "must be a URL";
  }
  if (url.username || url.password) return "must not contain credentials";
  if (url.protocol === "https:") return null;
  const loopback = url.hostname === "127.0.0.1" || url.hostname === "localhost";
  if (url.protocol === "http:" && loopback && vars.ALLOW_INSECURE_WEBHOOKS === "true") return null;
  return "must be an https URL";
}

export async function setSlackWebhook(db: Db, env: Env, organizationId: string, webhookUrl: string): Promise<void> {
  const key = await importEncryptionKey(env.TOKEN_ENCRYPTION_KEY);
  const sealed = await sealCredentials(key, organizationId, PROVIDER, { url: webhookUrl });
  await db
    .update(organizations)
    .set({
      slackWebhookCiphertext: sealed.ciphertext,
      slackWebhookIv: sealed.iv,
      slackWebhookKeyVersion: sealed.keyVersion,
    })
    .where(eq(organizations.id, organizationId));
}

export async function clearSlackWebhook(db: Db, organizationId: string): Promise<void> {
  await db
    .update(organizations)
    .set({ slackWebhookCiphertext: null, slackWebhookIv: null, slackWebhookKeyVersion: null })
    .where(eq(organizations.id, organizationId));
}

export async function hasSlackWebhook(db: Db, organizationId: string): Promise<boolean> {
  const row = await db.query.organizations.findFirst({
    columns: { id: true },
    where: and(eq(organizations.id, organizationId), isNotNull(organizations.slackWebhookCiphertext)),
  });
  return row !== undefined;
}

/** The organization's webhook URL, or null when none is set. Throws when it cannot be decrypted. */
export async function loadSlackWebhook(db: Db, env: Env, organizationId: string): Promise<string | null> {
  const row = await db.query.organizations.findFirst({
    columns: { slackWebhookCiphertext: true, slackWebhookIv: true, slackWebhookKeyVersion: true },
    where: eq(organizations.id, organizationId),
  });
  if (!row?.slackWebhookCiphertext || !row.slackWebhookIv || row.slackWebhookKeyVersion === null) return null;
  const key = await importEncryptionKey(env.TOKEN_ENCRYPTION_KEY);
  const { url } = await openCredentials<{ url: string }>(key, organizationId, PROVIDER, {
    ciphertext: row.slackWebhookCiphertext,
    iv: row.slackWebhookIv,
    keyVersion: row.slackWebhookKeyVersion,
  });
  return url;
}
