import type { GongSettings, SetGongSettingsRequest } from "@sightline/shared";
import { eq } from "drizzle-orm";
import { gongSettings } from "../../../db/schema/index.ts";
import { ApiError } from "../../../platform/api-error.ts";
import type { Services } from "../../../platform/services.ts";
import { DEFAULT_BACKFILL_DAYS } from "../pull/gong-sync.ts";
import { importWebhookKey } from "../webhook/verify-gong-jwt.ts";

export async function readGongSettings(
  services: Services,
  organizationId: string,
  origin: string,
): Promise<GongSettings> {
  const row = await services.db.query.gongSettings.findFirst({
    where: eq(gongSettings.organizationId, organizationId),
  });
  return {
    backfillDays: row?.backfillDays ?? DEFAULT_BACKFILL_DAYS,
    webhookPublicKeyConfigured: !!row?.webhookPublicKey,
    webhookUrl: `${origin}/webhooks/gong`,
  };
}

/** Sets the backfill depth and the webhook's public key (checked to be an RSA public key in PEM). */
export async function writeGongSettings(
  services: Services,
  organizationId: string,
  input: SetGongSettingsRequest,
): Promise<void> {
  if (input.webhookPublicKey) {
    try {
      await importWebhookKey(input.webhookPublicKey);
    } catch {
      throw new ApiError("bad_request", "webhookPublicKey: not an RSA public key in PEM (-----BEGIN PUBLIC KEY-----)");
    }
  }
  const now = services.clock.now();
  const set = {
    ...(input.backfillDays !== undefined ? { backfillDays: input.backfillDays } : {}),
    ...(input.webhookPublicKey !== undefined ? { webhookPublicKey: input.webhookPublicKey } : {}),
    updatedAt: now,
  };
  await services.db
    .insert(gongSettings)
    .values({ organizationId, backfillDays: DEFAULT_BACKFILL_DAYS, ...set })
    .onConflictDoUpdate({ target: gongSettings.organizationId, set });
}
