import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createTestOrg } from "../../test/api-client.ts";
import { runScheduled } from "../cron/run-scheduled.ts";
import { createServices, type Services } from "../platform/services.ts";
import type { IngestJob } from "../queue/jobs.ts";
import { sweepOrphanArchives } from "./sweep-orphan-archives.ts";

const MINUTE = 60_000;
const today = () => new Date().toISOString().slice(0, 10);

/** A body as a webhook route archives it (`<root>/webhooks/<folder>/<day>/<event id>.json`), indexed or not. */
async function archived(
  root: string,
  folder: string,
  indexedFor?: { organizationId: string | null; provider: string },
) {
  const id = `evt_${crypto.randomUUID()}`;
  const r2Key = `${root}/webhooks/${folder}/${today()}/${id}.json`;
  await env.BLOBS.put(r2Key, JSON.stringify({ event: "recording.transcript_completed", download_token: "dl-secret" }));
  if (indexedFor)
    await env.DB.prepare(
      "INSERT INTO webhook_events (id, organization_id, provider, event_type, dedupe_key, r2_key, status, received_at) VALUES (?, ?, ?, 'recording.completed', ?, ?, 'processed', ?)",
    )
      .bind(id, indexedFor.organizationId, indexedFor.provider, `k-${id}`, r2Key, Date.now())
      .run();
  return { id, r2Key };
}

async function connect(organizationId: string, provider: string) {
  await env.DB.prepare(
    "INSERT INTO connections (id, organization_id, provider, scope, external_account_id, status, created_at, updated_at) VALUES (?, ?, ?, 'account', ?, 'active', 1, 1)",
  )
    .bind(`conn_${crypto.randomUUID()}`, organizationId, provider, `acct-${crypto.randomUUID()}`)
    .run();
}

const exists = async (key: string) => (await env.BLOBS.head(key)) !== null;

/** Services whose clock is `minutesLater` past now, and whose queue only records (the 15-minute run sends pulls). */
function servicesAt(minutesLater: number): Services {
  return {
    ...createServices(env, { test: "orphan-archives" }, { now: () => new Date(Date.now() + minutesLater * MINUTE) }),
    ingestQueue: {
      send: async () => {},
      sendBatch: async (_: Iterable<{ body: IngestJob }>) => {},
    } as unknown as Queue<IngestJob>,
  };
}

describe("sweepOrphanArchives", () => {
  it("deletes bodies no row names once STUCK_EVENT_MINUTES old, and keeps indexed and recent ones", async () => {
    const { org } = await createTestOrg();
    const { org: other } = await createTestOrg();
    const root = `orgs/${org.id}`;
    const indexed = await archived(root, "zoom", { organizationId: org.id, provider: "zoom" });
    const orphan = await archived(root, "zoom");
    // Its id is another organization's row: the index is read per organization, so it is still an orphan.
    const named = await archived(`orgs/${other.id}`, "zoom", { organizationId: other.id, provider: "zoom" });
    const misfiled = `${root}/webhooks/zoom/${today()}/${named.id}.json`;
    await env.BLOBS.put(misfiled, "{}");
    const unmatchedIndexed = await archived("unmatched", "zoom", { organizationId: null, provider: "zoom" });
    const unmatchedOrphan = await archived("unmatched", "zoom");

    // Just written (a request may be between its put and its row): nothing is touched.
    const scope = { folder: "zoom", organizationIds: [org.id], unmatched: true };
    expect(await sweepOrphanArchives(servicesAt(0), scope)).toBe(0);
    expect(await exists(orphan.r2Key)).toBe(true);

    // Past STUCK_EVENT_MINUTES (30 by default).
    expect(await sweepOrphanArchives(servicesAt(31), scope)).toBe(3);
    expect(await exists(orphan.r2Key)).toBe(false);
    expect(await exists(misfiled)).toBe(false);
    expect(await exists(unmatchedOrphan.r2Key)).toBe(false);
    for (const kept of [indexed, unmatchedIndexed, named]) expect(await exists(kept.r2Key)).toBe(true);
    expect(await sweepOrphanArchives(servicesAt(31), scope)).toBe(0);
  });

  it("runs for every provider's webhook folders in the 15-minute cron (the sweepArchives hooks)", async () => {
    const { org } = await createTestOrg();
    const { org: unconnected } = await createTestOrg();
    for (const provider of ["zoom", "zoom_contact_center", "gong"]) await connect(org.id, provider);
    await env.DB.prepare(
      "INSERT INTO zcc_flow_keys (organization_id, key_hash, key_prefix, created_at) VALUES (?, ?, 'sk_', 1)",
    )
      .bind(org.id, `hash-${crypto.randomUUID()}`)
      .run();
    const root = `orgs/${org.id}`;
    const orphans = await Promise.all(
      ["zoom", "zoom-contact-center", "zoom-contact-center/flow", "gong"].map((folder) => archived(root, folder)),
    );
    const unmatched = await archived("unmatched", "zoom-contact-center");
    const kept = await archived(root, "gong", { organizationId: org.id, provider: "gong" });
    // An organization with no connection receives no webhooks: its folders are not listed.
    const elsewhere = await archived(`orgs/${unconnected.id}`, "zoom");

    await runScheduled("*/15 * * * *", servicesAt(31));
    for (const o of [...orphans, unmatched]) expect(await exists(o.r2Key)).toBe(false);
    expect(await exists(kept.r2Key)).toBe(true);
    expect(await exists(elsewhere.r2Key)).toBe(true);
  });
});
