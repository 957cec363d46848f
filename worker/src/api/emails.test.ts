import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createAccount, createTestOrg } from "../../test/api-client.ts";
import { analyzeConversation } from "../analysis/analyze-conversation.ts";
import { runDeletion } from "../deletions/run-deletion.ts";
import { createServices } from "../platform/services.ts";

const services = () => createServices(env, { test: "emails" });

/** A customer thread: Ana at the account's domain writes, our rep answers, Ana writes back. */
function thread(ourDomain: string, customerDomain: string, threadId = `thr-${crypto.randomUUID()}`) {
  const ana = { email: `ana@${customerDomain}`, name: "Ana Ruiz" };
  const max = { email: `max@${ourDomain}`, name: "Max Miller" };
  const messages = [
    {
      messageId: `${threadId}-m1`,
      sentAt: "2026-11-02T09:00:00.000Z",
      from: ana,
      to: [max],
      body: "Hi Max,\n\nHonestly, the rollout cut our dispatch\ntime by thirty percent.\n\nAna\n-- \nAna Ruiz | Ops lead",
    },
    {
      messageId: `${threadId}-m2`,
      sentAt: "2026-11-02T11:30:00.000Z",
      from: max,
      to: [ana],
      body: "Great to hear, Ana. I will send the renewal draft on Friday.\n\nOn Mon, Nov 2, 2026 at 9:00 AM Ana Ruiz <ana@x.com> wrote:\n> Hi Max,",
    },
    {
      messageId: `${threadId}-m3`,
      sentAt: "2026-11-03T08:15:00.000Z",
      from: ana,
      to: [max],
      cc: [{ email: `cfo@${customerDomain}`, name: null }],
      body: "Thanks. Our finance team reviews quarterly pricing next week.",
    },
  ];
  return { threadId, subject: "Rollout results", participants: [ana, max], messages };
}

