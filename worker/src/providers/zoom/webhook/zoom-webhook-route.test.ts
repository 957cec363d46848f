import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createTestOrg } from "../../../../test/api-client.ts";
import { TEST_ZOOM_SECRET, transcriptCompletedEvent, zoomHeaders } from "../../../../test/zoom-signing.ts";
import worker from "../../../index.ts";

async function post(body: string, headers: Record<string, string>) {
  const req = new Request("http://sightline.test/webhooks/zoom", { method: "POST", headers, body });
  const res = await worker.fetch(req, env, createExecutionContext());
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}
const signedPost = async (payload: unknown, offsetSeconds = 0) => {
  const body = JSON.stringify(payload);
  return post(body, await zoomHeaders(TEST_ZOOM_SECRET, body, Math.floor(Date.now() / 1000) + offsetSeconds));
};

async function connectZoomAccount(
  organizationId: string,
  zoomAccountId: string,
  extra: Record<string, string | null> = {},
) {
  await env.DB.prepare(
    "INSERT INTO connections (id, organization_id, provider, scope, user_id, external_account_id, external_user_id, status, credentials_ciphertext, credentials_iv, key_version, created_at, updated_at) VALUES (?, ?, 'zoom', ?, NULL, ?, ?, 'active', 'c2VjcmV0', 'aXY=', 1, 1, 1)",
  )
    .bind(
      `conn_${crypto.randomUUID()}`,
      organizationId,
      extra.scope ?? "account",
      zoomAccountId,
      extra.externalUserId ?? null,
    )
    .run();
}
const eventRows = (dedupeKey: string) =>
  env.DB.prepare("SELECT organization_id, status, reason, r2_key FROM webhook_events WHERE dedupe_key = ?")
    .bind(dedupeKey)
    .all<{ organization_id: string | null; status: string; reason: string | null; r2_key: string }>();

describe("POST /webhooks/zoom: signature", () => {
  it("answers endpoint.url_validation with the HMAC of the plain token", async () => {
    const res = await signedPost({
      event: "endpoint.url_validation",
      event_ts: 1,
      payload: { plainToken: "qgg8vlvZRS6UYooatFL8Aw" },
    });
    expect(res.status).toBe(200);
    const key = await crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(TEST_ZOOM_SECRET),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode("qgg8vlvZRS6UYooatFL8Aw"));
    const hex = [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
    expect(res.json).toEqual({ plainToken: "qgg8vlvZRS6UYooatFL8Aw", encryptedToken: hex });
  });

  it("accepts a timestamp 299 s old or ahead and rejects 301 s either way", async () => {
    for (const offset of [-299, 299])
      expect((await signedPost(transcriptCompletedEvent("acc-skew", `u${offset}`), offset)).status).toBe(200);
    for (const offset of [-301, 301]) {
      const res = await signedPost(transcriptCompletedEvent("acc-skew", `v${offset}`), offset);
      expect(res.status).toBe(401);
      expect(res.json.error.message).toContain("timestamp");
    }
  });

  it("rejects a one-byte change, a missing signature, a missing timestamp and a wrong secret", async () => {
    const body = JSON.stringify(transcriptCompletedEvent("acc-tamper"));
    const headers = await zoomHeaders(TEST_ZOOM_SECRET, body);
    const tampered = body.replace("Acme weekly sync", "Acme weekly synd");
    expect((await post(tampered, headers)).json.error.message).toContain("does not match");
    const { "x-zm-signature": _s, ...noSignature } = headers;
    expect((await post(body, noSignature)).json.error.message).toContain("missing x-zm-signature");
    const { "x-zm-request-timestamp": _t, ...noTimestamp } = headers;
    expect((await post(body, noTimestamp)).status).toBe(401);
    expect((await post(body, await zoomHeaders("another-secret", body))).status).toBe(401);
    expect(
      (await eventRows("recording.transcript_completed:1700000000000:4444")).results.filter((r) => r.status),
    ).toBeDefined();
  });

  it("archives a signed but malformed body and names what is wrong", async () => {
    const notJson = await post("{ nope", await zoomHeaders(TEST_ZOOM_SECRET, "{ nope"));
    expect(notJson.status).toBe(400);
    expect(notJson.json.error.message).toContain("not JSON");
    const noEvent = await signedPost({ event_ts: 5, payload: {} });
    expect(noEvent.status).toBe(400);
    expect(noEvent.json.error.message).toContain("event:");
    const listed = await env.BLOBS.list({ prefix: "unmatched/webhooks/zoom/malformed/" });
    expect(listed.objects.length).toBeGreaterThanOrEqual(2);
  });
});

