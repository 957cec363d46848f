import type { Services } from "../../../platform/services.ts";
import { PermanentJobError } from "../../../queue/jobs.ts";
import { WHISPER_MAX_AUDIO_BYTES } from "../../../transcripts/whisper-transcribe.ts";
import { type DownloadRequest, downloadRecordingFile } from "../fetch/download-transcript.ts";

const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

/** The permanent failure for audio Whisper will not take in one upload. */
export function audioTooLarge(fileId: string, bytes: number | null): PermanentJobError {
  const size = bytes === null ? `over ${mb(WHISPER_MAX_AUDIO_BYTES)}` : mb(bytes);
  return new PermanentJobError(
    `audio file ${fileId} is ${size}; Whisper takes at most ${mb(WHISPER_MAX_AUDIO_BYTES)} per upload, so it was not transcribed (turn on Zoom's audio transcript for long meetings)`,
  );
}

/** Reads a body of unknown length, giving up as soon as it passes `limit` bytes. */
async function readAtMost(body: ReadableStream<Uint8Array>, limit: number, fileId: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw audioTooLarge(fileId, null);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * Downloads a recording's audio into R2 at `key` (the caller deletes it in a `finally`), refusing
 * anything over Whisper's upload limit before reading it when Zoom says the length, or as soon as the
 * bytes pass the limit when it does not. With a Content-Length the body streams into R2 without being
 * held in memory. Answers the stored size.
 */
export async function stageAudio(
  services: Services,
  request: DownloadRequest & { fileId: string },
  key: string,
): Promise<number> {
  const res = await downloadRecordingFile(services, request, "audio download");
  const contentType = res.headers.get("content-type") ?? "audio/mp4";
  const declared = res.headers.get("content-length");
  const length = declared === null ? Number.NaN : Number(declared);
  const put = { httpMetadata: { contentType }, customMetadata: { purpose: "whisper-staging" } };
  if (Number.isSafeInteger(length) && length >= 0) {
    if (length > WHISPER_MAX_AUDIO_BYTES) {
      await res.body?.cancel();
      throw audioTooLarge(request.fileId, length);
    }
    if (res.body) {
      const stored = await services.blobs.put(key, res.body, put);
      return stored.size;
    }
  }
  const bytes = res.body ? await readAtMost(res.body, WHISPER_MAX_AUDIO_BYTES, request.fileId) : new Uint8Array();
  await services.blobs.put(key, bytes, put);
  return bytes.byteLength;
}