async function countRows(sqlText: string, ...binds: unknown[]) {
  const row = await env.DB.prepare(sqlText)
    .bind(...binds)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

async function orgWithAccount() {
  const t = await createTestOrg("Mail");
  const ourDomain = t.org.domains[0] as string;
  const customerDomain = `globex-${crypto.randomUUID().slice(0, 8)}.com`;
  const account = await createAccount(t.adminToken, { name: "Globex", domains: [customerDomain] });
  return { ...t, ourDomain, customerDomain, account };
}

describe("POST /api/v1/emails", () => {
  it("a thread added twice is one conversation with all its messages, routed by addresses", async () => {
    const { memberToken, org, ourDomain, customerDomain, account } = await orgWithAccount();
    const full = thread(ourDomain, customerDomain);
    const firstTwo = { ...full, messages: full.messages.slice(0, 2) };

    const created = await call("POST", "/api/v1/emails", { token: memberToken, body: firstTwo });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ status: "created", messagesAdded: 2, messageCount: 2, accountId: account.id });

    const appended = await call("POST", "/api/v1/emails", { token: memberToken, body: full });
    expect(appended.status).toBe(200);
    expect(appended.json).toMatchObject({
      conversationId: created.json.conversationId,
      status: "updated",
      messagesAdded: 1,
      messageCount: 3,
    });
    const again = await call("POST", "/api/v1/emails", { token: memberToken, body: full });
    expect(again.json).toMatchObject({ status: "unchanged", messagesAdded: 0, messageCount: 3 });

    expect(
      await countRows(
        "SELECT count(*) AS n FROM conversations WHERE organization_id = ? AND source = 'email' AND external_id = ?",
        org.id,
        full.threadId,
      ),
    ).toBe(1);
    const conversationId = created.json.conversationId as string;
    const messages = await env.DB.prepare(
      "SELECT message_id, body, first_seq, last_seq FROM email_messages WHERE organization_id = ? AND conversation_id = ? ORDER BY sent_at",
    )
      .bind(org.id, conversationId)
      .all<{ message_id: string; body: string; first_seq: number; last_seq: number }>();
    expect(messages.results.map((m) => m.message_id)).toEqual(full.messages.map((m) => m.messageId));
    // Signature and quoted reply stripped on the server.
    expect(messages.results[0]?.body).toBe(
      "Hi Max,\n\nHonestly, the rollout cut our dispatch\ntime by thirty percent.\n\nAna",
    );
    expect(messages.results[1]?.body).toBe("Great to hear, Ana. I will send the renewal draft on Friday.");
    const segments = await env.DB.prepare(
      "SELECT seq, speaker, start_ms, text FROM transcript_segments WHERE organization_id = ? AND conversation_id = ? ORDER BY seq",
    )
      .bind(org.id, conversationId)
      .all<{ seq: number; speaker: string; start_ms: number; text: string }>();
    expect(segments.results.map((s) => [s.speaker, s.start_ms, s.text])).toEqual([
      ["Ana Ruiz", 0, "Hi Max,"],
      ["Ana Ruiz", 0, "Honestly, the rollout cut our dispatch time by thirty percent."],
      ["Ana Ruiz", 0, "Ana"],
      ["Max Miller", 9_000_000, "Great to hear, Ana. I will send the renewal draft on Friday."],
      ["Ana Ruiz", 83_700_000, "Thanks. Our finance team reviews quarterly pricing next week."],
    ]);
    const sides = await env.DB.prepare(
      "SELECT email, side FROM participants WHERE organization_id = ? AND conversation_id = ? ORDER BY email",
    )
      .bind(org.id, conversationId)
      .all<{ email: string; side: string }>();
    expect(sides.results).toEqual([
      { email: `ana@${customerDomain}`, side: "theirs" },
      { email: `cfo@${customerDomain}`, side: "theirs" },
      { email: `max@${ourDomain}`, side: "ours" },
    ]);
    // The request bodies are archived in the thread's own R2 folder.
    const key = await env.DB.prepare("SELECT transcript_key AS k FROM conversations WHERE id = ?")
      .bind(conversationId)
      .first<{ k: string }>();
    expect(key?.k).toMatch(new RegExp(`^orgs/${org.id}/transcripts/email/[0-9a-f]{32}/`));
    const folder = (key?.k ?? "").slice(0, (key?.k ?? "").lastIndexOf("/") + 1);
    expect((await env.BLOBS.list({ prefix: folder })).objects).toHaveLength(2);

    const status = await call("GET", `/api/v1/emails/threads?ids=${full.threadId},never-added`, {
      token: memberToken,
    });
    expect(status.status).toBe(200);
    expect(status.json.threads).toEqual([
      {
        threadId: full.threadId,
        conversationId,
        messageCount: 3,
        lastMessageAt: "2026-11-03T08:15:00.000Z",
        updatedAt: expect.any(String),
        accountId: account.id,
      },
    ]);
  });

  it("a message sent without its text (collapsed in Gmail) is filled in by a later add, never duplicated", async () => {
    const { memberToken, org, ourDomain, customerDomain } = await orgWithAccount();
    const full = thread(ourDomain, customerDomain);
    const [first, ...rest] = full.messages;
    if (!first) throw new Error("thread() has messages");
    const headerOnly = { ...full, messages: [{ ...first, to: [], body: "" }, ...rest] };

    const created = await call("POST", "/api/v1/emails", { token: memberToken, body: headerOnly });
    expect(created.json).toMatchObject({ status: "created", messagesAdded: 3, messagesCompleted: 0, messageCount: 3 });
    const bodyOf = (messageId: string) =>
      env.DB.prepare(
        "SELECT body, recipients FROM email_messages WHERE organization_id = ? AND conversation_id = ? AND message_id = ?",
      )
        .bind(org.id, created.json.conversationId, messageId)
        .first<{ body: string; recipients: string }>();
    expect((await bodyOf(first.messageId))?.body).toBe("");

    const filled = await call("POST", "/api/v1/emails", { token: memberToken, body: full });
    expect(filled.status).toBe(200);
    expect(filled.json).toMatchObject({
      conversationId: created.json.conversationId,
      status: "updated",
      messagesAdded: 0,
      messagesCompleted: 1,
      messageCount: 3,
    });
    const row = await bodyOf(first.messageId);
    expect(row?.body).toBe("Hi Max,\n\nHonestly, the rollout cut our dispatch\ntime by thirty percent.\n\nAna");
    expect(JSON.parse(row?.recipients ?? "[]")).toEqual([
      { name: "Max Miller", email: `max@${ourDomain}`, kind: "to" },
    ]);
    expect(
      await countRows(
        "SELECT count(*) AS n FROM email_messages WHERE organization_id = ? AND conversation_id = ?",
        org.id,
        created.json.conversationId,
      ),
    ).toBe(3);
    expect(
      await countRows(
        "SELECT count(*) AS n FROM transcript_segments WHERE organization_id = ? AND conversation_id = ? AND text LIKE '%thirty percent%'",
        org.id,
        created.json.conversationId,
      ),
    ).toBe(1);

    // Text once stored is kept: a later add without it (collapsed again) or with other text changes nothing.
    const collapsedAgain = await call("POST", "/api/v1/emails", { token: memberToken, body: headerOnly });
    expect(collapsedAgain.json).toMatchObject({ status: "unchanged", messagesAdded: 0, messagesCompleted: 0 });
    const rewritten = { ...full, messages: [{ ...first, body: "Something else" }, ...rest] };
    const again = await call("POST", "/api/v1/emails", { token: memberToken, body: rewritten });
    expect(again.json).toMatchObject({ status: "unchanged", messagesCompleted: 0 });
    expect((await bodyOf(first.messageId))?.body).toContain("thirty percent");
  });

  it("adds of one thread at the same time lose no message", async () => {
    const { memberToken, org, ourDomain, customerDomain } = await orgWithAccount();
    const full = thread(ourDomain, customerDomain);
    const [m1, m2, m3] = full.messages;
    const parts = [[m1], [m2], [m3], [m1, m3]].map((messages) => ({ ...full, messages }));
    const answers = await Promise.all(
      parts.map((body) => call("POST", "/api/v1/emails", { token: memberToken, body })),
    );
    for (const a of answers) expect([200, 201]).toContain(a.status);
    expect(answers.filter((a) => a.json.status === "created")).toHaveLength(1);
    const ids = await env.DB.prepare("SELECT message_id FROM email_messages WHERE organization_id = ? ORDER BY sent_at")
      .bind(org.id)
      .all<{ message_id: string }>();
    expect(ids.results.map((r) => r.message_id)).toEqual(full.messages.map((m) => m.messageId));
    expect(await countRows("SELECT count(*) AS n FROM conversations WHERE organization_id = ?", org.id)).toBe(1);
    expect(await countRows("SELECT count(*) AS n FROM transcript_segments WHERE organization_id = ?", org.id)).toBe(5);
  });

  it("keeps a message whose text is only a quote or a signature, and analyzes a thread without text", async () => {
    const { memberToken, org, ourDomain, customerDomain } = await orgWithAccount();
    const base = thread(ourDomain, customerDomain);
    const m0 = base.messages[0] as (typeof base.messages)[number];
    const body = {
      ...base,
      messages: [{ ...m0, body: "-- \nAna Ruiz\n\nOn Mon, Nov 2, 2026 at 9:00 AM Max <max@x.com> wrote:\n> hi" }],
    };
    const added = await call("POST", "/api/v1/emails", { token: memberToken, body });
    expect(added.status).toBe(201);
    expect(added.json.messageCount).toBe(1);
    const conversationId = added.json.conversationId as string;
    expect(await countRows("SELECT count(*) AS n FROM transcript_segments WHERE organization_id = ?", org.id)).toBe(0);
    await analyzeConversation(services(), org.id, conversationId);
    const opened = await call("GET", `/api/v1/emails/${conversationId}/messages/${m0.messageId}?quote=hi`, {
      token: memberToken,
    });
    expect(opened.json).toMatchObject({ message: { body: "" }, located: null, insights: [] });
  });

  it("a win in an e-mail shows in the overview with its e-mail source, and the message route locates the quote", async () => {
    const { memberToken, org, ourDomain, customerDomain, account } = await orgWithAccount();
    const body = thread(ourDomain, customerDomain);
    const added = await call("POST", "/api/v1/emails", { token: memberToken, body });
    const conversationId = added.json.conversationId as string;
    await analyzeConversation(services(), org.id, conversationId);

    const overview = await call("GET", `/api/v1/accounts/${account.id}/overview?period=all`, { token: memberToken });
    expect(overview.status).toBe(200);
    const win = overview.json.wins.items.find(
      (w: { source: { quote: string } }) =>
        w.source.quote === "Honestly, the rollout cut our dispatch time by thirty percent.",
    );
    expect(win?.source).toMatchObject({
      conversationId,
      conversationTitle: "Rollout results",
      kind: "email",
      speaker: "Ana Ruiz",
      messageId: body.messages[0]?.messageId,
    });

    const quote = win.source.quote as string;
    const opened = await call(
      "GET",
      `/api/v1/emails/${conversationId}/messages/${encodeURIComponent(win.source.messageId)}?quote=${encodeURIComponent(quote)}`,
      { token: memberToken },
    );
    expect(opened.status).toBe(200);
    const text = opened.json.message.body as string;
    expect(opened.json.message.from).toEqual({ email: `ana@${customerDomain}`, name: "Ana Ruiz" });
    expect(opened.json.located).not.toBeNull();
    expect(text.slice(opened.json.located.start, opened.json.located.end)).toBe(
      "Honestly, the rollout cut our dispatch\ntime by thirty percent.",
    );
    const winInsight = opened.json.insights.find((i: { kind: string }) => i.kind === "win");
    expect(winInsight.at).toEqual(opened.json.located);

    // The conversation itself lists its messages and says which message each insight quotes.
    const detail = await call("GET", `/api/v1/conversations/${conversationId}`, { token: memberToken });
    expect(
      detail.json.emailMessages.map((m: { messageId: string; firstSeq: number; lastSeq: number }) => [
        m.messageId,
        m.firstSeq,
        m.lastSeq,
      ]),
    ).toEqual([
      [body.messages[0]?.messageId, 0, 2],
      [body.messages[1]?.messageId, 3, 3],
      [body.messages[2]?.messageId, 4, 4],
    ]);
    expect(detail.json.insights.find((i: { kind: string }) => i.kind === "win")?.messageId).toBe(
      body.messages[0]?.messageId,
    );

    // Another organization cannot open it; an unknown message is a 404.
    const other = await createTestOrg("Mail other");
    const foreign = await call("GET", `/api/v1/emails/${conversationId}/messages/${win.source.messageId}`, {
      token: other.memberToken,
    });
    expect(foreign.status).toBe(404);
    const missing = await call("GET", `/api/v1/emails/${conversationId}/messages/nope`, { token: memberToken });
    expect(missing.status).toBe(404);
  });

  it("search finds e-mail text with source=email, points at the message, and never returns another organization's", async () => {
    const a = await orgWithAccount();
    const b = await orgWithAccount();
    const mine = thread(a.ourDomain, a.customerDomain);
    const theirs = thread(b.ourDomain, b.customerDomain);
    const added = await call("POST", "/api/v1/emails", { token: a.memberToken, body: mine });
    await call("POST", "/api/v1/emails", { token: b.memberToken, body: theirs });

    const found = await call("GET", "/api/v1/search?q=quarterly%20pricing&source=email", { token: a.memberToken });
    expect(found.status).toBe(200);
    expect(found.json.hits).toHaveLength(1);
    expect(found.json.hits[0]).toMatchObject({
      conversation: { id: added.json.conversationId, kind: "email", source: "email", accountId: a.account.id },
      segment: { speaker: "Ana Ruiz", messageId: mine.messages[2]?.messageId },
    });
    const { text, highlights } = found.json.hits[0].snippet;
    expect(highlights.map((h: { start: number; end: number }) => text.slice(h.start, h.end))).toEqual([
      "quarterly",
      "pricing",
    ]);
    const meetings = await call("GET", "/api/v1/search?q=quarterly%20pricing&source=meeting", { token: a.memberToken });
    expect(meetings.json.hits).toEqual([]);
    const fromB = await call("GET", "/api/v1/search?q=quarterly%20pricing", { token: b.memberToken });
    expect(fromB.json.hits.map((h: { conversation: { id: string } }) => h.conversation.id)).not.toContain(
      added.json.conversationId,
    );
    expect(fromB.json.hits).toHaveLength(1);
  });

  it("refuses bad input with a 4xx and stores nothing", async () => {
    const { memberToken, org, ourDomain, customerDomain } = await orgWithAccount();
    const good = thread(ourDomain, customerDomain);
    const m0 = good.messages[0] as (typeof good.messages)[number];
    const cases: Array<[string, unknown, number, RegExp]> = [
      ["no messages", { ...good, messages: [] }, 400, /messages/],
      ["no thread id", { ...good, threadId: undefined }, 400, /threadId/],
      ["no sender", { ...good, messages: [{ ...m0, from: undefined }] }, 400, /messages\.0\.from/],
      [
        "invalid address",
        { ...good, messages: [{ ...m0, from: { email: "not-an-address", name: "X" } }] },
        400,
        /from\.email/,
      ],
      ["bad date", { ...good, messages: [{ ...m0, sentAt: "yesterday" }] }, 400, /sentAt/],
      ["huge body", { ...good, messages: [{ ...m0, body: "word ".repeat(12_000) }] }, 400, /body/],
      ["duplicate ids", { ...good, messages: [m0, { ...m0, body: "again" }] }, 400, /appears twice/],
      ["spaces in id", { ...good, threadId: "a b" }, 400, /threadId/],
      [
        "too many messages",
        { ...good, messages: Array.from({ length: 101 }, (_, i) => ({ ...m0, messageId: `m${i}` })) },
        400,
        /messages/,
      ],
      ["over 256 KB", { ...good, messages: [{ ...m0, body: "x".repeat(270_000) }] }, 413, /256 KB/],
    ];
    for (const [name, body, status, message] of cases) {
      const res = await call("POST", "/api/v1/emails", { token: memberToken, body });
      expect(res.status, name).toBe(status);
      expect(res.json.error.message, name).toMatch(message);
    }
    expect(await countRows("SELECT count(*) AS n FROM conversations WHERE organization_id = ?", org.id)).toBe(0);
    expect(await countRows("SELECT count(*) AS n FROM email_messages WHERE organization_id = ?", org.id)).toBe(0);
    expect((await env.BLOBS.list({ prefix: `orgs/${org.id}/transcripts/email/` })).objects).toHaveLength(0);
    const unauthenticated = await call("POST", "/api/v1/emails", { body: good });
    expect(unauthenticated.status).toBe(401);
  });

  it("a thread an admin deleted stays deleted unless an admin restores it", async () => {
    const { adminToken, memberToken, org, ourDomain, customerDomain } = await orgWithAccount();
    const body = thread(ourDomain, customerDomain);
    await env.DB.prepare(
      "INSERT INTO conversation_tombstones (organization_id, source, external_id, deletion_id, deleted_at) VALUES (?, 'email', ?, 'del_test', 1)",
    )
      .bind(org.id, body.threadId)
      .run();
    const refused = await call("POST", "/api/v1/emails", { token: memberToken, body });
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toMatch(/restoreDeleted/);
    const notAdmin = await call("POST", "/api/v1/emails", {
      token: memberToken,
      body: { ...body, restoreDeleted: true },
    });
    expect(notAdmin.status).toBe(403);
    expect(await countRows("SELECT count(*) AS n FROM conversations WHERE organization_id = ?", org.id)).toBe(0);

    const restored = await call("POST", "/api/v1/emails", {
      token: adminToken,
      body: { ...body, restoreDeleted: true },
    });
    expect(restored.status).toBe(201);
    expect(await countRows("SELECT count(*) AS n FROM conversation_tombstones WHERE organization_id = ?", org.id)).toBe(
      0,
    );
  });
});

