import type { Services } from "../../../platform/services.ts";
import {
  MAX_TRANSCRIPT_BYTES,
  readTextAtMost,
  ZoomClient,
  zoomFailure,
} from "../../../platform/zoom-api/zoom-client.ts";
import { getRecordingAccessToken } from "./zoom-recording-token.ts";

/** Zoom's webhook download_token is valid for 24 hours after the event. */
const DOWNLOAD_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

export interface DownloadRequest {
  organizationId: string;
  zoomAccountId: string | undefined;
  /** The meeting's host_id: a per-user connection of the host can download when no account one exists. */
  zoomUserId?: string | undefined;
  downloadUrl: string;
  downloadToken: string | undefined;
  eventTimeMs: number;
}

async function okOrFail(services: Services, what: string, res: Response): Promise<Response> {
  if (res.ok) return res;
  await res.body?.cancel();
  throw zoomFailure(what, res.status, res.headers.get("retry-after"), services.clock.now());
}

/**
 * Downloads a recording file with the right credential: the webhook's download_token while it is
 * valid (it needs no connection and no scope), else, or when Zoom refuses it with 401, the
 * connection's OAuth token (account-level, or the host's own); a 401 on that one is retried once
 * with a freshly issued token, and a 401 after that is permanent. Answers the successful response,
 * body unread, so callers choose how to read it (text, or bytes under a size limit).
 */
export async function downloadRecordingFile(
  services: Services,
  request: DownloadRequest,
  what = "recording download",
): Promise<Response> {
  const zoom = new ZoomClient(services);
  // A URL off Zoom's hosts is refused before any token is looked up or sent.
  zoom.checkDownloadUrl(request.downloadUrl, what);
  const age = services.clock.now().getTime() - request.eventTimeMs;
  if (request.downloadToken && age < DOWNLOAD_TOKEN_LIFETIME_MS) {
    const res = await zoom.download(request.downloadUrl, request.downloadToken, what);
    if (res.status !== 401) return okOrFail(services, what, res);
    await res.body?.cancel();
  }
  const owner = {
    organizationId: request.organizationId,
    zoomAccountId: request.zoomAccountId,
    zoomUserId: request.zoomUserId,
  };
  const token = await getRecordingAccessToken(services, owner);
  const res = await zoom.download(request.downloadUrl, token, what);
  if (res.status !== 401) return okOrFail(services, what, res);
  await res.body?.cancel();
  const refreshed = await getRecordingAccessToken(services, owner, { refresh: true });
  return okOrFail(services, what, await zoom.download(request.downloadUrl, refreshed, what));
}

/** The transcript VTT of a recording, as text of at most MAX_TRANSCRIPT_BYTES (see `downloadRecordingFile`). */
export async function downloadTranscript(services: Services, request: DownloadRequest): Promise<string> {
  const what = "transcript download";
  const res = await downloadRecordingFile(services, request, what);
  return readTextAtMost(res, MAX_TRANSCRIPT_BYTES, what);
}
