import type { Services } from "../../../platform/services.ts";
import { PermanentJobError } from "../../../queue/jobs.ts";

/**
 * Zoom's `download_token` is a 24-hour bearer for a meeting's recordings that needs no connection.
 * The archived body has to keep it while the event's jobs may still download (the fetch stage, its
 * retries, a Whisper fallback waiting for Zoom's transcript); once they have ended for good, the
 * archive is rewritten without it, so stored bodies hold no live credential. A later replay downloads
 * with the connection's own token instead (download-transcript.ts falls back to it).
 */
export async function redactArchivedDownloadToken(services: Services, r2Key: string): Promise<boolean> {
  const object = await services.blobs.get(r2Key);
  if (!object) return false;
  let body: unknown;
  try {
    body = JSON.parse(await object.text());
  } catch {
    return false; // Not a JSON body: it never carried a token the pipeline could read.
  }
  if (typeof body !== "object" || body === null || !("download_token" in body)) return false;
  const { download_token: _used, ...rest } = body as Record<string, unknown>;
  await services.blobs.put(r2Key, JSON.stringify(rest), {
    httpMetadata: object.httpMetadata,
    customMetadata: { ...object.customMetadata, downloadTokenRedacted: services.clock.now().toISOString() },
  });
  return true;
}

/**
 * Runs a Zoom job that reads the archived body at `r2Key`, then redacts the body's download_token
 * when no later run can need it: after success (unless `stillNeeded` says a follow-up job will read
 * it) and after a permanent failure. A retryable failure keeps it, since the retry downloads again.
 * A failed redaction is logged, never a job failure: the sweeps delete the archive in time anyway.
 */
export async function thenRedactDownloadToken<T>(
  services: Services,
  r2Key: string,
  run: () => Promise<T>,
  stillNeeded: (outcome: T) => boolean = () => false,
): Promise<T> {
  const redact = () =>
    redactArchivedDownloadToken(services, r2Key).catch((err: unknown) => {
      services.log.warn("could not redact the download_token of an archived Zoom event", { r2Key, err });
      return false;
    });
  let outcome: T;
  try {
    outcome = await run();
  } catch (err) {
    if (err instanceof PermanentJobError) await redact();
    throw err;
  }
  if (!stillNeeded(outcome)) await redact();
  return outcome;
}
