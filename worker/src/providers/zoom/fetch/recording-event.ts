import { z } from "zod";

/**
 * `payload.object` of `recording.completed` / `recording.transcript_completed`, as Zoom documents
 * it. Only what the fetch stage uses is required; Zoom adds fields freely, so objects stay open.
 */
const RecordingFileSchema = z.looseObject({
  id: z.string().min(1),
  file_type: z.string().optional(),
  file_extension: z.string().optional(),
  download_url: z.string().url(),
  recording_type: z.string().optional(),
  status: z.string().optional(),
  /** Bytes, as Zoom documents it; absent on files still processing. */
  file_size: z.number().nonnegative().optional(),
});
export type RecordingFile = z.infer<typeof RecordingFileSchema>;

export const RecordingObjectSchema = z.looseObject({
  uuid: z.string().min(1),
  id: z.union([z.string(), z.number()]).optional(),
  host_id: z.string().optional(),
  host_email: z.string().optional(),
  topic: z.string().optional(),
  start_time: z.string().optional(),
  duration: z.number().optional(),
  recording_files: z.array(z.looseObject({})).optional(),
});
export type RecordingObject = z.infer<typeof RecordingObjectSchema>;

/**
 * The transcript among a recording's files: `file_type` "TRANSCRIPT" (Zoom's audio transcript in
 * WebVTT). Closed captions ("CC") are a different, speaker-less file and are not used. Entries that
 * do not parse (Zoom sends partial objects for files still processing) are skipped.
 */
export function findTranscriptFile(object: RecordingObject): RecordingFile | null {
  for (const raw of object.recording_files ?? []) {
    const file = RecordingFileSchema.safeParse(raw);
    if (!file.success) continue;
    const type = file.data.file_type?.toUpperCase();
    const ext = file.data.file_extension?.toUpperCase();
    if (type === "TRANSCRIPT" && (ext === undefined || ext === "VTT")) return file.data;
  }
  return null;
}

const completed = (file: RecordingFile) => file.status === undefined || file.status.toLowerCase() === "completed";

/**
 * The file to transcribe when Zoom made no transcript: the audio-only M4A (`file_type` "M4A",
 * `recording_type` "audio_only"), smallest by far; else a video MP4 (Whisper reads MP4 too, though
 * videos are rarely under its upload limit). Files still processing are skipped.
 */
export function findAudioFile(object: RecordingObject): RecordingFile | null {
  const files: RecordingFile[] = [];
  for (const raw of object.recording_files ?? []) {
    const file = RecordingFileSchema.safeParse(raw);
    if (file.success && completed(file.data)) files.push(file.data);
  }
  const type = (f: RecordingFile) => f.file_type?.toUpperCase();
  return (
    files.find((f) => type(f) === "M4A" || f.recording_type?.toLowerCase() === "audio_only") ??
    files.find((f) => type(f) === "MP4") ??
    null
  );
}
