import { and, eq } from "drizzle-orm";
import { conversations } from "../../../db/schema/index.ts";
import type { Services } from "../../../platform/services.ts";

/**
 * Queues the transcript fallback for a meeting whose `recording.completed` carried no transcript,
 * to run after the wait; the job itself checks again whether Zoom's transcript came meanwhile.
 * Nothing is queued when the conversation already has a transcript (a late `recording.completed`).
 */
export async function scheduleTranscriptFallback(
  services: Services,
  job: { organizationId: string; webhookEventId: string; r2Key: string },
  meetingUuid: string,
): Promise<void> {
  const existing = await services.db.query.conversations.findFirst({
    columns: { transcriptKey: true },
    where: and(
      eq(conversations.organizationId, job.organizationId),
      eq(conversations.source, "zoom_meeting"),
      eq(conversations.externalId, meetingUuid),
    ),
  });
  if (existing?.transcriptKey) return;
  const delaySeconds = services.config.zoom.transcriptWaitSeconds;
  await services.ingestQueue.send(
    {
      kind: "zoom_transcript_fallback",
      organizationId: job.organizationId,
      webhookEventId: job.webhookEventId,
      r2Key: job.r2Key,
    },
    { delaySeconds },
  );
  services.log.info("transcript fallback scheduled", { meeting: meetingUuid, delaySeconds });
}
