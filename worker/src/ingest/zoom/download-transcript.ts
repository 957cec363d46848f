import type { Services } from "../../platform/services.ts";
import { PermanentJobError } from "../jobs.ts";
import { getZoomAccessToken } from "./zoom-access-token.ts";
import { networkFailure, zoomFailure } from "./zoom-failure.ts";

/** Zoom's webhook download_token is valid for 24 hours after the event. */
const DOWNLOAD_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;
const DOWNLOAD_TIMEOUT_MS = 60_000;

export interface DownloadRequest {
  organizationId: string;
  zoomAccountId: string | undefined;
  downloadUrl: string;
  downloadToken: string | undefined;
  eventTimeMs: number;
}

async function fetchFile(services: Services, url: string, token: string): Promise<Response | Error> {
  try {
    return await fetch(url, {
      headers: { authorization: `Bearer ${token}` },
      redirect: "follow",
      signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
    });
  } catch (err) {
    services.log.warn("zoom download did not answer", { err });
    return networkFailure("transcript download", err);
  }
}

async function readOrFail(services: Services, res: Response | Error): Promise<string> {
  if (res instanceof Error) throw res;
  if (res.ok) return res.text();
  await res.body?.cancel();
  throw zoomFailure("transcript download", res.status, res.headers.get("retry-after"), services.clock.now());
}

/**
 * Downloads a recording file with the right credential: the webhook's download_token while it is
 * valid (it needs no connection and no scope), else, or when Zoom refuses it with 401, the
 * connection's OAuth token; a 401 on that one is retried once with a freshly issued token, and a
 * 401 after that is permanent.
 */
export async function downloadTranscript(services: Services, env: Env, request: DownloadRequest): Promise<string> {
  const age = services.clock.now().getTime() - request.eventTimeMs;
  if (request.downloadToken && age < DOWNLOAD_TOKEN_LIFETIME_MS) {
    const res = await fetchFile(services, request.downloadUrl, request.downloadToken);
    if (res instanceof Error || res.status !== 401) return readOrFail(services, res);
    await res.body?.cancel();
  }
  if (!request.zoomAccountId) throw new PermanentJobError("transcript download: the event names no Zoom account");
  const token = await getZoomAccessToken(services, env, request.organizationId, request.zoomAccountId);
  const res = await fetchFile(services, request.downloadUrl, token);
  if (res instanceof Error || res.status !== 401) return readOrFail(services, res);
  await res.body?.cancel();
  const refreshed = await getZoomAccessToken(services, env, request.organizationId, request.zoomAccountId, {
    refresh: true,
  });
  return readOrFail(services, await fetchFile(services, request.downloadUrl, refreshed));
}
