import { createRoute, z } from "@hono/zod-openapi";
import {
  FailedJobSchema,
  IdSchema,
  ListQuerySchema,
  WebhookEventListQuerySchema,
  WebhookEventSchema,
} from "@sightline/shared";
import { and, desc, eq, isNull } from "drizzle-orm";
import { requireAdmin, requireUser } from "../auth/middleware.ts";
import { failedJobs, webhookEvents } from "../db/schema/index.ts";
import { ApiError } from "../platform/api-error.ts";
import { PROVIDERS } from "../providers/registry.ts";
import { IngestJobSchema } from "../queue/jobs.ts";
import { bearerSecurity, createResourceApp, errorResponses, jsonResponse } from "./openapi-helpers.ts";
import { failedJobView, webhookEventView } from "./views.ts";

/** What an admin needs when something did not go through: failed jobs (and replay), archived events. */
export const operationsApp = createResourceApp();
operationsApp.use("*", requireUser, requireAdmin);
const tags = ["operations"];

operationsApp.openapi(
  createRoute({
    method: "get",
    path: "/failed-jobs",
    summary: "Jobs that failed permanently or ran out of retries, newest first",
    tags,
    security: bearerSecurity,
    request: { query: ListQuerySchema },
    responses: {
      200: jsonResponse(z.object({ failedJobs: z.array(FailedJobSchema) }), "Failed jobs"),
      ...errorResponses,
    },
  }),
  async (c) => {
    const { limit } = c.req.valid("query");
    const rows = await c.var.services.db.query.failedJobs.findMany({
      where: eq(failedJobs.organizationId, c.var.principal.organizationId),
      orderBy: desc(failedJobs.createdAt),
      limit,
    });
    return c.json({ failedJobs: rows.map(failedJobView) }, 200);
  },
);

operationsApp.openapi(
  createRoute({
    method: "post",
    path: "/failed-jobs/{id}/replay",
    summary: "Put a failed job back on the ingest queue (once)",
    tags,
    security: bearerSecurity,
    request: { params: z.object({ id: IdSchema }) },
    responses: { 200: jsonResponse(FailedJobSchema, "The replayed job"), ...errorResponses },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { db, ingestQueue, clock } = c.var.services;
    const scope = and(eq(failedJobs.organizationId, c.var.principal.organizationId), eq(failedJobs.id, id));
    const row = await db.query.failedJobs.findFirst({ where: scope });
    if (!row) throw ApiError.notFound("failed job");
    if (row.replayedAt) throw new ApiError("conflict", `job ${id} was already replayed`);
    const job = IngestJobSchema.safeParse(row.payload);
    if (!job.success) throw new ApiError("bad_request", `job ${id} is malformed and cannot be replayed`);
    const now = clock.now();
    // Claim first so two admins clicking at once replay it once; a send that fails gives the claim
    // back, so a job is never left marked replayed without having been enqueued.
    const claimed = await db
      .update(failedJobs)
      .set({ replayedAt: now })
      .where(and(scope, isNull(failedJobs.replayedAt)))
      .returning();
    if (claimed.length === 0) throw new ApiError("conflict", `job ${id} was already replayed`);
    try {
      await ingestQueue.send(job.data);
    } catch (err) {
      await db
        .update(failedJobs)
        .set({ replayedAt: null })
        .where(and(scope, eq(failedJobs.replayedAt, now)));
      throw new ApiError("unavailable", `job ${id} could not be put back on the queue: ${(err as Error).message}`);
    }
    return c.json(failedJobView({ ...row, replayedAt: now }), 200);
  },
);

operationsApp.openapi(
  createRoute({
    method: "get",
    path: "/webhook-events",
    summary: "Archived webhook events of the organization, newest first (optionally of one status), with their reasons",
    tags,
    security: bearerSecurity,
    request: { query: WebhookEventListQuerySchema },
    responses: { 200: jsonResponse(z.object({ events: z.array(WebhookEventSchema) }), "Events"), ...errorResponses },
  }),
  async (c) => {
    const { limit, status } = c.req.valid("query");
    const rows = await c.var.services.db.query.webhookEvents.findMany({
      where: and(
        eq(webhookEvents.organizationId, c.var.principal.organizationId),
        status ? eq(webhookEvents.status, status) : undefined,
      ),
      orderBy: desc(webhookEvents.receivedAt),
      limit,
    });
    return c.json({ events: rows.map(webhookEventView) }, 200);
  },
);

operationsApp.openapi(
  createRoute({
    method: "post",
    path: "/webhook-events/{id}/replay",
    summary: "Replay an archived webhook event (processed, ignored or failed) through the same pipeline",
    description:
      "The archived body goes through the same decisions as on receipt (the connection today, intake rules, deletions) and, when it passes, the same job; processing is idempotent. The answer is the event with its new status: queued, or ignored with the reason.",
    tags,
    security: bearerSecurity,
    request: { params: z.object({ id: IdSchema }) },
    responses: { 200: jsonResponse(WebhookEventSchema, "The replayed event"), ...errorResponses },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { db } = c.var.services;
    const organizationId = c.var.principal.organizationId;
    const scope = and(eq(webhookEvents.organizationId, organizationId), eq(webhookEvents.id, id));
    const row = await db.query.webhookEvents.findFirst({ where: scope });
    if (!row) throw ApiError.notFound("webhook event");
    const provider = PROVIDERS.find((p) => p.name === row.provider);
    if (!provider) throw new ApiError("bad_request", `events of ${row.provider} cannot be replayed`);
    await provider.replayEvent(c.var.services, { ...row, organizationId });
    const after = await db.query.webhookEvents.findFirst({ where: scope });
    return c.json(webhookEventView(after ?? row), 200);
  },
);
