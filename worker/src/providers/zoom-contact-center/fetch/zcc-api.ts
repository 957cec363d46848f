import { z } from "zod";
import type { Services } from "../../../platform/services.ts";
import { ZoomClient } from "../../../platform/zoom-api/zoom-client.ts";
import type { ConnectionRow } from "../../provider.ts";
import { zccAccessToken } from "../connections/zcc-connection.ts";

/**
 * The Contact Center REST API (ZOOM_API_BASE, the same base and S2S token as meetings), as public
 * clients document it (../shared/notes/providers.md). Objects stay open: Zoom adds fields freely.
 */
const text = z.union([z.string(), z.number()]).transform(String);

export const ZccEngagementSchema = z.looseObject({
  engagement_id: text,
  start_time: z.string().optional().nullable(),
  end_time: z.string().optional().nullable(),
  duration: z.number().optional().nullable(),
  direction: z.string().optional().nullable(),
  channels: z
    .array(z.looseObject({ channel: z.string().optional(), channel_source: z.string().optional() }))
    .optional(),
  /** Some payloads carry one channel as a string. */
  channel: z.string().optional().nullable(),
  consumers: z
    .array(
      z.looseObject({
        consumer_id: text.optional(),
        consumer_display_name: z.string().optional().nullable(),
        consumer_number: z.string().optional().nullable(),
        consumer_email: z.string().optional().nullable(),
      }),
    )
    .optional(),
  agents: z
    .array(
      z.looseObject({
        user_id: text.optional(),
        display_name: z.string().optional().nullable(),
        user_email: z.string().optional().nullable(),
      }),
    )
    .optional(),
  queues: z.array(z.looseObject({ queue_id: text.optional(), queue_name: z.string().optional() })).optional(),
  dispositions: z
    .array(z.looseObject({ disposition_id: text, disposition_name: z.string().optional().nullable() }))
    .optional(),
  notes: z
    .array(
      z.looseObject({
        note_id: text,
        user_id: text.optional().nullable(),
        note: z.string().optional().nullable(),
        last_modified_time: z.string().optional().nullable(),
      }),
    )
    .optional(),
  transcript_url: z.string().optional().nullable(),
  callback_voice_messages: z
    .array(
      z.looseObject({
        callback_voice_message_url: z.string().optional().nullable(),
        callback_voice_message_transcript_url: z.string().optional().nullable(),
      }),
    )
    .optional(),
});
export type ZccEngagement = z.infer<typeof ZccEngagementSchema>;

const EngagementPageSchema = z.looseObject({
  next_page_token: z.string().optional().nullable(),
  engagements: z.array(ZccEngagementSchema).default([]),
});

export const ZccRecordingSchema = z.looseObject({
  recording_id: text,
  engagement_id: text.optional(),
  download_url: z.string().optional().nullable(),
  transcript_url: z.string().optional().nullable(),
  recording_end_time: z.string().optional().nullable(),
  channel: z.string().optional().nullable(),
});
export type ZccRecording = z.infer<typeof ZccRecordingSchema>;

const RecordingPageSchema = z.looseObject({
  next_page_token: z.string().optional().nullable(),
  recordings: z.array(ZccRecordingSchema).default([]),
});

/** REST calls of one connection, with its token (refreshed once on a 401 by ZoomClient). */
export class ZccApi {
  readonly client: ZoomClient;
  constructor(
    private readonly services: Services,
    readonly connection: ConnectionRow,
  ) {
    this.client = new ZoomClient(services);
  }

  token = (refresh: boolean) => zccAccessToken(this.services, this.connection, refresh);

  async engagement(engagementId: string): Promise<ZccEngagement> {
    const json = await this.client.getJson(
      `/contact_center/engagements/${encodeURIComponent(engagementId)}`,
      this.token,
      `engagement ${engagementId}`,
    );
    const parsed = ZccEngagementSchema.safeParse(json);
    if (!parsed.success) throw new Error(`engagement ${engagementId}: Zoom's answer was not understood`);
    return parsed.data;
  }

  async engagementPage(query: { from: string; to: string; pageToken?: string | null; pageSize?: number }) {
    const params = new URLSearchParams({ from: query.from, to: query.to, page_size: String(query.pageSize ?? 300) });
    if (query.pageToken) params.set("next_page_token", query.pageToken);
    const json = await this.client.getJson(`/contact_center/engagements?${params}`, this.token, "engagements list");
    const parsed = EngagementPageSchema.safeParse(json);
    if (!parsed.success) throw new Error("engagements list: Zoom's answer was not understood");
    return parsed.data;
  }

  async recordingPage(query: { from: string; to: string; pageToken?: string | null }) {
    const params = new URLSearchParams({
      query_date_type: "recording_end_time",
      from: query.from,
      to: query.to,
      page_size: "300",
    });
    if (query.pageToken) params.set("next_page_token", query.pageToken);
    const json = await this.client.getJson(`/contact_center/recordings?${params}`, this.token, "recordings list");
    const parsed = RecordingPageSchema.safeParse(json);
    if (!parsed.success) throw new Error("recordings list: Zoom's answer was not understood");
    return parsed.data;
  }
}