describe("e-mail threads and coaching", () => {
  it("a thread the rep wrote is not one of their calls", async () => {
    const { memberToken, memberId, org, customerDomain } = await orgWithAccount();
    const me = await call("GET", "/api/v1/me", { token: memberToken });
    const body = thread(String(me.json.user.email).split("@")[1] as string, customerDomain);
    for (const m of body.messages)
      if (m.from.name === "Max Miller") m.from = { email: me.json.user.email, name: "Max Member" };
    const added = await call("POST", "/api/v1/emails", { token: memberToken, body });
    await analyzeConversation(services(), org.id, added.json.conversationId);
    const coaching = await call("GET", `/api/v1/reps/${memberId}/coaching?period=all`, { token: memberToken });
    expect(coaching.status).toBe(200);
    expect(coaching.json.calls).toEqual([]);
  });
});

describe("deleting an e-mail thread", () => {
  it("takes its messages, segments and archived bodies, and adding it again is refused", async () => {
    const { adminToken, memberToken, org, ourDomain, customerDomain, account } = await orgWithAccount();
    const body = thread(ourDomain, customerDomain);
    const added = await call("POST", "/api/v1/emails", { token: memberToken, body });
    const conversationId = added.json.conversationId as string;
    const requested = await call("POST", "/api/v1/deletions", {
      token: adminToken,
      body: { scope: "account", accountId: account.id },
    });
    expect(requested.status).toBe(202);
    let outcome = "more";
    for (let i = 0; i < 10 && outcome === "more"; i++)
      outcome = await runDeletion(services(), { organizationId: org.id, deletionId: requested.json.id });
    expect(outcome).toBe("done");
    for (const table of ["email_messages", "transcript_segments", "participants", "conversations"])
      expect(await countRows(`SELECT count(*) AS n FROM ${table} WHERE organization_id = ?`, org.id), table).toBe(0);
    expect((await env.BLOBS.list({ prefix: `orgs/${org.id}/transcripts/email/` })).objects).toHaveLength(0);
    const search = await call("GET", "/api/v1/search?q=quarterly%20pricing", { token: memberToken });
    expect(search.json.hits).toEqual([]);
    const again = await call("POST", "/api/v1/emails", { token: memberToken, body });
    expect(again.status).toBe(409);
    expect(conversationId).toMatch(/^conv_/);
  });
});

