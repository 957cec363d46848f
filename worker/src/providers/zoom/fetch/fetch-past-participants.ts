import { z } from "zod";
import type { Services } from "../../../platform/services.ts";
import { encodeMeetingUuid } from "./encode-meeting-uuid.ts";
import { networkFailure, zoomFailure } from "./zoom-failure.ts";
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
  const base = `${services.config.zoom.apiBase.replace(/\/+$/, "")}/past_meetings/${encodeMeetingUuid(meetingUuid)}/participants`;
  let token = await getRecordingAccessToken(services, owner);
  let refreshed = false;
  const rows: ZoomParticipantRow[] = [];
  let cursor = "";
  for (let page = 0; page < MAX_PAGES; page++) {
    const url = `${base}?page_size=300${cursor ? `&next_page_token=${encodeURIComponent(cursor)}` : ""}`;
    let res: Response;
    try {
      res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(20_000) });
    } catch (err) {
      throw networkFailure("past meeting participants", err);
    }
    if (res.status === 401 && !refreshed) {
      await res.body?.cancel();
      token = await getRecordingAccessToken(services, owner, { refresh: true });
      refreshed = true;
      page--;
      continue;
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw zoomFailure("past meeting participants", res.status, res.headers.get("retry-after"), services.clock.now());
    }
    const body = ParticipantsPageSchema.parse(await res.json());
    rows.push(...body.participants);
    cursor = body.next_page_token ?? "";
    if (!cursor) break;
  }
  return rows;
}
