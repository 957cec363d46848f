import { and, eq } from "drizzle-orm";
import { mediaFiles, organizations } from "../../../db/schema/index.ts";
import { newId } from "../../../platform/ids.ts";
import type { Services } from "../../../platform/services.ts";
import { zoomFailure } from "../../../platform/zoom-api/zoom-client.ts";
import { PermanentJobError } from "../../../queue/jobs.ts";
import { requireActiveZcc, ZCC } from "../connections/zcc-connection.ts";
import type { ZccApi, ZccEngagement, ZccRecording } from "./zcc-api.ts";

/** A recording far larger than this is not a call (a 4-hour video is well under it). */
export const MAX_RECORDING_BYTES = 500 * 1024 * 1024;
const MAX_LIST_PAGES = 10;
const DAY_MS = 86_400_000;

/** The engagement's recordings as the REST list has them (the webhook's download_url is unverified). */
async function listedRecordings(api: ZccApi, engagement: ZccEngagement, now: Date): Promise<ZccRecording[]> {
  const start = engagement.start_time ? Date.parse(engagement.start_time) : Number.NaN;
  const from = Number.isNaN(start) ? now.getTime() - 30 * DAY_MS : start - DAY_MS;
  const to = Math.min(from + 30 * DAY_MS, now.getTime());
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
  const found: ZccRecording[] = [];
  let pageToken: string | null = null;
  for (let page = 0; page < MAX_LIST_PAGES; page++) {
    const answer = await api.recordingPage({ from: iso(from), to: iso(to), pageToken });
    found.push(...answer.recordings.filter((r) => r.engagement_id === engagement.engagement_id));
    pageToken = answer.next_page_token || null;
    if (!pageToken) break;
  }
  return found;
}

/**
 * Keeps an engagement's recordings in R2 when the organization opted in (keepMedia): listed through
 * the REST API, downloaded with the connection's token from Zoom's hosts only, stored under the
 * organization's prefix and indexed once per recording. Users reach them only through short-lived
 * signed links (media/). A recording not listed or not downloadable yet fails the job, which retries.
 */
export async function keepRecordings(
  services: Services,
  api: ZccApi,
  input: { organizationId: string; conversationId: string; engagement: ZccEngagement; recordingId?: string },
): Promise<number> {
  const { db, clock, blobs } = services;
  const { organizationId, engagement } = input;
  const org = await db.query.organizations.findFirst({
    columns: { keepMedia: true },
    where: eq(organizations.id, organizationId),
  });
  if (!org?.keepMedia) return 0;
  const recordings = (await listedRecordings(api, engagement, clock.now())).filter(
    (r) => !input.recordingId || r.recording_id === input.recordingId,
  );
  if (recordings.length === 0)
    throw new Error(`recordings of engagement ${engagement.engagement_id}: not listed by Zoom yet`);
  let kept = 0;
  for (const recording of recordings) {
    if (!recording.download_url) continue;
    const existing = await db.query.mediaFiles.findFirst({
      columns: { id: true },
      where: and(
        eq(mediaFiles.organizationId, organizationId),
        eq(mediaFiles.provider, ZCC),
        eq(mediaFiles.externalId, recording.recording_id),
      ),
    });
    if (existing) continue;
    const what = `recording ${recording.recording_id}`;
    await requireActiveZcc(services, organizationId, what);
    let res = await api.client.download(recording.download_url, await api.token(false), what);
    if (res.status === 401) {
      await res.body?.cancel();
      res = await api.client.download(recording.download_url, await api.token(true), what);
    }
    if (!res.ok) {
      await res.body?.cancel();
      if (res.status === 404) throw new Error(`${what}: not ready at Zoom yet`);
      throw zoomFailure(what, res.status, res.headers.get("retry-after"), clock.now());
    }
    const declared = Number(res.headers.get("content-length") ?? Number.NaN);
    if (Number.isFinite(declared) && declared > MAX_RECORDING_BYTES) {
      await res.body?.cancel();
      throw new PermanentJobError(`${what}: larger than ${MAX_RECORDING_BYTES} bytes`);
    }
    const bytes = await res.arrayBuffer();
    if (bytes.byteLength > MAX_RECORDING_BYTES)
      throw new PermanentJobError(`${what}: larger than ${MAX_RECORDING_BYTES} bytes`);
    const contentType = res.headers.get("content-type") ?? "application/octet-stream";
    const r2Key = `orgs/${organizationId}/media/zcc/${encodeURIComponent(recording.recording_id)}`;
    await requireActiveZcc(services, organizationId, what);
    await blobs.put(r2Key, bytes, { httpMetadata: { contentType } });
    await db
      .insert(mediaFiles)
      .values({
        id: newId("med"),
        organizationId,
        conversationId: input.conversationId,
        provider: ZCC,
        externalId: recording.recording_id,
        r2Key,
        contentType,
        size: bytes.byteLength,
        createdAt: clock.now(),
      })
      .onConflictDoNothing();
    kept++;
  }
  return kept;
}
