import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createTestOrg } from "../../test/api-client.ts";
import { runScheduled } from "../cron/run-scheduled.ts";
import { createServices, type Services } from "../platform/services.ts";
import type { IngestJob } from "../queue/jobs.ts";
import { analyzeConversation } from "./analyze-conversation.ts";

// A clock of its own, years before other test files' rows: only this test's conversations are stalled for it.
const NOW = Date.parse("2019-07-01T12:00:00Z");
const MINUTE = 60_000;

async function conversation(organizationId: string, status: string, minutesAgo: number) {
  const id = `conv_${crypto.randomUUID()}`;
  const at = NOW - minutesAgo * MINUTE;
  await env.DB.prepare(
    "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, routing, status, created_at, updated_at) VALUES (?, ?, 'zoom_meeting', ?, 'Renewal call', ?, 'unassigned', ?, ?, ?)",
  )
    .bind(id, organizationId, `ext-${id}`, at, status, at, at)
    .run();
  await env.DB.prepare(
    "INSERT INTO transcript_segments (organization_id, conversation_id, seq, speaker, start_ms, end_ms, text) VALUES (?, ?, 0, 'Gina', 0, 4000, 'Our concern is the price for next year''s budget.')",
  )
    .bind(organizationId, id)
    .run();
  return id;
}

async function failedAnalysis(organizationId: string, conversationId: string, replayed: boolean) {
  await env.DB.prepare(
    "INSERT INTO failed_jobs (id, organization_id, job_type, payload, reason, attempts, created_at, replayed_at) VALUES (?, ?, 'analyze_conversation', ?, 'boom', 5, ?, ?)",
  )
    .bind(
      `fj_${crypto.randomUUID()}`,
      organizationId,
      JSON.stringify({ kind: "analyze_conversation", organizationId, conversationId }),
      NOW,
      replayed ? NOW : null,
    )
    .run();
}

const statusOf = async (id: string) =>
  (await env.DB.prepare("SELECT status FROM conversations WHERE id = ?").bind(id).first<{ status: string }>())?.status;

/** Services at NOW + minutesLater whose queue records what the 15-minute run sends. */
function at(minutesLater: number, sent: IngestJob[]): Services {
  return {
    ...createServices(env, { test: "unanalyzed" }, { now: () => new Date(NOW + minutesLater * MINUTE) }),
    ingestQueue: {
      send: async (job: IngestJob) => void sent.push(job),
      sendBatch: async (jobs: Iterable<{ body: IngestJob }>) => {
        for (const { body } of jobs) sent.push(body);
      },
    } as unknown as Queue<IngestJob>,
  };
}

describe("conversations stored but never analyzed", () => {
  it("get their analysis queued again by the 15-minute run, per organization, once per STUCK_EVENT_MINUTES", async () => {
    const { org: a } = await createTestOrg();
    const { org: b } = await createTestOrg();
    // The analysis message was lost 40 minutes ago (STUCK_EVENT_MINUTES is 30 by default).
    const lostA = await conversation(a.id, "stored", 40);
    const lostB = await conversation(b.id, "stored", 45);
    const justStored = await conversation(a.id, "stored", 10);
    const analyzed = await conversation(a.id, "analyzed", 60);
    const waitingForTranscript = await conversation(a.id, "pending", 60);
    const failedForGood = await conversation(a.id, "stored", 60);
    await failedAnalysis(a.id, failedForGood, false);
    const replayed = await conversation(b.id, "stored", 60);
    await failedAnalysis(b.id, replayed, true);
    const ours = new Set([a.id, b.id]);

    const sent: IngestJob[] = [];
    await runScheduled("*/15 * * * *", at(0, sent));
    const analyses = sent.filter((j) => j.kind === "analyze_conversation" && ours.has(j.organizationId));
    expect(analyses).toHaveLength(3);
    expect(analyses).toEqual(
      expect.arrayContaining([
        { kind: "analyze_conversation", organizationId: a.id, conversationId: lostA },
        { kind: "analyze_conversation", organizationId: b.id, conversationId: lostB },
        { kind: "analyze_conversation", organizationId: b.id, conversationId: replayed },
      ]),
    );
    for (const untouched of [justStored, analyzed, waitingForTranscript, failedForGood])
      expect(analyses.some((j) => "conversationId" in j && j.conversationId === untouched)).toBe(false);

    // The next quarter hour does not send them again while their analysis may still be running...
    const again: IngestJob[] = [];
    await runScheduled("*/15 * * * *", at(15, again));
    const resent = again.filter((j) => j.kind === "analyze_conversation" && ours.has(j.organizationId));
    expect(resent).toEqual([]);

    // ...and the job it sent makes the conversation analyzed, after which no sweep sends it.
    for (const job of analyses)
      if (job.kind === "analyze_conversation")
        await analyzeConversation(at(16, []), job.organizationId, job.conversationId);
    for (const id of [lostA, lostB, replayed]) expect(await statusOf(id)).toBe("analyzed");
    const later: IngestJob[] = [];
    await runScheduled("*/15 * * * *", at(120, later));
    const laterIds = later.flatMap((j) =>
      j.kind === "analyze_conversation" && ours.has(j.organizationId) ? [j.conversationId] : [],
    );
    expect(laterIds).toEqual([justStored]);
  });
});
