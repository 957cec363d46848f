import { z } from "zod";

/** One step of a key rotation (operator): `after` is the previous step's `next`, or absent to start at the beginning. */
export const KeyRotationStepRequestSchema = z.object({ after: z.string().max(200).optional() });
export type KeyRotationStepRequest = z.infer<typeof KeyRotationStepRequestSchema>;

export const KeyRotationStepSchema = z.object({
  currentKeyVersion: z.number().int(),
  rotated: z.number().int(),
  /** Secrets that could not be opened (their key version is not configured, or damaged): table and row id only. */
  failed: z.array(z.object({ table: z.string(), id: z.string(), reason: z.string() })),
  /** Where the next step starts; null when this step reached the end. */
  next: z.string().nullable(),
  /** Secrets still not on the current key or not bound to their row; 0 means older keys may be removed. */
  remaining: z.number().int(),
});
export type KeyRotationStep = z.infer<typeof KeyRotationStepSchema>;

export const KeyRotationStatusSchema = z.object({
  currentKeyVersion: z.number().int(),
  configuredKeyVersions: z.array(z.number().int()),
  stored: z.array(
    z.object({ table: z.string(), keyVersion: z.number().int(), rowBound: z.boolean(), count: z.number().int() }),
  ),
  remaining: z.number().int(),
});
export type KeyRotationStatus = z.infer<typeof KeyRotationStatusSchema>;
