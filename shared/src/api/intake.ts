import { z } from "zod";
import { IsoDateTimeSchema } from "./common.ts";

export const IntakeReasonSchema = z.enum(["unregistered_host", "intake_off"]);

export const IntakeSettingsSchema = z.object({
  /** Only conversations hosted by a Sightline user of the organization are ingested. */
  registeredUsersOnly: z.boolean(),
  /** Recordings discarded on receipt (never stored), for the admin's intake log. */
  discards: z.object({
    total: z.number().int(),
    byReason: z.object({ unregistered_host: z.number().int(), intake_off: z.number().int() }),
    recent: z.array(
      z.object({
        provider: z.string(),
        reason: IntakeReasonSchema,
        hostEmail: z.string().nullable(),
        externalId: z.string().nullable(),
        discardedAt: IsoDateTimeSchema,
      }),
    ),
  }),
});
export type IntakeSettings = z.infer<typeof IntakeSettingsSchema>;

export const UpdateIntakeSettingsRequestSchema = z.object({ registeredUsersOnly: z.boolean() });
