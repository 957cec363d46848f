import type { Services } from "../../../platform/services.ts";

/** Where audio waits between download and Whisper upload: one prefix, so one sweep finds every org's. */
export const STAGED_AUDIO_PREFIX = "tmp/whisper-audio/";

export const whisperStagingKey = (organizationId: string, uuid: string, fileId: string) =>
  `${STAGED_AUDIO_PREFIX}orgs/${organizationId}/${encodeURIComponent(uuid)}/${encodeURIComponent(fileId)}`;

/**
 * Older than any transcription job can run (a queue consumer stops after 15 minutes of wall time),
 * so whatever is still staged this long after upload belongs to no running job.
 */
export const STAGED_AUDIO_MAX_AGE_MS = 30 * 60 * 1000;

/**
 * Deletes staged audio left behind: the fallback job deletes its audio in a `finally`, but an
 * isolate that is evicted or runs out of time mid-job never gets there. Runs every 15 minutes.
 * Answers how many objects it deleted.
 */
export async function sweepStagedAudio(services: Services): Promise<number> {
  const cutoff = services.clock.now().getTime() - STAGED_AUDIO_MAX_AGE_MS;
  let deleted = 0;
  let cursor: string | undefined;
  do {
    const page = await services.blobs.list({ prefix: STAGED_AUDIO_PREFIX, cursor, limit: 1000 });
    const stale = page.objects.filter((o) => o.uploaded.getTime() < cutoff).map((o) => o.key);
    if (stale.length) {
      await services.blobs.delete(stale);
      deleted += stale.length;
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  if (deleted) services.log.warn("deleted staged audio that outlived its job", { deleted });
  return deleted;
}