describe("POST /webhooks/zoom: archive, dedupe, enqueue", () => {
  it("archives and ignores events of Zoom accounts nobody connected", async () => {
    const res = await signedPost(transcriptCompletedEvent("acc-nobody", "uuid-nobody"));
    expect(res.json).toEqual({ received: true, status: "ignored" });
    const [row] = (await eventRows("recording.transcript_completed:1700000000000:uuid-nobody")).results;
    expect(row).toMatchObject({ organization_id: null, status: "ignored" });
    expect(row?.reason).toContain("acc-nobody");
    expect(await (await env.BLOBS.get(row?.r2_key ?? ""))?.text()).toContain("uuid-nobody");
    // Unmatched events dedupe among themselves too.
    expect((await signedPost(transcriptCompletedEvent("acc-nobody", "uuid-nobody"))).json.status).toBe("duplicate");
    expect((await eventRows("recording.transcript_completed:1700000000000:uuid-nobody")).results).toHaveLength(1);
  });

  it("queues a connected account's event once however often Zoom delivers it", async () => {
    const { org } = await createTestOrg();
    await connectZoomAccount(org.id, "acc-connected");
    const event = transcriptCompletedEvent("acc-connected", "uuid-4x");
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push((await signedPost(event)).json.status);
    expect(answers).toEqual(["queued", "duplicate", "duplicate", "duplicate"]);
    const rows = (await eventRows("recording.transcript_completed:1700000000000:uuid-4x")).results;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ organization_id: org.id, status: "queued" });
    expect(rows[0]?.r2_key.startsWith(`orgs/${org.id}/webhooks/zoom/`)).toBe(true);
    const archived = await env.BLOBS.get(rows[0]?.r2_key ?? "");
    expect(archived?.customMetadata?.event).toBe("recording.transcript_completed");
  });

  it("deduplicates per organization: the account's next owner gets an event its previous owner had", async () => {
    const first = await createTestOrg();
    const next = await createTestOrg();
    await connectZoomAccount(first.org.id, "acc-moves");
    const event = transcriptCompletedEvent("acc-moves", "uuid-moves");
    expect((await signedPost(event)).json.status).toBe("queued");
    // The first organization disconnects; the next one connects the same Zoom account.
    await env.DB.prepare("UPDATE connections SET status = 'disconnected' WHERE organization_id = ?")
      .bind(first.org.id)
      .run();
    await connectZoomAccount(next.org.id, "acc-moves");
    // Zoom sends the same event again (a retry, or the same key from reconciliation): it is the next
    // organization's to process, once.
    expect((await signedPost(event)).json.status).toBe("queued");
    expect((await signedPost(event)).json.status).toBe("duplicate");
    const rows = (await eventRows("recording.transcript_completed:1700000000000:uuid-moves")).results;
    expect(rows.map((r) => [r.organization_id, r.status]).sort()).toEqual(
      [
        [first.org.id, "queued"],
        [next.org.id, "queued"],
      ].sort(),
    );
  });

  it("archives but does not process events Sightline does not handle", async () => {
    const { org } = await createTestOrg();
    await connectZoomAccount(org.id, "acc-other-events");
    const res = await signedPost({
      event: "meeting.started",
      event_ts: 77,
      payload: { account_id: "acc-other-events", object: { uuid: "m1" } },
    });
    expect(res.json.status).toBe("ignored");
    expect((await eventRows("meeting.started:77:m1")).results[0]?.reason).toContain("not handled");
  });

  it("purges a deauthorized user's tokens while handling the request, keeping the connection row", async () => {
    const { org } = await createTestOrg();
    await connectZoomAccount(org.id, "acc-deauth", { scope: "user", externalUserId: "zoom-user-1" });
    await connectZoomAccount(org.id, "acc-deauth", { scope: "user", externalUserId: "zoom-user-2" });
    const res = await signedPost({
      event: "app_deauthorized",
      event_ts: 1_700_000_000_123,
      payload: {
        account_id: "acc-deauth",
        user_id: "zoom-user-1",
        signature: "x",
        deauthorization_time: "2026-11-20T15:00:00Z",
        client_id: "c",
      },
    });
    expect(res.json.status).toBe("queued");
    const rows = await env.DB.prepare(
      "SELECT external_user_id, status, credentials_ciphertext FROM connections WHERE external_account_id = 'acc-deauth' ORDER BY external_user_id",
    ).all();
    expect(rows.results).toEqual([
      { external_user_id: "zoom-user-1", status: "disconnected", credentials_ciphertext: null },
      { external_user_id: "zoom-user-2", status: "active", credentials_ciphertext: "c2VjcmV0" },
    ]);
  });

  it("app_deauthorized purges the tokens of a connection in error too (it matched no active connection)", async () => {
    const { org } = await createTestOrg();
    await connectZoomAccount(org.id, "acc-deauth-err");
    await env.DB.prepare("UPDATE connections SET status = 'error' WHERE external_account_id = 'acc-deauth-err'").run();
    const res = await signedPost({
      event: "app_deauthorized",
      event_ts: 1_700_000_000_456,
      payload: {
        account_id: "acc-deauth-err",
        signature: "x",
        deauthorization_time: "2026-11-20T15:00:00Z",
        client_id: "c",
      },
    });
    expect(res.json.status).toBe("ignored");
    const row = await env.DB.prepare(
      "SELECT status, credentials_ciphertext, credentials_iv, key_version FROM connections WHERE external_account_id = 'acc-deauth-err'",
    ).first();
    expect(row).toEqual({
      status: "disconnected",
      credentials_ciphertext: null,
      credentials_iv: null,
      key_version: null,
    });
  });
});

