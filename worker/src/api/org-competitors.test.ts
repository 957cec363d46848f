import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createTestOrg } from "../../test/api-client.ts";
import { analyzeConversation } from "../analysis/analyze-conversation.ts";
import { createServices } from "../platform/services.ts";

const path = "/api/v1/org/competitors";

/** A stored two-line call in which the customer names a vendor the analyzer does not know. */
async function storeCall(organizationId: string) {
  const id = `conv_${crypto.randomUUID()}`;
  const lines: Array<[string, string]> = [
    ["Rita Rep", "Where do things stand on your side?"],
    ["Carl Customer", "To be transparent, we have a demo with CallPilot booked for next Thursday."],
  ];
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, routing, status, created_at, updated_at) VALUES (?, ?, 'zoom_meeting', ?, 'Check-in', ?, 'unassigned', 'stored', 1, 1)",
    ).bind(id, organizationId, id, Date.now() - 3_600_000),
    env.DB.prepare(
      "INSERT INTO participants (id, organization_id, conversation_id, name, side) VALUES (?, ?, ?, 'Rita Rep', 'ours'), (?, ?, ?, 'Carl Customer', 'theirs')",
    ).bind(`${id}_a`, organizationId, id, `${id}_b`, organizationId, id),
    ...lines.map(([speaker, text], seq) =>
      env.DB.prepare(
        "INSERT INTO transcript_segments (organization_id, conversation_id, seq, speaker, start_ms, end_ms, text) VALUES (?, ?, ?, ?, ?, ?, ?)",
      ).bind(organizationId, id, seq, speaker, seq * 8000, seq * 8000 + 7000, text),
    ),
  ]);
  return id;
}

const competitorObjections = async (conversationId: string) =>
  (
    await env.DB.prepare(
      "SELECT text FROM insights WHERE conversation_id = ? AND kind = 'objection' AND json_extract(data, '$.category') = 'competitor'",
    )
      .bind(conversationId)
      .all<{ text: string }>()
  ).results.map((r) => r.text);

describe("organization competitors", () => {
  it("starts empty, stores names once each (first spelling kept) and returns them", async () => {
    const { adminToken } = await createTestOrg();
    expect((await call("GET", path, { token: adminToken })).json).toEqual({ competitors: [] });
    const put = await call("PUT", path, {
      token: adminToken,
      body: { competitors: ["CallPilot", " Observe.AI ", "callpilot", "Wave  Length"] },
    });
    expect(put.status).toBe(200);
    expect(put.json).toEqual({ competitors: ["CallPilot", "Observe.AI", "Wave Length"] });
    expect((await call("GET", path, { token: adminToken })).json.competitors).toEqual([
      "CallPilot",
      "Observe.AI",
      "Wave Length",
    ]);
    expect((await call("PUT", path, { token: adminToken, body: { competitors: [] } })).json.competitors).toEqual([]);
  });

  it("refuses names too short, odd characters and lists too long, naming the field", async () => {
    const { adminToken } = await createTestOrg();
    for (const competitors of [["ab"], ["<script>"], Array.from({ length: 51 }, (_, i) => `Vendor ${i}`)]) {
      const res = await call("PUT", path, { token: adminToken, body: { competitors } });
      expect(res.status).toBe(400);
      expect(res.json.error.message).toContain("competitors");
    }
    expect((await call("PUT", path, { token: adminToken, body: {} })).status).toBe(400);
  });

  it("is for admins only, and one organization never sees or changes another's list", async () => {
    const mine = await createTestOrg();
    const theirs = await createTestOrg();
    await call("PUT", path, { token: theirs.adminToken, body: { competitors: ["SecretRival"] } });
    expect((await call("GET", path, { token: mine.memberToken })).status).toBe(403);
    expect((await call("PUT", path, { token: mine.memberToken, body: { competitors: ["X Corp"] } })).status).toBe(403);
    expect((await call("GET", path)).status).toBe(401);
    expect((await call("GET", path, { token: mine.adminToken })).json.competitors).toEqual([]);
    await call("PUT", path, { token: mine.adminToken, body: { competitors: ["CallPilot"] } });
    expect((await call("GET", path, { token: theirs.adminToken })).json.competitors).toEqual(["SecretRival"]);
  });

  it("makes the analyzer report a listed name beside an evaluation cue as a competitor objection", async () => {
    const { adminToken, org } = await createTestOrg();
    const services = createServices(env, { test: true });
    const id = await storeCall(org.id);
    await analyzeConversation(services, org.id, id);
    expect(await competitorObjections(id)).toEqual([]);
    await call("PUT", path, { token: adminToken, body: { competitors: ["CallPilot"] } });
    await analyzeConversation(services, org.id, id);
    expect(await competitorObjections(id)).toEqual([
      "To be transparent, we have a demo with CallPilot booked for next Thursday.",
    ]);
    // The conversation API returns the closing score with its reasons.
    const detail = await call("GET", `/api/v1/conversations/${id}`, { token: adminToken });
    const closing = detail.json.insights.find((i: { kind: string }) => i.kind === "closing_probability");
    expect(closing.data.reasons).toContain("competitor evaluated");
  });
});
