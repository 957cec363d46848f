import type { Services } from "../../../platform/services.ts";
import { networkFailure, zoomFailure } from "./zoom-failure.ts";
import { getRecordingAccessToken } from "./zoom-recording-token.ts";

/** Zoom's webhook download_token is valid for 24 hours after the event. */
const DOWNLOAD_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;
const DOWNLOAD_TIMEOUT_MS = 60_000;

export interface DownloadRequest {
  organizationId: string;
  zoomAccountId: string | undefined;
  /** The meeting's host_id: a per-user connection of the host can download when no account one exists. */
  zoomUserId?: string | undefined;
  downloadUrl: string;
  downloadToken: string | undefined;
  eventTimeMs: number;
}

async function fetchFile(services: Services, what: string, url: string, token: string): Promise<Response | Error> {
  try {
    return await fetch(url, {
      headers: { authorization: `Bearer ${token}` },
      redirect: "follow",
      signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
    });
  } catch (err) {
    services.log.warn("zoom download did not answer", { what, err });
    return networkFailure(what, err);
  }
}

async function okOrFail(services: Services, what: string, res: Response | Error): Promise<Response> {
  if (res instanceof Error) throw res;
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
  const age = services.clock.now().getTime() - request.eventTimeMs;
  if (request.downloadToken && age < DOWNLOAD_TOKEN_LIFETIME_MS) {
    const res = await fetchFile(services, what, request.downloadUrl, request.downloadToken);
    if (res instanceof Error || res.status !== 401) return okOrFail(services, what, res);
    await res.body?.cancel();
  }
  const owner = {
    organizationId: request.organizationId,
    zoomAccountId: request.zoomAccountId,
    zoomUserId: request.zoomUserId,
  };
  const token = await getRecordingAccessToken(services, owner);
  const res = await fetchFile(services, what, request.downloadUrl, token);
  if (res instanceof Error || res.status !== 401) return okOrFail(services, what, res);
  await res.body?.cancel();
  const refreshed = await getRecordingAccessToken(services, owner, { refresh: true });
  return okOrFail(services, what, await fetchFile(services, what, request.downloadUrl, refreshed));
}

/** The transcript VTT of a recording, as text (see `downloadRecordingFile` for the credentials). */
export async function downloadTranscript(services: Services, request: DownloadRequest): Promise<string> {
  const res = await downloadRecordingFile(services, request, "transcript download");
  return res.text();
}