/** The D1 statements one request prepares (drizzle prepares each statement it runs once). */
function countingEnv() {
  const statements: string[] = [];
  const db = env.DB;
  const DB = new Proxy(db, {
    get(target, prop) {
      if (prop === "prepare")
        return (query: string) => {
          statements.push(query);
          return target.prepare(query);
        };
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { env: { ...env, DB }, statements };
}

describe("POST /webhooks/zoom: the acknowledgement's D1 work", () => {
  // Every D1 round trip is wall time before Zoom gets its answer (and, locally, CPU in workerd):
  // the decision is one read and the index one write, whatever the event.
  it("acknowledges a connected account's recording in one D1 read and one write", async () => {
    const { org } = await createTestOrg();
    await connectZoomAccount(org.id, "acc-counted");
    const counted = countingEnv();
    const body = JSON.stringify(transcriptCompletedEvent("acc-counted", "uuid-counted"));
    const res = await worker.fetch(
      new Request("http://sightline.test/webhooks/zoom", {
        method: "POST",
        headers: await zoomHeaders(TEST_ZOOM_SECRET, body),
        body,
      }),
      counted.env,
      createExecutionContext(),
    );
    expect(await res.json()).toEqual({ received: true, status: "queued" });
    expect(counted.statements).toHaveLength(2);
    const [row] = (await eventRows("recording.transcript_completed:1700000000000:uuid-counted")).results;
    expect(row).toMatchObject({ organization_id: org.id, status: "queued" });
  });
});

describe("POST /webhooks/zoom: a failed enqueue", () => {
  it("answers an error, leaves the event received, and Zoom's retry enqueues it", async () => {
    const { org } = await createTestOrg();
    await connectZoomAccount(org.id, "acc-queue-down");
    const failingQueue = {
      send: () => Promise.reject(new Error("queue unavailable")),
      sendBatch: () => Promise.reject(new Error("queue unavailable")),
    };
    const body = JSON.stringify(transcriptCompletedEvent("acc-queue-down", "uuid-queue-down"));
    const deliver = async (to: typeof env) =>
      worker.fetch(
        new Request("http://sightline.test/webhooks/zoom", {
          method: "POST",
          headers: await zoomHeaders(TEST_ZOOM_SECRET, body),
          body,
        }),
        to,
        createExecutionContext(),
      );
    const failed = await deliver({ ...env, INGEST_QUEUE: failingQueue as unknown as typeof env.INGEST_QUEUE });
    expect(failed.status).toBe(500);
    const key = "recording.transcript_completed:1700000000000:uuid-queue-down";
    expect((await eventRows(key)).results).toMatchObject([{ organization_id: org.id, status: "received" }]);
    const retried = await deliver(env);
    expect(await retried.json()).toEqual({ received: true, status: "queued" });
    const rows = (await eventRows(key)).results;
    expect(rows).toMatchObject([{ organization_id: org.id, status: "queued" }]);
    // The body is archived once: the retry's own copy was dropped.
    const archived = await env.BLOBS.list({ prefix: `orgs/${org.id}/webhooks/zoom/` });
    expect(archived.objects.map((o) => o.key)).toEqual([rows[0]?.r2_key]);
  });
});
