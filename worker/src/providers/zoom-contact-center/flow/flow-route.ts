import { and, eq } from "drizzle-orm";
import { Hono } from "hono";
import { webhookEvents, zccFlowKeys } from "../../../db/schema/index.ts";
import { ApiError } from "../../../platform/api-error.ts";
import type { AppEnv } from "../../../platform/app-env.ts";
import { sha256Hex } from "../../../platform/crypto.ts";
import { newId } from "../../../platform/ids.ts";
import { ZCC } from "../connections/zcc-connection.ts";
import { FlowBodySchema } from "./flow-body.ts";

/**
 * `POST /webhooks/zoom-contact-center/flow`: what a Zoom Contact Center Flow event script posts
 * (`{ disposition, transcript }`, plus `engagement_id` when the script adds it), authenticated by
 * the organization's ingest key as a bearer token. Archived in R2, indexed (a resent identical body
 * is a duplicate), enqueued, acknowledged.
 */
export const zccFlowApp = new Hono<AppEnv>();

/** The archive index's event type of a Flow post (its job kind is zcc_flow_event). */
export const FLOW_EVENT_TYPE = "flow_event_script";

zccFlowApp.post("/", async (c) => {
  const { db, blobs, clock, log } = c.var.services;
  const key = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
  if (!key)
    throw new ApiError("unauthorized", "send the organization's Flow ingest key as Authorization: Bearer <key>");
  const found = await db.query.zccFlowKeys.findFirst({ where: eq(zccFlowKeys.keyHash, await sha256Hex(key)) });
  if (!found) throw new ApiError("unauthorized", "unknown or rotated Flow ingest key");
  const organizationId = found.organizationId;
  const rawBody = await c.req.text();
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new ApiError("bad_request", "body is not JSON");
  }
  const parsed = FlowBodySchema.safeParse(json);
  if (!parsed.success) {
    const problem = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.length ? i.path.join(".") : "body"}: ${i.message}`)
      .join("; ");
    throw new ApiError("bad_request", `malformed Flow event: ${problem}`);
  }
  const now = clock.now();
  const digest = await sha256Hex(rawBody);
  const dedupeKey = `flow:${digest}`;
  const existing = await db.query.webhookEvents.findFirst({
    where: and(
      eq(webhookEvents.organizationId, organizationId),
      eq(webhookEvents.provider, ZCC),
      eq(webhookEvents.dedupeKey, dedupeKey),
    ),
  });
  if (existing && existing.status !== "received") return c.json({ received: true, status: "duplicate" }, 200);
  const id = existing?.id ?? newId("evt");
  const r2Key =
    existing?.r2Key ??
    `orgs/${organizationId}/webhooks/zoom-contact-center/flow/${now.toISOString().slice(0, 10)}/${id}.json`;
  if (!existing) {
    await blobs.put(r2Key, rawBody, { httpMetadata: { contentType: "application/json" } });
    const inserted = await db
      .insert(webhookEvents)
      .values({
        id,
        organizationId,
        provider: ZCC,
        eventType: FLOW_EVENT_TYPE,
        dedupeKey,
        r2Key,
        status: "received",
        receivedAt: now,
        // The engagement it is about (the job's name for a body without one): a deletion finds this archive by it.
        subjectId: parsed.data.engagement_id ?? `flow-${digest.slice(0, 24)}`,
      })
      .onConflictDoNothing()
      .returning({ id: webhookEvents.id });
    if (inserted.length === 0) {
      await blobs.delete(r2Key);
      return c.json({ received: true, status: "duplicate" }, 200);
    }
  }
  await c.var.services.ingestQueue.send({ kind: "zcc_flow_event", organizationId, webhookEventId: id, r2Key });
  await db
    .update(webhookEvents)
    .set({ status: "queued" })
    .where(and(eq(webhookEvents.organizationId, organizationId), eq(webhookEvents.id, id)));
  log.info("flow event accepted", { organization: organizationId });
  return c.json({ received: true, status: "queued" }, 200);
});
