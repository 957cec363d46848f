import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createAccount, createTestOrg } from "../../test/api-client.ts";
import {
  gone,
  intact,
  residueOf,
  rollupsAndRecount,
  runToEnd,
  seedConversation,
} from "../../test/deletion-fixtures.ts";
import { SCHEDULED_TASKS } from "../cron/run-scheduled.ts";
import { createServices, type Services } from "../platform/services.ts";
import type { IngestJob } from "../queue/jobs.ts";
import { startRetentionRuns } from "./start-retention.ts";

/**
 * Retention (issue 13): with a transcript period of 30 days and an archive period of 10, the nightly
 * run deletes exactly what is past them: a conversation one day inside the period stays, one day
 * past goes completely (as a deletion would take it: rows, search index, R2, rollups recounted);
 * an archived body one day past goes while its index row stays, one day inside stays; another
 * organization keeps everything; the audit row counts it all and holds no content.
 */
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 8, 1, 3, 15);

function servicesAt(now: number, sent: IngestJob[]): Services {
  return {
    ...createServices(env, {}),
    clock: { now: () => new Date(now) },
    ingestQueue: { send: async (job: IngestJob) => void sent.push(job) } as unknown as Queue<IngestJob>,
  };
}

async function archivedEvent(organizationId: string, receivedAt: number, status = "processed") {
  const id = `evt_${crypto.randomUUID().slice(0, 12)}`;
  const key = `orgs/${organizationId}/webhooks/zoom/x/${id}.json`;
  await env.BLOBS.put(key, "{}");
  await env.DB.prepare(
    "INSERT INTO webhook_events (id, organization_id, provider, event_type, dedupe_key, r2_key, status, reason, received_at) VALUES (?, ?, 'zoom', 'meeting.started', ?, ?, ?, 'not handled', ?)",
  )
    .bind(id, organizationId, `k-${id}`, key, status, receivedAt)
    .run();
  return { id, key };
}

const eventRow = (id: string) =>
  env.DB.prepare("SELECT status, reason, archive_deleted_at FROM webhook_events WHERE id = ?").bind(id).first<{
    status: string;
    reason: string;
    archive_deleted_at: number | null;
  }>();

