import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createTestOrg } from "../../../../test/api-client.ts";
import { createServices } from "../../../platform/services.ts";
import { MALFORMED_ARCHIVE_PREFIX, sweepIgnoredZoomArchives } from "./sweep-ignored-archives.ts";

const DAY = 86_400_000;

async function archivedEvent(organizationId: string | null, status: string, receivedAt: number) {
  const id = `evt_${crypto.randomUUID()}`;
  const r2Key = `${organizationId ? `orgs/${organizationId}` : "unmatched"}/webhooks/zoom/test/${id}.json`;
  await env.BLOBS.put(r2Key, JSON.stringify({ event: "recording.completed", download_token: "dl-secret" }));
  await env.DB.prepare(
    "INSERT INTO webhook_events (id, organization_id, provider, event_type, dedupe_key, r2_key, status, received_at) VALUES (?, ?, 'zoom', 'recording.completed', ?, ?, ?, ?)",
  )
    .bind(id, organizationId, `k-${id}`, r2Key, status, receivedAt)
    .run();
  return { id, r2Key };
}

const archiveDeletedAt = async (id: string) =>
  (
    await env.DB.prepare("SELECT archive_deleted_at AS at FROM webhook_events WHERE id = ?")
      .bind(id)
      .first<{ at: number | null }>()
  )?.at ?? null;

describe("sweepIgnoredZoomArchives", () => {
  it("deletes the bodies of ignored events and malformed bodies after the retention, keeping the rest", async () => {
    const { org } = await createTestOrg();
    const now = Date.now();
    const unmatchedOld = await archivedEvent(null, "ignored", now - 8 * DAY);
    const discardedOld = await archivedEvent(org.id, "ignored", now - 8 * DAY);
    const ignoredRecent = await archivedEvent(org.id, "ignored", now - 6 * DAY);
    const processedOld = await archivedEvent(org.id, "processed", now - 30 * DAY);
    const malformed = `${MALFORMED_ARCHIVE_PREFIX}test-${crypto.randomUUID()}.json`;
    await env.BLOBS.put(malformed, "{not json");

    // The malformed body was uploaded just now: seen from 8 days later it is past the retention.
    const later = createServices(env, { test: "archives" }, { now: () => new Date(now + 8 * DAY) });
    const fromNow = createServices(env, { test: "archives" }, { now: () => new Date(now) });
    expect(await sweepIgnoredZoomArchives(fromNow)).toBeGreaterThanOrEqual(2);
    expect(await env.BLOBS.head(unmatchedOld.r2Key)).toBeNull();
    expect(await env.BLOBS.head(discardedOld.r2Key)).toBeNull();
    expect(await archiveDeletedAt(discardedOld.id)).toBe(now);
    expect(await env.BLOBS.head(ignoredRecent.r2Key)).not.toBeNull();
    expect(await env.BLOBS.head(processedOld.r2Key)).not.toBeNull();
    expect(await env.BLOBS.head(malformed)).not.toBeNull();

    await sweepIgnoredZoomArchives(later);
    expect(await env.BLOBS.head(ignoredRecent.r2Key)).toBeNull();
    expect(await env.BLOBS.head(malformed)).toBeNull();
    expect(await env.BLOBS.head(processedOld.r2Key)).not.toBeNull();
    expect(await sweepIgnoredZoomArchives(later)).toBe(0);
  });

  it("reads the retention from UNMATCHED_ARCHIVE_DAYS", async () => {
    const now = Date.now();
    const event = await archivedEvent(null, "ignored", now - 2 * DAY);
    const oneDay = createServices(
      { ...env, UNMATCHED_ARCHIVE_DAYS: "1" },
      { test: "archives" },
      { now: () => new Date(now) },
    );
    await sweepIgnoredZoomArchives(oneDay);
    expect(await env.BLOBS.head(event.r2Key)).toBeNull();
  });
});
