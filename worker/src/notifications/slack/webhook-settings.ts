import { and, eq, isNotNull } from "drizzle-orm";
import { slackWebhookBinding } from "../../connections/token-crypto.ts";
import { organizations } from "../../db/schema/index.ts";
import type { Config } from "../../platform/config.ts";
import type { Db, Services } from "../../platform/services.ts";

/**
 * Why a webhook URL is refused, or null when it is acceptable: Slack's own incoming-webhook host
 * (`https://hooks.slack.com/...`) only, so the Worker never posts call recaps (or probes) anywhere
 * else; plain http to the loopback host only when ALLOW_INSECURE_WEBHOOKS is "true" (tests, local
 * fakes). No credentials in the URL.
 */
export function webhookUrlProblem(raw: string, config: Pick<Config, "allowInsecureWebhooks">): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "must be a URL";
  }
  if (url.username || url.password) return "must not contain credentials";
  const loopback = url.hostname === "127.0.0.1" || url.hostname === "localhost";
  if (url.protocol === "http:" && loopback && config.allowInsecureWebhooks) return null;
  if (url.protocol !== "https:") return "must be an https URL";
  if (url.hostname !== "hooks.slack.com" || url.port)
    return "must be a Slack incoming webhook (https://hooks.slack.com/...)";
  return null;
}

export async function setSlackWebhook(services: Services, organizationId: string, webhookUrl: string): Promise<void> {
  const sealed = await services.vault.seal(slackWebhookBinding(organizationId), { url: webhookUrl });
  await services.db
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
export async function loadSlackWebhook(services: Services, organizationId: string): Promise<string | null> {
  const row = await services.db.query.organizations.findFirst({
    columns: { slackWebhookCiphertext: true, slackWebhookIv: true, slackWebhookKeyVersion: true },
    where: eq(organizations.id, organizationId),
  });
  if (!row?.slackWebhookCiphertext || !row.slackWebhookIv || row.slackWebhookKeyVersion === null) return null;
  const { url } = await services.vault.open<{ url: string }>(slackWebhookBinding(organizationId), {
    ciphertext: row.slackWebhookCiphertext,
    iv: row.slackWebhookIv,
    keyVersion: row.slackWebhookKeyVersion,
  });
  return url;
}
