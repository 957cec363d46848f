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
