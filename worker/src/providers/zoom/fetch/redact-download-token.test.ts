import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createTestOrg } from "../../../../test/api-client.ts";
import { createServices } from "../../../platform/services.ts";
import { PermanentJobError, RetryLaterError } from "../../../queue/jobs.ts";
import { zoomProvider } from "../zoom-provider.ts";
import { thenRedactDownloadToken } from "./redact-download-token.ts";

/**
 * Archived Zoom bodies lose their download_token (a 24-hour bearer) once no job can need it: inside
 * workerd with the real R2 and D1. Zoom is not reachable here (port 9), which is fine: the cases end
 * before a download, the way a disconnected organization or a missing OpenAI key ends them.
 */
const services = () => createServices(env, { test: "redact-download-token" });
let n = 0;

async function archive(organizationId: string, event: string, files: unknown[]) {
  n++;
  const id = `evt_redact_${n}_${crypto.randomUUID().slice(0, 8)}`;
  const uuid = `redact-${n}-${crypto.randomUUID()}==`;
  const r2Key = `orgs/${organizationId}/webhooks/zoom/test/${id}.json`;
  await env.BLOBS.put(
    r2Key,
    JSON.stringify({
      event,
      event_ts: Date.now(),
      download_token: "zoom-download-bearer-secret",
      payload: {
        account_id: "acc-redact",
        object: { uuid, host_email: "host@ourco.com", topic: "Call", duration: 30, recording_files: files },
      },
    }),
    { customMetadata: { receivedAt: "kept" } },
  );
  await env.DB.prepare(
    "INSERT INTO webhook_events (id, organization_id, provider, event_type, dedupe_key, r2_key, status, received_at) VALUES (?, ?, 'zoom', ?, ?, ?, 'received', 1)",
  )
    .bind(id, organizationId, event, `${event}:${n}:${uuid}`, r2Key)
    .run();
  return { id, uuid, r2Key };
}

const archived = async (r2Key: string) => {
  const object = await env.BLOBS.get(r2Key);
  return { body: (await object?.json()) as Record<string, unknown>, metadata: object?.customMetadata };
};

const vtt = { id: "f-vtt", file_type: "TRANSCRIPT", download_url: "http://127.0.0.1:9/rec/download/f-vtt" };
const audio = { id: "f-m4a", file_type: "M4A", download_url: "http://127.0.0.1:9/rec/download/f-m4a" };

describe("the download_token of an archived Zoom event", () => {
  it("is removed when the fetch stage fails for good (no active connection), and nothing else changes", async () => {
    const { org } = await createTestOrg();
    const event = await archive(org.id, "recording.transcript_completed", [vtt]);
    const before = await archived(event.r2Key);
    const err = await zoomProvider
      .runJob(services(), { kind: "zoom_event", organizationId: org.id, webhookEventId: event.id, r2Key: event.r2Key })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentJobError);
    const after = await archived(event.r2Key);
    expect(after.body.download_token).toBeUndefined();
    const { download_token: _dropped, ...rest } = before.body;
    expect(after.body).toEqual(rest);
    expect(after.metadata).toMatchObject({ receivedAt: "kept", downloadTokenRedacted: expect.any(String) });
  });

  it("is removed when the transcript fallback ends (no OpenAI key: no transcript)", async () => {
    const { org } = await createTestOrg();
    const event = await archive(org.id, "recording.completed", [audio]);
    await env.DB.prepare(
      "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, routing, status, created_at, updated_at) VALUES (?, ?, 'zoom_meeting', ?, 'Call', 1, 'unassigned', 'pending', 1, 1)",
    )
      .bind(`conv_${event.id}`, org.id, event.uuid)
      .run();
    await zoomProvider.runJob(services(), {
      kind: "zoom_transcript_fallback",
      organizationId: org.id,
      webhookEventId: event.id,
      r2Key: event.r2Key,
    });
    expect((await archived(event.r2Key)).body.download_token).toBeUndefined();
  });

  it("is kept while a retry or a follow-up job may still download with it", async () => {
    const { org } = await createTestOrg();
    const retried = await archive(org.id, "recording.transcript_completed", [vtt]);
    const later = new RetryLaterError("Zoom answered 503", 30);
    await expect(thenRedactDownloadToken(services(), retried.r2Key, () => Promise.reject(later))).rejects.toBe(later);
    expect((await archived(retried.r2Key)).body.download_token).toBe("zoom-download-bearer-secret");

    const waiting = await archive(org.id, "recording.completed", [audio]);
    expect(
      await thenRedactDownloadToken(
        services(),
        waiting.r2Key,
        async () => "pending" as const,
        (outcome) => outcome === "pending",
      ),
    ).toBe("pending");
    expect((await archived(waiting.r2Key)).body.download_token).toBe("zoom-download-bearer-secret");

    // The same helper removes it once the run is over.
    await thenRedactDownloadToken(services(), waiting.r2Key, async () => "done");
    expect((await archived(waiting.r2Key)).body.download_token).toBeUndefined();
  });

  it("leaves a body without a token, and a missing body, alone", async () => {
    const { org } = await createTestOrg();
    const key = `orgs/${org.id}/webhooks/zoom/test/plain.json`;
    await env.BLOBS.put(key, '{"event":"meeting.started"}');
    await thenRedactDownloadToken(services(), key, async () => "done");
    expect(await (await env.BLOBS.get(key))?.text()).toBe('{"event":"meeting.started"}');
    await expect(
      thenRedactDownloadToken(services(), `orgs/${org.id}/webhooks/zoom/test/missing.json`, async () => "done"),
    ).resolves.toBe("done");
  });
});
