import { z } from "zod";
import { IdSchema, IsoDateTimeSchema } from "./common.ts";

export const DELETION_SCOPES = ["all", "user", "account", "connection"] as const;

/**
 * What an admin deletes: everything, the conversations one user hosted, one account's, or those one
 * connection ingested; optionally only conversations that started in [from, to).
 */
export const CreateDeletionSchema = z
  .object({
    scope: z.enum(DELETION_SCOPES),
    userId: IdSchema.optional(),
    accountId: IdSchema.optional(),
    connectionId: IdSchema.optional(),
    from: IsoDateTimeSchema.optional(),
    to: IsoDateTimeSchema.optional(),
  })
  .superRefine((body, ctx) => {
    const target = { user: "userId", account: "accountId", connection: "connectionId" } as const;
    for (const [scope, field] of Object.entries(target))
      if (body.scope === scope && !body[field])
        ctx.addIssue({ code: "custom", path: [field], message: `scope "${scope}" needs ${field}` });
      else if (body.scope !== scope && body[field])
        ctx.addIssue({ code: "custom", path: [field], message: `${field} only goes with scope "${scope}"` });
    if (body.from && body.to && Date.parse(body.from) >= Date.parse(body.to))
      ctx.addIssue({ code: "custom", path: ["to"], message: "must be after from" });
  });
export type CreateDeletion = z.infer<typeof CreateDeletionSchema>;

/** The audit record of a deletion and its progress: who, when, what scope, what was removed (counts only). */
export const DeletionSchema = z.object({
  id: IdSchema,
  /** "retention": the nightly clean-up of what is past the organization's retention periods. */
  scope: z.enum([...DELETION_SCOPES, "retention"]),
  userId: IdSchema.nullable(),
  accountId: IdSchema.nullable(),
  connectionId: IdSchema.nullable(),
  from: IsoDateTimeSchema.nullable(),
  to: IsoDateTimeSchema.nullable(),
  /** null for retention runs (the nightly cron asked). */
  requestedByUserId: IdSchema.nullable(),
  /** Retention: archived webhook bodies received before this went. */
  archivesBefore: IsoDateTimeSchema.nullable(),
  status: z.enum(["pending", "running", "done", "failed"]),
  /** Conversations in scope when it started (null until it starts); progress = deleted / found. */
  conversationsFound: z.number().int().nullable(),
  deleted: z.object({
    conversations: z.number().int(),
    transcriptSegments: z.number().int(),
    insights: z.number().int(),
    participants: z.number().int(),
    webhookEvents: z.number().int(),
    storedObjects: z.number().int(),
    /** Retention: archived webhook bodies deleted for their age (their index rows stay). */
    expiredArchives: z.number().int(),
  }),
  error: z.string().nullable(),
  createdAt: IsoDateTimeSchema,
  completedAt: IsoDateTimeSchema.nullable(),
});
export type Deletion = z.infer<typeof DeletionSchema>;
