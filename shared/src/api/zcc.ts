import { z } from "zod";
import { IsoDateTimeSchema } from "./common.ts";

/** The organization's Zoom Contact Center Flow ingest key: only its prefix is ever shown again. */
export const ZccFlowKeySchema = z.object({
  prefix: z.string(),
  createdAt: IsoDateTimeSchema,
});
export type ZccFlowKey = z.infer<typeof ZccFlowKeySchema>;

/** A freshly created or rotated key: `key` is shown this once (only its SHA-256 is stored). */
export const ZccFlowKeyCreatedSchema = ZccFlowKeySchema.extend({ key: z.string() });
export type ZccFlowKeyCreated = z.infer<typeof ZccFlowKeyCreatedSchema>;

/** Whether recordings are kept in Sightline's R2 (off by default). */
export const MediaSettingsSchema = z.object({ keepMedia: z.boolean() });
export type MediaSettings = z.infer<typeof MediaSettingsSchema>;

/** A kept recording of a conversation, with a link that works for a few minutes. */
export const ConversationMediaSchema = z.object({
  id: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  /** Path on the Worker (`/media/{token}`), relative to its origin. */
  url: z.string(),
  expiresAt: IsoDateTimeSchema,
});
export const ConversationMediaListSchema = z.object({ media: z.array(ConversationMediaSchema) });
export type ConversationMediaList = z.infer<typeof ConversationMediaListSchema>;
