import { z } from "zod";
import type { Services } from "../../../platform/services.ts";
import { ZoomClient } from "../../../platform/zoom-api/zoom-client.ts";
import { encodeMeetingUuid } from "./encode-meeting-uuid.ts";
import { getRecordingAccessToken, type RecordingOwner } from "./zoom-recording-token.ts";

/** `GET /past_meetings/{uuid}/participants`, as Zoom documents it; one row per join (people rejoin). */
const ParticipantsPageSchema = z.looseObject({
  next_page_token: z.string().optional(),
  participants: z
    .array(
      z.looseObject({
        id: z.string().optional(),
        user_id: z.string().optional(),
        name: z.string().default(""),
        user_email: z.string().optional(),
        join_time: z.string().optional(),
        leave_time: z.string().optional(),
        duration: z.number().optional(),
      }),
    )
    .default([]),
});
export type ZoomParticipantRow = z.infer<typeof ParticipantsPageSchema>["participants"][number];

/** Bounds a misbehaving cursor: 50 pages of 300 is far more than any meeting's participants. */
const MAX_PAGES = 50;

/**
 * Every participant row of a past meeting, following next_page_token, with the connection's token
 * (account-level, or the host's own; fetched again once when Zoom refuses it). Failures throw the job errors of `zoomFailure`; the
 * caller decides whether a permanent one may be tolerated.
 */
export async function fetchPastParticipants(
  services: Services,
  owner: RecordingOwner,
  meetingUuid: string,
): Promise<ZoomParticipantRow[]> {
  const zoom = new ZoomClient(services);
  const token = (refresh: boolean) => getRecordingAccessToken(services, owner, { refresh });
  const path = `/past_meetings/${encodeMeetingUuid(meetingUuid)}/participants`;
  const rows: ZoomParticipantRow[] = [];
  let cursor = "";
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = `?page_size=300${cursor ? `&next_page_token=${encodeURIComponent(cursor)}` : ""}`;
    const body = ParticipantsPageSchema.parse(
      await zoom.getJson(`${path}${query}`, token, "past meeting participants"),
    );
    rows.push(...body.participants);
    cursor = body.next_page_token ?? "";
    if (!cursor) break;
  }
  return rows;
}
