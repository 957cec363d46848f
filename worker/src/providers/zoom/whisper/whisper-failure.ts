import OpenAI from "openai";
import { parseRetryAfter } from "../../../platform/zoom-api/zoom-client.ts";
import { PermanentJobError, RetryLaterError } from "../../../queue/jobs.ts";
import { WhisperAnswerError } from "../../../transcripts/whisper-transcribe.ts";

/**
 * A failed transcription as a queue-job error: no answer (network, timeout), 408, 409, 5xx retry
 * with the queue's backoff, 429 after the server's Retry-After; a refused request (400 unreadable
 * audio, 401/403 key, 404 model, 413 too large...) or an answer of the wrong shape is permanent.
 */
export function whisperFailure(err: unknown, now: Date): Error {
  if (err instanceof WhisperAnswerError) return new PermanentJobError(`Whisper: ${err.message}`);
  if (err instanceof OpenAI.APIConnectionError)
    return new Error(`Whisper did not answer: ${err.message}`, { cause: err });
  if (err instanceof OpenAI.APIError && typeof err.status === "number") {
    const message = `Whisper answered ${err.status}: ${err.message}`.slice(0, 500);
    if (err.status === 429) {
      const seconds = parseRetryAfter(err.headers?.get("retry-after") ?? null, now);
      return seconds === null ? new Error(message) : new RetryLaterError(message, seconds);
    }
    if (err.status === 408 || err.status === 409 || err.status >= 500) return new Error(message);
    return new PermanentJobError(message);
  }
  return err instanceof Error ? err : new Error(String(err));
}
