import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { connections, conversations } from "../../../db/schema/index.ts";
import type { Services } from "../../../platform/services.ts";
import { ZoomClient } from "../../../platform/zoom-api/zoom-client.ts";
import { PermanentJobError } from "../../../queue/jobs.ts";
import { getZoomUserAccessToken, refreshZoomUserToken } from "../connections/zoom-token-refresh.ts";
import { ZoomTokenError } from "../connections/zoom-user-connection.ts";
import { findTranscriptFile, type RecordingObject, RecordingObjectSchema } from "../fetch/recording-event.ts";
import { getZoomAccessToken } from "../fetch/zoom-access-token.ts";
import { type AcceptStatus, acceptZoomEvent } from "../webhook/accept-zoom-event.ts";
import type { ZoomEnvelope } from "../webhook/zoom-event-schema.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
/** The first run of a connection looks this far back. */
export const FIRST_RUN_LOOKBACK_DAYS = 30;
/**
 * Later runs start this many days before the stored cursor: a transcript can complete a while after
 * its meeting ended, and Zoom reads from/to in the account's time zone. Re-listed meetings cost
 * nothing (their dedupe key or their conversation stops them).
 */
export const CURSOR_OVERLAP_DAYS = 2;
/** Zoom answers at most a month per request (`to` - `from` <= 30 days): longer spans go window by window. */
export const WINDOW_DAYS = 30;
/** Zoom's largest page of the recordings list. */
const PAGE_SIZE = 300;
/** D1 binds at most 100 parameters per statement. */
const UUIDS_PER_QUERY = 90;

/**
 * `GET /accounts/{accountId}/recordings` and `GET /users/{userId}/recordings`, as Zoom documents
 * them (same page shape); meetings stay open objects.
 */
const RecordingsPageSchema = z.looseObject({
  from: z.string().optional(),
  to: z.string().optional(),
  next_page_token: z.string().optional(),
  meetings: z.array(z.unknown()).default([]),
});

