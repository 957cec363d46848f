import { z } from "zod";
import { IdSchema, IsoDateTimeSchema } from "./common.ts";

/** What an admin exports: the whole organization, or one account (its contacts, conversations, transcripts, insights). */
export const CreateExportSchema = z
  .object({ scope: z.enum(["organization", "account"]), accountId: IdSchema.optional() })
  .superRefine((body, ctx) => {
    if (body.scope === "account" && !body.accountId)
      ctx.addIssue({ code: "custom", path: ["accountId"], message: 'scope "account" needs accountId' });
    if (body.scope !== "account" && body.accountId)
      ctx.addIssue({ code: "custom", path: ["accountId"], message: 'accountId only goes with scope "account"' });
  });
export type CreateExport = z.infer<typeof CreateExportSchema>;

/**
 * An export and its progress. The archive is JSON Lines: one object per line, its `type` one of
 * account, contact, conversation, transcript_segment, insight; `lines` counts them by type. When
 * done, `download` is a link that works for a few minutes without a bearer token (ask again for a new one).
 */
export const DataExportSchema = z.object({
  id: IdSchema,
  scope: z.enum(["organization", "account"]),
  accountId: IdSchema.nullable(),
  requestedByUserId: IdSchema,
  /** expired: the archive was deleted (a week after it was done); export again for a new one. */
  status: z.enum(["pending", "running", "done", "failed", "expired"]),
  /** Where it is: accounts, contacts, conversations, transcript_segments, insights, done. */
  phase: z.string(),
  lines: z.record(z.string(), z.number().int()),
  parts: z.number().int(),
  bytes: z.number().int(),
  error: z.string().nullable(),
  createdAt: IsoDateTimeSchema,
  completedAt: IsoDateTimeSchema.nullable(),
  download: z.object({ url: z.string(), expiresAt: IsoDateTimeSchema }).nullable(),
});
export type DataExport = z.infer<typeof DataExportSchema>;
