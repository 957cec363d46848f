import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createAccount, createTestOrg } from "../../test/api-client.ts";

describe("GET /api/v1/conversations/{id}", () => {
  it("returns metadata, participants, insights and the transcript page by page", async () => {
    const { adminToken, memberToken, org } = await createTestOrg();
    const account = await createAccount(adminToken, { name: "Paged" });
    const id = `conv_${crypto.randomUUID()}`;
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, duration_seconds, account_id, routing, status, created_at, updated_at) VALUES (?, ?, 'gong_call', ?, 'Pricing <call> & review', 1700000000000, 300, ?, 'auto', 'analyzed', 1, 1)",
      ).bind(id, org.id, id, account.id),
      env.DB.prepare(
        "INSERT INTO participants (id, organization_id, conversation_id, name, email, side) VALUES (?, ?, ?, 'Pat', 'pat@x.example', 'theirs')",
      ).bind(`${id}_p`, org.id, id),
      ...Array.from({ length: 5 }, (_, seq) =>
        env.DB.prepare(
          "INSERT INTO transcript_segments (organization_id, conversation_id, seq, speaker, start_ms, end_ms, text) VALUES (?, ?, ?, 'Pat', ?, ?, ?)",
        ).bind(org.id, id, seq, seq * 1000, seq * 1000 + 900, `Line ${seq}.`),
      ),
      env.DB.prepare(
        "INSERT INTO insights (id, organization_id, conversation_id, account_id, kind, text, quote, start_ms, analyzer, occurred_at, created_at) VALUES (?, ?, ?, ?, 'issue', 'Line 3 is a problem', 'Line 3.', 3000, 'builtin@1', 1, 1)",
      ).bind(`${id}_i`, org.id, id, account.id),
    ]);

    const first = await call("GET", `/api/v1/conversations/${id}?limit=2`, { token: memberToken });
    expect(first.status).toBe(200);
    expect(first.json.conversation).toMatchObject({
      title: "Pricing <call> & review",
      kind: "call",
      durationSeconds: 300,
      accountId: account.id,
    });
    expect(first.json.participants).toEqual([{ name: "Pat", email: "pat@x.example", side: "theirs" }]);
    expect(first.json.insights).toEqual([expect.objectContaining({ kind: "issue", quote: "Line 3.", startMs: 3000 })]);
    expect(first.json.segments.items.map((s: { text: string }) => s.text)).toEqual(["Line 0.", "Line 1."]);

    const texts: string[] = [];
    let cursor: number | null = 0;
    while (cursor !== null) {
      const page: { json: { segments: { items: { text: string }[]; nextCursor: number | null } } } = await call(
        "GET",
        `/api/v1/conversations/${id}?limit=2&cursor=${cursor}`,
        { token: memberToken },
      );
      texts.push(...page.json.segments.items.map((s) => s.text));
      cursor = page.json.segments.nextCursor;
    }
    expect(texts).toEqual(["Line 0.", "Line 1.", "Line 2.", "Line 3.", "Line 4."]);
  });

  it("carries a Contact Center engagement's dispositions and notes, and no such field for other sources", async () => {
    const { adminToken, org } = await createTestOrg();
    const other = await createTestOrg();
    const id = `conv_${crypto.randomUUID()}`;
    const engagementId = `eng_${crypto.randomUUID()}`;
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, routing, status, created_at, updated_at) VALUES (?, ?, 'zcc_voice', ?, 'Support call', 1700000000000, 'unassigned', 'stored', 1, 1)",
      ).bind(id, org.id, engagementId),
      env.DB.prepare(
        "INSERT INTO zcc_dispositions (organization_id, engagement_id, disposition_id, agent_key, disposition_name, updated_at) VALUES (?, ?, 'd1', '', 'Resolved', 1)",
      ).bind(org.id, engagementId),
      env.DB.prepare(
        "INSERT INTO zcc_notes (organization_id, engagement_id, note_id, note, modified_at, updated_at) VALUES (?, ?, 'n1', 'Customer <b>asked</b> for a refund', 1, 1)",
      ).bind(org.id, engagementId),
      // Another organization's note on the same engagement id is not this conversation's.
      env.DB.prepare(
        "INSERT INTO zcc_notes (organization_id, engagement_id, note_id, note, modified_at, updated_at) VALUES (?, ?, 'n2', 'Not yours', 1, 1)",
      ).bind(other.org.id, engagementId),
    ]);
    const zcc = await call("GET", `/api/v1/conversations/${id}`, { token: adminToken });
    expect(zcc.status).toBe(200);
    expect(zcc.json.contactCenter).toEqual({
      dispositions: ["Resolved"],
      notes: ["Customer <b>asked</b> for a refund"],
    });

    const meeting = `conv_${crypto.randomUUID()}`;
    await env.DB.prepare(
      "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, routing, status, created_at, updated_at) VALUES (?, ?, 'zoom_meeting', ?, 'Demo', 1700000000000, 'unassigned', 'stored', 1, 1)",
    )
      .bind(meeting, org.id, meeting)
      .run();
    const plain = await call("GET", `/api/v1/conversations/${meeting}`, { token: adminToken });
    expect(plain.status).toBe(200);
    expect(plain.json).not.toHaveProperty("contactCenter");
  });
});
