import { z } from "zod";

/**
 * The envelope every Zoom webhook shares. Only what routing needs is required here; each event
 * handler validates its own `payload.object` (Zoom adds fields freely, so objects stay open).
 */
export const ZoomEnvelopeSchema = z.object({
  event: z.string().min(1),
  event_ts: z.number().int().nonnegative(),
  download_token: z.string().optional(),
  payload: z.looseObject({
    account_id: z.string().optional(),
    plainToken: z.string().optional(),
    operator_id: z.string().optional(),
    object: z
      .looseObject({
        uuid: z.string().optional(),
        id: z.union([z.string(), z.number()]).optional(),
        host_id: z.string().optional(),
        host_email: z.string().optional(),
        user_id: z.string().optional(),
      })
      .optional(),
  }),
});
export type ZoomEnvelope = z.infer<typeof ZoomEnvelopeSchema>;

/** Events Sightline acts on; everything else is archived and acknowledged, not processed. */
export const HANDLED_ZOOM_EVENTS = new Set([
  "recording.completed",
  "recording.transcript_completed",
  "app_deauthorized",
]);

/**
 * One key per event, the same on every redelivery: Zoom retries send the same body, so the event
 * name, its timestamp and the object it is about identify it.
 */
export function zoomDedupeKey(envelope: ZoomEnvelope): string {
  const object = envelope.payload.object;
  const subject = object?.uuid ?? object?.id ?? object?.user_id ?? envelope.payload.account_id ?? "";
  return `${envelope.event}:${envelope.event_ts}:${subject}`;
}
