import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createTestOrg } from "../../test/api-client.ts";
import worker from "../index.ts";
import { createServices } from "../platform/services.ts";
import { runTranscriptFallback } from "../providers/zoom/whisper/transcript-fallback.ts";

/**
 * The dead-letter queue's consumer: a job out of retries becomes a failed-job row, and the webhook
 * event it was working on becomes "failed", so the events list and the transcript fallback see it.
 */
async function deliverDead(bodies: unknown[]) {
  const batch = createMessageBatch(
    "sightline-ingest-dlq",
    bodies.map((body, i) => ({ id: `dead-${i}`, timestamp: new Date(), attempts: 6, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  return getQueueResult(batch, ctx);
}

const eventRow = (id: string) =>
  env.DB.prepare("SELECT status, reason FROM webhook_events WHERE id = ?")
    .bind(id)
    .first<{ status: string; reason: string | null }>();

async function addEvent(organizationId: string, eventType: string, dedupeKey: string, status: string) {
  const id = `evt_${crypto.randomUUID().slice(0, 12)}`;
  const r2Key = `orgs/${organizationId}/webhooks/zoom/test/${id}.json`;
  await env.DB.prepare(
    "INSERT INTO webhook_events (id, organization_id, provider, event_type, dedupe_key, r2_key, status, received_at) VALUES (?, ?, 'zoom', ?, ?, ?, ?, 1)",
  )
    .bind(id, organizationId, eventType, dedupeKey, r2Key, status)
    .run();
  return { id, r2Key };
}

/** A meeting whose `recording.completed` had no transcript: pending conversation, fallback scheduled. */
async function meetingWaitingForTranscript(organizationId: string) {
  const uuid = `dlq-${crypto.randomUUID()}==`;
  const completed = await addEvent(organizationId, "recording.completed", `recording.completed:1:${uuid}`, "processed");
  await env.BLOBS.put(
    completed.r2Key,
    JSON.stringify({
      event: "recording.completed",
      event_ts: Date.now(),
      payload: {
        account_id: "acc-dlq",
        object: {
          uuid,
          host_email: "host@ourco.com",
          topic: "Call",
          duration: 30,
          recording_files: [
            {
              id: "a1",
              file_type: "M4A",
              file_extension: "M4A",
              download_url: "http://127.0.0.1:9/rec/download/a1",
              recording_type: "audio_only",
              status: "completed",
            },
          ],
        },
      },
    }),
  );
  const conversationId = `conv_${completed.id}`;
  await env.DB.prepare(
    "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, routing, status, created_at, updated_at) VALUES (?, ?, 'zoom_meeting', ?, 'Call', 1, 'unassigned', 'pending', 1, 1)",
  )
    .bind(conversationId, organizationId, uuid)
    .run();
  const fallbackJob = { organizationId, webhookEventId: completed.id, r2Key: completed.r2Key };
  return { uuid, completed, conversationId, fallbackJob };
}

describe("dead-lettered jobs", () => {
  it("a dead-lettered transcript job shows as failed and lets the fallback run", async () => {
    const { org, adminToken } = await createTestOrg();
    const meeting = await meetingWaitingForTranscript(org.id);
    // Zoom's transcript_completed arrived, but its job kept failing (a download that never worked).
    const transcript = await addEvent(
      org.id,
      "recording.transcript_completed",
      `recording.transcript_completed:2:${meeting.uuid}`,
      "queued",
    );
    const job = { kind: "zoom_event", organizationId: org.id, webhookEventId: transcript.id, r2Key: transcript.r2Key };

    expect((await deliverDead([job])).explicitAcks).toEqual(["dead-0"]);
    expect(await eventRow(transcript.id)).toEqual({
      status: "failed",
      reason: "processing: retries exhausted after 6 attempts (see failed jobs)",
    });
    const failedJobs = await call("GET", "/api/v1/operations/failed-jobs", { token: adminToken });
    expect(failedJobs.json.failedJobs).toEqual([
      expect.objectContaining({ jobType: "zoom_event", reason: "retries exhausted" }),
    ]);
    const events = await call("GET", "/api/v1/operations/webhook-events", { token: adminToken });
    expect(events.json.events).toContainEqual(expect.objectContaining({ id: transcript.id, status: "failed" }));

    // The fallback no longer waits for a transcript nobody is fetching: here (no OpenAI key) it records
    // that there is none, where before it stood down and left the meeting pending for good.
    const outcome = await runTranscriptFallback(createServices(env, { test: "dlq" }), meeting.fallbackJob);
    expect(outcome).toBe("no_transcript");
    const conversation = await env.DB.prepare("SELECT status FROM conversations WHERE id = ?")
      .bind(meeting.conversationId)
      .first<{ status: string }>();
    expect(conversation?.status).toBe("failed");
  });

  it("a dead-lettered fallback marks its recording.completed failed; stored or foreign events stay as they are", async () => {
    const { org } = await createTestOrg();
    const other = await createTestOrg();
    const meeting = await meetingWaitingForTranscript(org.id);
    const stored = await addEvent(org.id, "recording.transcript_completed", `stored:${meeting.uuid}`, "processed");
    const foreign = await addEvent(org.id, "recording.transcript_completed", `foreign:${meeting.uuid}`, "queued");

    await deliverDead([
      { kind: "zoom_transcript_fallback", ...meeting.fallbackJob },
      // Its transcript was stored; a later step died: the event keeps saying processed.
      { kind: "zoom_event", organizationId: org.id, webhookEventId: stored.id, r2Key: stored.r2Key },
      // Names this organization's event under another organization: not touched.
      { kind: "zoom_event", organizationId: other.org.id, webhookEventId: foreign.id, r2Key: foreign.r2Key },
      // No event at all.
      { kind: "analyze_conversation", organizationId: org.id, conversationId: "c_x" },
    ]);
    expect(await eventRow(meeting.completed.id)).toEqual({
      status: "failed",
      reason: "transcript fallback: retries exhausted after 6 attempts (see failed jobs)",
    });
    expect((await eventRow(stored.id))?.status).toBe("processed");
    expect((await eventRow(foreign.id))?.status).toBe("queued");
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM failed_jobs WHERE organization_id IN (?, ?)")
      .bind(org.id, other.org.id)
      .first<{ n: number }>();
    expect(rows?.n).toBe(4);
  });

  it("a dead-lettered Contact Center job marks its event failed", async () => {
    const { org } = await createTestOrg();
    const event = await addEvent(
      org.id,
      "contact_center.recording_transcript_completed",
      `zcc:${crypto.randomUUID()}`,
      "queued",
    );
    await deliverDead([{ kind: "zcc_event", organizationId: org.id, webhookEventId: event.id, r2Key: event.r2Key }]);
    expect(await eventRow(event.id)).toEqual({
      status: "failed",
      reason: "processing: retries exhausted after 6 attempts (see failed jobs)",
    });
  });

  it("a dead-lettered Gong import marks the webhook event that announced it failed", async () => {
    const { org } = await createTestOrg("DLQ Gong");
    const queued = await addEvent(org.id, "gong.call", `body:${crypto.randomUUID()}`, "queued");
    const done = await addEvent(org.id, "gong.call", `body:${crypto.randomUUID()}`, "processed");
    await deliverDead([
      { kind: "gong_call", organizationId: org.id, connectionId: "conn_x", callId: "1", webhookEventId: queued.id },
      { kind: "gong_call", organizationId: org.id, connectionId: "conn_x", callId: "2", webhookEventId: done.id },
      { kind: "gong_call", organizationId: org.id, connectionId: "conn_x", callId: "3" },
    ]);
    expect(await eventRow(queued.id)).toEqual({
      status: "failed",
      reason: "import: retries exhausted after 6 attempts (see failed jobs)",
    });
    expect((await eventRow(done.id))?.status).toBe("processed");
  });

  it("a dead-lettered export step marks its export failed with the reason; finished or foreign exports stay", async () => {
    const mine = await createTestOrg("Export out of retries");
    const theirs = await createTestOrg("Export bystander");
    const addExport = async (organizationId: string, userId: string, status: string) => {
      const id = `exp_${crypto.randomUUID().slice(0, 12)}`;
      await env.DB.prepare(
        "INSERT INTO data_exports (id, organization_id, requested_by_user_id, scope, status, phase, created_at, updated_at) VALUES (?, ?, ?, 'organization', ?, 'contacts', 1, 1)",
      )
        .bind(id, organizationId, userId, status)
        .run();
      return id;
    };
    const running = await addExport(mine.org.id, mine.adminId, "running");
    const done = await addExport(mine.org.id, mine.adminId, "done");
    const foreign = await addExport(theirs.org.id, theirs.adminId, "running");
    const job = (organizationId: string, exportId: string) => ({ kind: "export_data", organizationId, exportId });
    const result = await deliverDead([
      job(mine.org.id, running),
      job(mine.org.id, done),
      // A job naming another organization's export touches nothing.
      job(mine.org.id, foreign),
    ]);
    expect(result.explicitAcks).toHaveLength(3);
    const shown = await call("GET", `/api/v1/exports/${running}`, { token: mine.adminToken });
    expect(shown.json).toMatchObject({
      status: "failed",
      error: "export step: retries exhausted after 6 attempts (see failed jobs)",
    });
    const status = (id: string) =>
      env.DB.prepare("SELECT status, error FROM data_exports WHERE id = ?").bind(id).first<{ status: string }>();
    expect(await status(done)).toMatchObject({ status: "done", error: null });
    expect(await status(foreign)).toMatchObject({ status: "running", error: null });
    // Still kept for replay like any dead job.
    const failedJobs = await env.DB.prepare(
      "SELECT count(*) AS n FROM failed_jobs WHERE organization_id = ? AND job_type = 'export_data'",
    )
      .bind(mine.org.id)
      .first<{ n: number }>();
    expect(failedJobs?.n).toBe(3);
  });

  it("a dead-lettered deletion step marks its deletion failed with the reason; finished or foreign deletions stay", async () => {
    const mine = await createTestOrg("Deletion out of retries");
    const theirs = await createTestOrg("Deletion bystander");
    const addDeletion = async (organizationId: string, userId: string, status: string) => {
      const id = `del_${crypto.randomUUID().slice(0, 12)}`;
      await env.DB.prepare(
        "INSERT INTO deletion_requests (id, organization_id, requested_by_user_id, scope, status, created_at, updated_at) VALUES (?, ?, ?, 'all', ?, 1, 1)",
      )
        .bind(id, organizationId, userId, status)
        .run();
      return id;
    };
    const running = await addDeletion(mine.org.id, mine.adminId, "running");
    const done = await addDeletion(mine.org.id, mine.adminId, "done");
    const foreign = await addDeletion(theirs.org.id, theirs.adminId, "running");
    const job = (organizationId: string, deletionId: string) => ({ kind: "delete_data", organizationId, deletionId });
    const result = await deliverDead([job(mine.org.id, running), job(mine.org.id, done), job(mine.org.id, foreign)]);
    expect(result.explicitAcks).toHaveLength(3);
    const status = (id: string) =>
      env.DB.prepare("SELECT status, error FROM deletion_requests WHERE id = ?").bind(id).first<{ status: string }>();
    expect(await status(running)).toMatchObject({
      status: "failed",
      error: "deletion step: retries exhausted after 6 attempts (see failed jobs)",
    });
    expect(await status(done)).toMatchObject({ status: "done", error: null });
    expect(await status(foreign)).toMatchObject({ status: "running", error: null });
  });
});
