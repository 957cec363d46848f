import { z } from "zod";
import { IdSchema, IsoDateTimeSchema } from "./common.ts";

export const UnassignedConversationSchema = z.object({
  id: IdSchema,
  title: z.string(),
  source: z.string(),
  startedAt: IsoDateTimeSchema,
  hostEmail: z.string().nullable(),
  /** Who took part, to help the admin pick the account. */
  participants: z.array(z.object({ name: z.string(), email: z.string().nullable() })),
});

export const AssignConversationRequestSchema = z.object({
  /** The account to route the conversation (and its insights) to; null makes it unassigned again. */
  accountId: IdSchema.nullable(),
});
export type UnassignedConversation = z.infer<typeof UnassignedConversationSchema>;
