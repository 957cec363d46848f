import { and, eq } from "drizzle-orm";
import { conversations } from "../../../db/schema/index.ts";
import type { Services } from "../../../platform/services.ts";

/** Cloudflare Queues delay a message by at most 12 hours. */
export const MAX_QUEUE_DELAY_SECONDS = 43_200;
/**
 * How long to wait for Zoom's own transcript after `recording.completed` (ZOOM_TRANSCRIPT_WAIT_SECONDS):
 * 4 hours. Zoom processes recordings in about twice the recorded time (up to 24 h under load), so a
 * 2-hour meeting's transcript usually lands within it, while accounts with audio transcription off
 * (no transcript ever comes) get Whisper's the same afternoon. Zoom's transcript has speaker names
 * and costs nothing, so waiting for it is worth a few hours.
 */
export const DEFAULT_TRANSCRIPT_WAIT_SECONDS = 14_400;

/** ZOOM_TRANSCRIPT_WAIT_SECONDS as a queue delay: the default when unset or unreadable, capped at 12 h. */
export function transcriptWaitSeconds(env: Pick<Env, "ZOOM_TRANSCRIPT_WAIT_SECONDS">): number {
  const raw = env.ZOOM_TRANSCRIPT_WAIT_SECONDS?.trim();
  const value = raw ? Number(raw) : Number.NaN;
  if (!Number.isFinite(value) || value < 0) return DEFAULT_TRANSCRIPT_WAIT_SECONDS;
  return Math.min(Math.round(value), MAX_QUEUE_DELAY_SECONDS);
}

/**
 * Queues the transcript fallback for a meeting whose `recording.completed` carried no transcript,
 * to run after the wait; the job itself checks again whether Zoom's transcript came meanwhile.
 * Nothing is queued when the conversation already has a transcript (a late `recording.completed`).
 */
export async function scheduleTranscriptFallback(
  services: Services,
  env: Env,
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
  const delaySeconds = transcriptWaitSeconds(env);
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
