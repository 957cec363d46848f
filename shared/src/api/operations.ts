import { z } from "zod";
import { IdSchema, IsoDateTimeSchema } from "./common.ts";

export const FailedJobSchema = z.object({
  id: IdSchema,
  jobType: z.string(),
  reason: z.string(),
  attempts: z.number().int(),
  payload: z.unknown(),
  createdAt: IsoDateTimeSchema,
  replayedAt: IsoDateTimeSchema.nullable(),
});
export type FailedJob = z.infer<typeof FailedJobSchema>;

export const WebhookEventSchema = z.object({
  id: IdSchema,
  provider: z.string(),
  eventType: z.string(),
  status: z.enum(["received", "queued", "ignored", "processed", "failed"]),
  reason: z.string().nullable(),
  receivedAt: IsoDateTimeSchema,
  /** When retention deleted the archived body (the event can no longer be replayed); null while it is kept. */
  archiveDeletedAt: IsoDateTimeSchema.nullable(),
});
export type WebhookEvent = z.infer<typeof WebhookEventSchema>;

export const ListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The archived-events list of the console: optionally one status (e.g. only failed or ignored ones, with their reasons). */
export const WebhookEventListQuerySchema = ListQuerySchema.extend({
  status: z.enum(["received", "queued", "ignored", "processed", "failed"]).optional(),
});
