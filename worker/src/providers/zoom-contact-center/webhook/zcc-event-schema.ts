import { z } from "zod";

/**
 * The Contact Center events Sightline acts on. Each names its engagement (`payload.object.engagement_id`);
 * everything else in the object is unverified (../shared/notes/providers.md), so the job reads the
 * engagement back through the REST API and uses the payload only for what the event itself is
 * about (the note or disposition just saved), never trusting it alone.
 */
export const ZCC_EVENTS = [
  "contact_center.recording_completed",
  "contact_center.recording_transcript_completed",
  "contact_center.engagement_messaging_transcript_completed",
  "contact_center.engagement_email_transcript_completed",
  "contact_center.voicemail_transcript_completed",
  "contact_center.engagement_note_added",
  "contact_center.engagement_disposition_added",
  "contact_center.engagement_ended",
] as const;
export type ZccEventName = (typeof ZCC_EVENTS)[number];

export const TRANSCRIPT_EVENTS: ReadonlySet<string> = new Set([
  "contact_center.recording_transcript_completed",
  "contact_center.engagement_messaging_transcript_completed",
  "contact_center.engagement_email_transcript_completed",
  "contact_center.voicemail_transcript_completed",
]);

const id = z.union([z.string().min(1), z.number()]).transform(String);
const optionalText = z.string().optional().nullable();

/** The object of a handled event: open (Zoom adds fields), only the engagement id required. */
export const ZccEventObjectSchema = z.looseObject({
  engagement_id: id,
  note_id: id.optional(),
  note: optionalText,
  user_id: id.optional().nullable(),
  user_display_name: optionalText,
  disposition_id: id.optional(),
  disposition_name: optionalText,
  queue_name: optionalText,
  recording_id: id.optional(),
  transcript_url: optionalText,
  download_url: optionalText,
  channel: optionalText,
  last_modified_time: optionalText,
});
export type ZccEventObject = z.infer<typeof ZccEventObjectSchema>;

/** One key per event, the same on every redelivery (Zoom resends the same body). */
export function zccDedupeKey(event: string, eventTs: number, object: ZccEventObject): string {
  const item = object.note_id ?? object.disposition_id ?? object.recording_id ?? "";
  return `${event}:${eventTs}:${object.engagement_id}:${item}`;
}
