import OpenAI, { toFile } from "openai";
import { type WhisperVerbose, WhisperVerboseSchema } from "./whisper-segments.ts";

/** The settings of transcription (services.config.openai; the API key is an optional secret). */
export interface TranscribeSettings {
  apiKey: string | null;
  baseUrl: string | undefined;
  transcribeModel: string;
}

export const DEFAULT_TRANSCRIBE_MODEL = "whisper-1";

/**
 * OpenAI refuses transcription requests over 25 MiB (HTTP 413, "Maximum content size limit
 * (26214400)"); the limit covers the whole multipart body, so the file keeps 64 KiB clear of it.
 */
export const WHISPER_MAX_AUDIO_BYTES = 25 * 1024 * 1024 - 64 * 1024;

/** The answer did not have the documented verbose_json shape: retrying will not change that. */
export class WhisperAnswerError extends Error {
  override name = "WhisperAnswerError";
}

/**
 * Transcribes one audio file with `audio.transcriptions.create` (the `openai` client, against
 * OPENAI_BASE_URL), asking for `verbose_json` so segments carry timestamps. The client does not retry
 * (maxRetries 0): the ingest queue retries with its own backoff, and says so in the job's attempts.
 * Errors are the client's (`OpenAI.APIError` with a status, `APIConnectionError`) or WhisperAnswerError.
 */
export async function transcribeWithWhisper(
  settings: TranscribeSettings,
  audio: { data: Blob; filename: string },
  options: { timeoutMs?: number; fetch?: typeof fetch } = {},
): Promise<{ model: string; answer: WhisperVerbose }> {
  const apiKey = settings.apiKey;
  if (!apiKey) throw new Error("OPENAI_API_KEY is not set");
  const model = settings.transcribeModel || DEFAULT_TRANSCRIBE_MODEL;
  const client = new OpenAI({
    apiKey,
    baseURL: settings.baseUrl,
    maxRetries: 0,
    // Long recordings take minutes; the queue consumer's wall-clock limit is 15 minutes.
    timeout: options.timeoutMs ?? 600_000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const file = await toFile(audio.data, audio.filename, { type: audio.data.type || "application/octet-stream" });
  const raw = await client.audio.transcriptions.create({
    file,
    model,
    response_format: "verbose_json",
    timestamp_granularities: ["segment"],
  });
  const parsed = WhisperVerboseSchema.safeParse(raw);
  if (!parsed.success)
    throw new WhisperAnswerError(`the transcription answer is not verbose_json: ${parsed.error.message.slice(0, 200)}`);
  return { model, answer: parsed.data };
}
