import { and, eq, isNotNull, sql } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { connections, gongSettings, webhookEvents } from "../../../db/schema/index.ts";
import { ApiError } from "../../../platform/api-error.ts";
import type { AppEnv } from "../../../platform/app-env.ts";
import { newId } from "../../../platform/ids.ts";
import { checkGongJwtClaims, gongJwtFrom, gongJwtSignedBy, importWebhookKey } from "./verify-gong-jwt.ts";

/** What the route reads of an automation-rule body: `{"callData": <call as in extensive>, "isTest": bool}`. */
export const GongWebhookSchema = z.object({
  isTest: z.boolean().optional(),
  callData: z
    .object({ metaData: z.object({ id: z.union([z.string().min(1), z.number()]).transform(String) }) })
    .optional(),
});

/**
 * `POST /webhooks/gong`: an automation rule's webhook (signed JWT). The organization is the one whose
 * pasted public key verifies the token and that has an active Gong connection; the claims must match
 * this request. Then: archive the raw body (R2 + webhook_events, deduplicated per organization by the
 * body's hash), queue the import of that call, acknowledge. A wrong or missing signature is a 401 that
 * says why; a signed body that is not a call is archived and answered 400 with the reason.
 */
export const gongWebhookApp = new Hono<AppEnv>();

gongWebhookApp.post("/", async (c) => {
  const { db, blobs, clock, log } = c.var.services;
  const rawBody = await c.req.text();
  const token = gongJwtFrom(c.req.header("authorization"));
  if (!token) throw new ApiError("unauthorized", "invalid Gong webhook: no signed JWT in Authorization");

  const candidates = await db
    .select({
      organizationId: gongSettings.organizationId,
      pem: gongSettings.webhookPublicKey,
      connectionId: connections.id,
    })
    .from(gongSettings)
    .innerJoin(
      connections,
      and(
        eq(connections.organizationId, gongSettings.organizationId),
        eq(connections.provider, "gong"),
        eq(connections.status, "active"),
      ),
    )
    .where(isNotNull(gongSettings.webhookPublicKey));
  let owner: (typeof candidates)[number] | undefined;
  for (const candidate of candidates) {
    const key = await importWebhookKey(candidate.pem ?? "").catch(() => null);
    if (key && (await gongJwtSignedBy(token, key))) {
      owner = candidate;
      break;
    }
  }
  if (!owner) {
    log.warn("gong webhook rejected", { reason: "signature" });
    throw new ApiError(
      "unauthorized",
      "invalid Gong webhook: the JWT is not signed by any configured Gong webhook key (RS256)",
    );
  }
  const claims = await checkGongJwtClaims(token, { url: c.req.url, rawBody, now: clock.now() });
  if (!claims.ok) {
    log.warn("gong webhook rejected", { reason: claims.reason });
    throw new ApiError("unauthorized", `invalid Gong webhook: ${claims.reason}`);
  }

  const organizationId = owner.organizationId;
  const now = clock.now();
  const digest = claims.claims.body_sha256 as string;
  const byKey = and(
    eq(webhookEvents.organizationId, organizationId),
    eq(webhookEvents.provider, "gong"),
    eq(webhookEvents.dedupeKey, `body:${digest.toLowerCase()}`),
  );
  const existing = await db.query.webhookEvents.findFirst({ where: byKey });
  if (existing && existing.status !== "received") return c.json({ received: true, status: "duplicate" }, 200);

  let parsed: z.infer<typeof GongWebhookSchema> | null = null;
  let problem: string | null = null;
  try {
    const result = GongWebhookSchema.safeParse(JSON.parse(rawBody));
    if (result.success) parsed = result.data;
    else
      problem = `${result.error.issues[0]?.path.join(".") || "body"}: ${result.error.issues[0]?.message ?? "invalid"}`;
  } catch {
    problem = "body is not JSON";
  }
  const callId = parsed?.callData?.metaData.id;
  if (!problem && !parsed?.isTest && !callId) problem = "callData.metaData.id: required";

  const id = existing?.id ?? newId("evt");
  const r2Key = existing?.r2Key ?? `orgs/${organizationId}/webhooks/gong/${now.toISOString().slice(0, 10)}/${id}.json`;
  if (!existing) {
    await blobs.put(r2Key, rawBody, {
      httpMetadata: { contentType: "application/json" },
      customMetadata: { callId: callId ?? "" },
    });
    const status = problem || parsed?.isTest ? "ignored" : "received";
    const reason = problem ? `malformed: ${problem}` : parsed?.isTest ? "test delivery" : null;
    const inserted = await db
      .insert(webhookEvents)
      .values({
        id,
        organizationId,
        provider: "gong",
        eventType: parsed?.isTest ? "gong.test" : "gong.call",
        dedupeKey: `body:${digest.toLowerCase()}`,
        r2Key,
        status,
        reason,
        receivedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: webhookEvents.id });
    if (inserted.length === 0) {
      await blobs.delete(r2Key);
      return c.json({ received: true, status: "duplicate" }, 200);
    }
  }
  if (problem) throw new ApiError("bad_request", `malformed Gong webhook: ${problem}`);
  if (parsed?.isTest || !callId) return c.json({ received: true, status: "test" }, 200);

  await c.var.services.ingestQueue.send({
    kind: "gong_call",
    organizationId,
    connectionId: owner.connectionId,
    callId,
    webhookEventId: id,
  });
  await db
    .update(webhookEvents)
    .set({ status: "queued" })
    .where(and(eq(webhookEvents.organizationId, organizationId), eq(webhookEvents.id, id), sql`status = 'received'`));
  return c.json({ received: true, status: "queued" }, 200);
});
