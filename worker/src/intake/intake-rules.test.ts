import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createTestOrg } from "../../test/api-client.ts";
import { TEST_ZOOM_SECRET, transcriptCompletedEvent, zoomHeaders } from "../../test/zoom-signing.ts";
import worker from "../index.ts";

async function deliver(event: ReturnType<typeof transcriptCompletedEvent>) {
  const body = JSON.stringify(event);
  const req = new Request("http://sightline.test/webhooks/zoom", {
    method: "POST",
    headers: await zoomHeaders(TEST_ZOOM_SECRET, body),
    body,
  });
  return ((await (await worker.fetch(req, env, createExecutionContext())).json()) as { status: string }).status;
}

function eventFor(zoomAccount: string, uuid: string, hostEmail: string) {
  const event = transcriptCompletedEvent(zoomAccount, uuid);
  event.payload.object.host_email = hostEmail;
  return event;
}

describe("intake rules on receipt", () => {
  it("discards unregistered hosts when 'registered users only' is on, and hosts whose profile has intake off, counting each", async () => {
    const { org, adminToken } = await createTestOrg();
    const zoomAccount = `zoom-${crypto.randomUUID()}`;
    await env.DB.prepare(
      "INSERT INTO connections (id, organization_id, provider, scope, external_account_id, status, created_at, updated_at) VALUES (?, ?, 'zoom', 'account', ?, 'active', 1, 1)",
    )
      .bind(`conn_${crypto.randomUUID()}`, org.id, zoomAccount)
      .run();
    const quiet = await call("POST", "/api/v1/profiles", {
      token: adminToken,
      body: { name: "Legal", transcriptIntake: false },
    });
    await call("POST", "/api/v1/users", {
      token: adminToken,
      body: { email: "quiet@ourco.example", name: "Quiet", profileId: quiet.json.id },
    });
    await call("POST", "/api/v1/users", { token: adminToken, body: { email: "loud@ourco.example", name: "Loud" } });

    // Off by default: an unknown host is fine.
    expect(await deliver(eventFor(zoomAccount, "u1", "stranger@ourco.example"))).toBe("queued");
    expect(await deliver(eventFor(zoomAccount, "u2", "Quiet@ourco.example"))).toBe("ignored");

    const on = await call("PUT", "/api/v1/org/intake", { token: adminToken, body: { registeredUsersOnly: true } });
    expect(on.json.registeredUsersOnly).toBe(true);
    expect(await deliver(eventFor(zoomAccount, "u3", "stranger@ourco.example"))).toBe("ignored");
    expect(await deliver(eventFor(zoomAccount, "u4", "loud@ourco.example"))).toBe("queued");
    // A redelivery of a discarded event is not counted twice.
    expect(await deliver(eventFor(zoomAccount, "u3", "stranger@ourco.example"))).toBe("duplicate");

    const log = await call("GET", "/api/v1/org/intake", { token: adminToken });
    expect(log.json.discards).toMatchObject({ total: 2, byReason: { unregistered_host: 1, intake_off: 1 } });
    expect(log.json.discards.recent.map((r: { externalId: string }) => r.externalId).sort()).toEqual(["u2", "u3"]);
    const reasons = await env.DB.prepare(
      "SELECT reason FROM webhook_events WHERE organization_id = ? AND status = 'ignored' ORDER BY reason",
    )
      .bind(org.id)
      .all<{ reason: string }>();
    expect(reasons.results.map((r) => r.reason)).toEqual([
      "intake rule: the host is not a Sightline user",
      "intake rule: the host's profile has transcript intake off",
    ]);
  });
});
