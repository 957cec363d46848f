/** Signs a body the way Zoom does (independently of the code under test, from Zoom's documented recipe). */
export async function zoomHeaders(secret: string, body: string, timestampSeconds = Math.floor(Date.now() / 1000)) {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`v0:${timestampSeconds}:${body}`));
  const hex = [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return {
    "content-type": "application/json",
    "x-zm-request-timestamp": String(timestampSeconds),
    "x-zm-signature": `v0=${hex}`,
  };
}

export const TEST_ZOOM_SECRET = "test-zoom-webhook-secret";

/** A `recording.transcript_completed` event in Zoom's documented shape. */
export function transcriptCompletedEvent(
  accountId: string,
  uuid = "4444AAAiAAAAAiAiAiiAii==",
  eventTs = 1_700_000_000_000,
) {
  return {
    event: "recording.transcript_completed",
    event_ts: eventTs,
    download_token: "abJhbGciOiJIUzUxMiJ9.eyJpc3MiOiJodHRwczovL2V2ZW50Lnpvb20udXMi",
    payload: {
      account_id: accountId,
      object: {
        uuid,
        id: 6840331990,
        host_id: "z8yCxjabcdEFGHfp8uQ",
        host_email: "rep@ourco.example",
        topic: "Acme weekly sync",
        start_time: "2026-11-20T15:00:00Z",
        duration: 45,
        recording_files: [
          {
            id: "ed6c2f27-2ae7-42f4-b3d0-835b493e4fa8",
            recording_start: "2026-11-20T15:00:05Z",
            recording_end: "2026-11-20T15:44:51Z",
            file_type: "TRANSCRIPT",
            file_extension: "VTT",
            download_url: "https://zoom.us/rec/download/transcript-file",
            recording_type: "audio_transcript",
            status: "completed",
          },
        ],
      },
    },
  };
}