describe("retention", { timeout: 60_000 }, () => {
  it("removes exactly what is past the periods, and the audit row counts it", async () => {
    const mine = await createTestOrg("Retaining");
    const theirs = await createTestOrg("Keeping");
    const org = mine.org.id;
    const acme = await createAccount(mine.adminToken, { name: "Acme" });
    const set = await call("PUT", "/api/v1/org/retention", {
      token: mine.adminToken,
      body: { transcriptRetentionDays: 30, archiveRetentionDays: 10 },
    });
    expect(set.status).toBe(200);

    const inside = await seedConversation(org, {
      accountId: acme.id,
      startedAt: NOW - 29 * DAY,
      receivedAt: NOW - 9 * DAY,
    });
    const past = await seedConversation(org, {
      accountId: acme.id,
      startedAt: NOW - 31 * DAY,
      receivedAt: NOW - 31 * DAY,
    });
    const theirOld = await seedConversation(theirs.org.id, { accountId: null, startedAt: NOW - 400 * DAY });
    const oldArchive = await archivedEvent(org, NOW - 11 * DAY, "ignored");
    const recentArchive = await archivedEvent(org, NOW - 9 * DAY);
    // Still waiting to be processed: its body is needed, however old.
    const waiting = await archivedEvent(org, NOW - 40 * DAY, "queued");

    const sent: IngestJob[] = [];
    await startRetentionRuns(servicesAt(NOW, sent));
    const mineQueued = sent.filter((j) => j.organizationId === org);
    expect(mineQueued).toHaveLength(1);
    expect(sent.some((j) => j.organizationId === theirs.org.id)).toBe(false);
    const job = mineQueued[0] as { deletionId: string };
    await runToEnd(org, job.deletionId);

    expect(await residueOf(org, past)).toEqual(gone);
    expect(await residueOf(org, inside)).toEqual(intact(inside));
    expect(await residueOf(theirs.org.id, theirOld)).toEqual(intact(theirOld));
    // The old archive's body went; its row stays with its status, reason and when.
    expect(await env.BLOBS.head(oldArchive.key)).toBeNull();
    expect(await eventRow(oldArchive.id)).toEqual({
      status: "ignored",
      reason: "not handled",
      archive_deleted_at: expect.any(Number),
    });
    for (const kept of [recentArchive, waiting]) {
      expect(await env.BLOBS.head(kept.key)).not.toBeNull();
      expect((await eventRow(kept.id))?.archive_deleted_at).toBeNull();
    }
    // The console's archived-events list shows it by status, with its reason and when its body went.
    const ignored = await call("GET", "/api/v1/operations/webhook-events?status=ignored", { token: mine.adminToken });
    expect(ignored.json.events).toEqual([
      expect.objectContaining({
        id: oldArchive.id,
        status: "ignored",
        reason: "not handled",
        archiveDeletedAt: expect.any(String),
      }),
    ]);
    const processed = await call("GET", "/api/v1/operations/webhook-events?status=processed", {
      token: mine.adminToken,
    });
    expect(processed.json.events.map((e: { id: string }) => e.id).sort()).toEqual(
      [recentArchive.id, `evt_${inside.id}`].sort(),
    );
    expect(processed.json.events.every((e: { archiveDeletedAt: string | null }) => e.archiveDeletedAt === null)).toBe(
      true,
    );
    const { stored, recount } = await rollupsAndRecount(org);
    expect(stored).toEqual(recount);

    const audit = await call("GET", `/api/v1/deletions/${job.deletionId}`, { token: mine.adminToken });
    expect(audit.json).toMatchObject({
      scope: "retention",
      status: "done",
      requestedByUserId: null,
      to: new Date(NOW - 30 * DAY).toISOString(),
      archivesBefore: new Date(NOW - 10 * DAY).toISOString(),
      conversationsFound: 1,
      deleted: {
        conversations: 1,
        transcriptSegments: 3,
        insights: 3,
        participants: 1,
        webhookEvents: 1,
        // The conversation's four objects, then the expired archive body.
        storedObjects: 5,
        expiredArchives: 1,
      },
      error: null,
    });
    expect(JSON.stringify(audit.json)).not.toContain(past.word);

    // The next night nothing is due: no new run, no empty audit row.
    const again: IngestJob[] = [];
    await startRetentionRuns(servicesAt(NOW + DAY / 2, again));
    expect(again.filter((j) => j.organizationId === org)).toEqual([]);
    // A day later the conversation that was inside is past too.
    await startRetentionRuns(servicesAt(NOW + 2 * DAY, again));
    expect(again.filter((j) => j.organizationId === org)).toHaveLength(1);
  });

  it("does nothing without periods, and is a nightly task", async () => {
    const { org } = await createTestOrg("No retention");
    const old = await seedConversation(org.id, {
      accountId: null,
      startedAt: NOW - 3000 * DAY,
      receivedAt: NOW - 3000 * DAY,
    });
    const sent: IngestJob[] = [];
    await startRetentionRuns(servicesAt(NOW, sent));
    expect(sent.filter((j) => j.organizationId === org.id)).toEqual([]);
    expect(await residueOf(org.id, old)).toEqual(intact(old));
    expect(SCHEDULED_TASKS["15 3 * * *"]?.map((t) => t.name)).toContain("enforceRetention");
  });

  it("settings: admins only, periods of at least a day, null turns one off", async () => {
    const { adminToken, memberToken } = await createTestOrg("Retention settings");
    expect((await call("GET", "/api/v1/org/retention", { token: adminToken })).json).toEqual({
      transcriptRetentionDays: null,
      archiveRetentionDays: null,
    });
    const member = await call("PUT", "/api/v1/org/retention", {
      token: memberToken,
      body: { transcriptRetentionDays: 1, archiveRetentionDays: null },
    });
    expect(member.status).toBe(403);
    const zero = await call("PUT", "/api/v1/org/retention", {
      token: adminToken,
      body: { transcriptRetentionDays: 0, archiveRetentionDays: null },
    });
    expect(zero.status).toBe(400);
    expect(zero.json.error.message).toContain("transcriptRetentionDays");
    await call("PUT", "/api/v1/org/retention", {
      token: adminToken,
      body: { transcriptRetentionDays: 365, archiveRetentionDays: 30 },
    });
    await call("PUT", "/api/v1/org/retention", {
      token: adminToken,
      body: { transcriptRetentionDays: null, archiveRetentionDays: 30 },
    });
    expect((await call("GET", "/api/v1/org/retention", { token: adminToken })).json).toEqual({
      transcriptRetentionDays: null,
      archiveRetentionDays: 30,
    });
  });
});
