import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createAccount, createTestOrg } from "../../test/api-client.ts";
import { createServices } from "../platform/services.ts";
import { analyzeConversation } from "./analyze-conversation.ts";

const lines: Array<[string, string]> = [
  ["Rita Rep", "Thanks for making time today. How did the rollout go for your dispatch team?"],
  ["Carl Customer", "Honestly the rollout cut our dispatch time by thirty percent and the team loves it."],
  ["Carl Customer", "The export keeps timing out though, which is really frustrating for our finance people."],
  ["Carl Customer", "Also the price is higher than what we pay today, so I need to justify the renewal."],
  ["Rita Rep", "I'll send the revised quote by Friday and we will fix the export before your month end."],
];

describe("analyzeConversation", () => {
  it("stores the built-in analyzer's insights once, however often it runs, tied to segments and the account", async () => {
    const { adminToken, org } = await createTestOrg();
    const account = await createAccount(adminToken, { name: "Carl's Co" });
    const id = `conv_${crypto.randomUUID()}`;
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, account_id, routing, status, created_at, updated_at) VALUES (?, ?, 'zoom_meeting', ?, 'Review', ?, ?, 'auto', 'stored', 1, 1)",
      ).bind(id, org.id, id, Date.now() - 3_600_000, account.id),
      env.DB.prepare(
        "INSERT INTO participants (id, organization_id, conversation_id, name, side) VALUES (?, ?, ?, 'Rita Rep', 'ours'), (?, ?, ?, 'Carl Customer', 'theirs')",
      ).bind(`${id}_a`, org.id, id, `${id}_b`, org.id, id),
      ...lines.map(([speaker, text], seq) =>
        env.DB.prepare(
          "INSERT INTO transcript_segments (organization_id, conversation_id, seq, speaker, start_ms, end_ms, text) VALUES (?, ?, ?, ?, ?, ?, ?)",
        ).bind(org.id, id, seq, speaker, seq * 8000, seq * 8000 + 7000, text),
      ),
    ]);
    const services = createServices(env, { test: true });
    const first = await analyzeConversation(services, org.id, id);
    const second = await analyzeConversation(services, org.id, id);
    expect(first).toBeGreaterThan(5);
    expect(second).toBe(first);
    const rows = await env.DB.prepare(
      "SELECT i.kind, i.quote, s.text AS segment_text FROM insights i JOIN transcript_segments s ON s.id = i.segment_id WHERE i.conversation_id = ?",
    )
      .bind(id)
      .all<{ kind: string; quote: string; segment_text: string }>();
    expect(rows.results).toHaveLength(first);
    for (const row of rows.results) expect(row.segment_text).toContain(row.quote);
    const overview = await call("GET", `/api/v1/accounts/${account.id}/overview?period=7d`, { token: adminToken });
    expect(overview.json.wins.count).toBeGreaterThan(0);
    expect(overview.json.objections[0]?.category).toBe("price");
    expect(overview.json.account.lastActivityAt).not.toBeNull();
    const status = await env.DB.prepare("SELECT status FROM conversations WHERE id = ?")
      .bind(id)
      .first<{ status: string }>();
    expect(status?.status).toBe("analyzed");
  });

  it("fails permanently for a conversation that does not exist", async () => {
    await expect(analyzeConversation(createServices(env, {}), "org_x", "conv_missing")).rejects.toThrow("not found");
  });
});
