import { z } from "zod";
import { IdSchema, IsoDateTimeSchema } from "./common.ts";

export const ProviderSchema = z.enum(["zoom", "zoom_contact_center", "gong"]);
export type Provider = z.infer<typeof ProviderSchema>;

/** A connection as the API shows it: never its credentials. */
export const ConnectionSchema = z.object({
  id: IdSchema,
  provider: ProviderSchema,
  scope: z.enum(["account", "user"]),
  userId: IdSchema.nullable(),
  externalAccountId: z.string().nullable(),
  externalUserId: z.string().nullable(),
  status: z.enum(["active", "error", "disconnected"]),
  lastError: z.string().nullable(),
  createdAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
});
export type Connection = z.infer<typeof ConnectionSchema>;

/** Zoom Server-to-Server OAuth app credentials, entered by an org admin (BackEngine-style account connection). */
export const ConfigureZoomAccountRequestSchema = z.object({
  accountId: z.string().trim().min(1).max(100),
  clientId: z.string().trim().min(1).max(200),
  clientSecret: z.string().trim().min(1).max(500),
});
export type ConfigureZoomAccountRequest = z.infer<typeof ConfigureZoomAccountRequestSchema>;