export interface DateWindow {
  /** yyyy-mm-dd, inclusive, as Zoom's `from` and `to` take them. */
  from: string;
  to: string;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The windows to list, oldest first, ending today (UTC): from the cursor (less the overlap), or
 * FIRST_RUN_LOOKBACK_DAYS back when there is none (or it does not read as a date), in spans of at
 * most WINDOW_DAYS.
 */
export function reconcileWindows(cursor: string | null, now: Date): DateWindow[] {
  const today = Date.parse(isoDay(now.getTime()));
  const cursorDay = readDay(cursor);
  const start = Number.isNaN(cursorDay)
    ? today - FIRST_RUN_LOOKBACK_DAYS * DAY_MS
    : Math.min(cursorDay - CURSOR_OVERLAP_DAYS * DAY_MS, today);
  return windowsBetween(start, today);
}

const readDay = (day: string | null | undefined) =>
  day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(day) : Number.NaN;

/** Spans of at most WINDOW_DAYS from `start` to `today` (epoch ms of UTC days); none when start is later. */
function windowsBetween(start: number, today: number): DateWindow[] {
  const windows: DateWindow[] = [];
  while (start <= today) {
    const end = Math.min(start + WINDOW_DAYS * DAY_MS, today);
    windows.push({ from: isoDay(start), to: isoDay(end) });
    start = end + DAY_MS;
  }
  return windows;
}

/**
 * Where a connection's reconciliation stands between turns and runs: the cursor (the `to` of the
 * last finished window), and the window a turn stopped in with Zoom's token for its next page.
 */
export interface ReconcileProgress {
  cursor: string | null;
  window: DateWindow | null;
  /** Null: the window starts again from its first page. */
  pageToken: string | null;
}

/**
 * What is left to list, oldest first: the unfinished window from its stored page, then the days
 * after it up to today; with no unfinished window, reconcileWindows from the cursor.
 */
export function remainingWindows(
  progress: ReconcileProgress,
  now: Date,
): Array<{ window: DateWindow; pageToken: string }> {
  const stopped = progress.window;
  if (!stopped || Number.isNaN(readDay(stopped.from)) || Number.isNaN(readDay(stopped.to)))
    return reconcileWindows(progress.cursor, now).map((window) => ({ window, pageToken: "" }));
  const today = Date.parse(isoDay(now.getTime()));
  return [
    { window: stopped, pageToken: progress.pageToken ?? "" },
    ...windowsBetween(readDay(stopped.to) + DAY_MS, today).map((window) => ({ window, pageToken: "" })),
  ];
}

/** The first half of a window (at least its first day): listed again from page one when its page token is refused. */
export function firstHalf(window: DateWindow): DateWindow {
  const from = readDay(window.from);
  const days = Math.round((readDay(window.to) - from) / DAY_MS);
  return { from: window.from, to: isoDay(from + Math.floor(days / 2) * DAY_MS) };
}

/** A listed meeting worth fetching: it has a finished TRANSCRIPT (VTT) file. */
export interface TranscriptCandidate {
  meeting: RecordingObject;
  fileId: string;
}

/** Meetings of a page with a completed transcript file; partial or unreadable entries are skipped. */
export function transcriptCandidates(meetings: unknown[]): TranscriptCandidate[] {
  const found: TranscriptCandidate[] = [];
  for (const raw of meetings) {
    const parsed = RecordingObjectSchema.safeParse(raw);
    if (!parsed.success) continue;
    const file = findTranscriptFile(parsed.data);
    if (!file) continue;
    if (file.status !== undefined && file.status.toLowerCase() !== "completed") continue;
    found.push({ meeting: parsed.data, fileId: file.id });
  }
  return found;
}

/**
 * The dedupe key of a reconciled transcript: one per meeting and file, so re-runs never enqueue twice
 * (keys are unique per organization, so another organization's copy never counts).
 */
export const reconcileDedupeKey = (uuid: string, fileId: string) => `reconcile:${uuid}:${fileId}`;

export interface ReconcileConnection {
  id: string;
  organizationId: string;
  externalAccountId: string;
  syncCursor: string | null;
  /** The window the last turn stopped in and the page token to continue with (see ReconcileProgress). */
  window?: DateWindow | null;
  pageToken?: string | null;
  /**
   * "account" (default): Server-to-Server, lists the whole account's recordings. "user": per-user
   * OAuth, lists the user's own (`/users/me/recordings`) with that user's token, refreshed as needed.
   */
  scope?: "account" | "user";
  /** The Zoom user of a "user" connection (the host of what it lists). */
  externalUserId?: string | null;
}

export interface ReconcileOutcome {
  pages: number;
  listed: number;
  queued: number;
  /** Already ingested (a conversation past "pending") or already reconciled (same dedupe key). */
  skipped: number;
  /** Archived but not processed (intake rules). */
  ignored: number;
  /** Where to continue: the new cursor, and the unfinished window with its next page token. */
  progress: ReconcileProgress;
  /** Every window up to today was listed. */
  done: boolean;
}

/**
 * Uuids among these with a conversation that already has Zoom's transcript. A conversation still
 * pending, marked as having none ("failed"), or holding only Whisper's transcript is not done: a
 * transcript Zoom lists for it is fetched (Zoom's has speaker names and replaces Whisper's).
 */
async function ingestedUuids(services: Services, organizationId: string, uuids: string[]): Promise<Set<string>> {
  const done = new Set<string>();
  for (let i = 0; i < uuids.length; i += UUIDS_PER_QUERY) {
    const rows = await services.db
      .select({
        externalId: conversations.externalId,
        status: conversations.status,
        transcriptKey: conversations.transcriptKey,
      })
      .from(conversations)
      .where(
        and(
          eq(conversations.organizationId, organizationId),
          eq(conversations.source, "zoom_meeting"),
          inArray(conversations.externalId, uuids.slice(i, i + UUIDS_PER_QUERY)),
        ),
      );
    for (const row of rows) {
      const fromWhisper = row.transcriptKey?.includes("/whisper-") ?? false;
      if (row.status !== "pending" && row.status !== "failed" && !fromWhisper) done.add(row.externalId);
    }
  }
  return done;
}

/**
 * One turn of a connection's reconciliation: lists its recordings window by window from where the
 * last turn stopped (following next_page_token, at most `maxPages` pages), and for every transcript
 * Sightline does not have yet archives and enqueues a `recording.transcript_completed` exactly as a
 * webhook would arrive, without a download_token (the fetch stage then downloads with the
 * connection's token: the account's, or for a per-user connection the host's own). Returns where to
 * continue; the caller stores it. A stored page token Zoom refuses (they expire after 15 minutes)
 * ends the turn with the first half of its window to be listed again from page one: smaller windows
 * need fewer pages, so even a backlog no run can list in one go gets through.
 */
export async function reconcileZoomConnection(
  services: Services,
  connection: ReconcileConnection,
  options: { maxPages: number },
): Promise<ReconcileOutcome> {
  const { organizationId, externalAccountId } = connection;
  const perUser = connection.scope === "user";
  const zoom = new ZoomClient(services);
  const path = `/${perUser ? "users" : "accounts"}/me/recordings`;
  const accessToken = (refresh: boolean) =>
    perUser
      ? userAccessToken(services, connection, refresh)
      : getZoomAccessToken(services, organizationId, externalAccountId, { refresh });
  const outcome: ReconcileOutcome = {
    pages: 0,
    listed: 0,
    queued: 0,
    skipped: 0,
    ignored: 0,
    progress: { cursor: connection.syncCursor, window: null, pageToken: null },
    done: false,
  };

  const getPage = async (window: DateWindow, pageToken: string) => {
    const query = new URLSearchParams({
      from: window.from,
      to: window.to,
      page_size: String(PAGE_SIZE),
    });
    // Only the account list documents `query_date_type`; the user list reads from/to as meeting days
    // (the cursor's overlap covers transcripts that complete days after their meeting).
    if (!perUser) query.set("query_date_type", "recording_end_time");
    if (pageToken) query.set("next_page_token", pageToken);
    return RecordingsPageSchema.parse(await zoom.getJson(`${path}?${query}`, accessToken, "recordings list"));
  };

  const plan = remainingWindows(
    { cursor: connection.syncCursor, window: connection.window ?? null, pageToken: connection.pageToken ?? null },
    services.clock.now(),
  );
  for (const { window, pageToken: storedToken } of plan) {
    let pageToken = storedToken;
    do {
      outcome.progress = { ...outcome.progress, window, pageToken: pageToken || null };
      if (outcome.pages >= options.maxPages) return outcome;
      let page: z.infer<typeof RecordingsPageSchema>;
      try {
        page = await getPage(window, pageToken);
      } catch (err) {
        // Only a token stored by an earlier turn can have expired; Zoom refuses it with a 4xx.
        if (!(err instanceof PermanentJobError) || !pageToken || pageToken !== storedToken) throw err;
        services.log.warn("stored recordings page token refused; listing half the window again", {
          connection: connection.id,
          window,
          err,
        });
        outcome.progress = { ...outcome.progress, window: firstHalf(window), pageToken: null };
        return outcome;
      }
      outcome.pages++;
      outcome.listed += page.meetings.length;
      const candidates = transcriptCandidates(page.meetings);
      const done = await ingestedUuids(services, organizationId, [...new Set(candidates.map((c) => c.meeting.uuid))]);
      for (const candidate of candidates) {
        if (done.has(candidate.meeting.uuid)) {
          outcome.skipped++;
          continue;
        }
        const status = await enqueueTranscript(services, connection, candidate);
        if (status === "queued") outcome.queued++;
        else if (status === "ignored") outcome.ignored++;
        else outcome.skipped++;
      }
      pageToken = page.next_page_token ?? "";
    } while (pageToken);
    outcome.progress = { cursor: window.to, window: null, pageToken: null };
  }
  outcome.done = true;
  return outcome;
}

/**
 * The token of a per-user connection (its row read fresh: a webhook job may have just rotated the
 * tokens), refreshed when expired or refused. A grant Zoom refuses ends this connection's run.
 */
async function userAccessToken(services: Services, connection: ReconcileConnection, refresh: boolean): Promise<string> {
  const row = await services.db.query.connections.findFirst({
    where: and(eq(connections.organizationId, connection.organizationId), eq(connections.id, connection.id)),
  });
  if (row?.status !== "active") throw new PermanentJobError(`Zoom connection ${connection.id} is no longer active`);
  try {
    return refresh ? await refreshZoomUserToken(services, row) : await getZoomUserAccessToken(services, row);
  } catch (err) {
    if (err instanceof ZoomTokenError && err.kind !== "unavailable")
      throw new PermanentJobError(`Zoom refused the user's connection: ${err.message}`);
    throw err;
  }
}

/** The webhook path, fed an event Zoom never sent: archive, index (deduplicated), enqueue. */
function enqueueTranscript(
  services: Services,
  connection: ReconcileConnection,
  candidate: TranscriptCandidate,
): Promise<AcceptStatus> {
  // A user's own list is of meetings they hosted: the fetch stage finds their connection by host_id.
  const host = connection.scope === "user" ? (connection.externalUserId ?? undefined) : undefined;
  const meeting = candidate.meeting.host_id || !host ? candidate.meeting : { ...candidate.meeting, host_id: host };
  const envelope: ZoomEnvelope = {
    event: "recording.transcript_completed",
    event_ts: services.clock.now().getTime(),
    payload: { account_id: connection.externalAccountId, object: meeting },
  };
  // The archived body says where it came from; the envelope schema ignores the extra field.
  const rawBody = JSON.stringify({ ...envelope, sightline_source: "reconciliation" });
  // The connection's own organization, not whichever one an account lookup finds: what a connection
  // lists with its own token belongs to its organization.
  return acceptZoomEvent(services, envelope, rawBody, {
    dedupeKey: reconcileDedupeKey(candidate.meeting.uuid, candidate.fileId),
    organizationId: connection.organizationId,
  });
}