describe("e-mail auto-capture", () => {
  it("is off by default; an admin turns it on; then a thread with an account's domain is captured", async () => {
    const { adminToken, memberToken, account, customerDomain, ourDomain } = await orgWithAccount();
    const ask = (emails: string) => call("GET", `/api/v1/emails/capture?emails=${emails}`, { token: memberToken });
    const before = await ask(`ana@${customerDomain},max@${ourDomain}`);
    expect(before.json).toEqual({ capture: false, reason: "off", accounts: [{ id: account.id, name: "Globex" }] });

    expect(
      (await call("PUT", "/api/v1/org/email-capture", { token: memberToken, body: { autoCapture: true } })).status,
    ).toBe(403);
    const on = await call("PUT", "/api/v1/org/email-capture", { token: adminToken, body: { autoCapture: true } });
    expect(on.json).toEqual({ autoCapture: true });
    expect((await call("GET", "/api/v1/org/email-capture", { token: adminToken })).json).toEqual({ autoCapture: true });

    expect((await ask(`ana@${customerDomain}`)).json).toEqual({
      capture: true,
      reason: "account",
      accounts: [{ id: account.id, name: "Globex" }],
    });
    expect((await ask(`friend@gmail.com,max@${ourDomain}`)).json).toEqual({
      capture: false,
      reason: "no_account",
      accounts: [],
    });
    expect((await ask("not-an-address")).status).toBe(400);
  });
});
